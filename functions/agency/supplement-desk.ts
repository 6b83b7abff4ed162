import * as agency from '../../shared/contracts/agency';
import { supplementDeskDossier } from '../../shared/agency/desk';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** POST /agency/dossiers/{id}/supplement-desk (Idempotency-Key): the desk brings a walk-in applicant's supplement. */
export const handler = httpHandler(agency.supplementDeskDossier, async ({ caller, params, body, correlationId }) =>
  ok(
    await supplementDeskDossier(caller, params.id, {
      ...(body?.version !== undefined ? { version: body.version } : {}),
      ...(body?.answers ? { answers: body.answers } : {}),
      ...(body?.note ? { note: body.note } : {}),
      correlationId,
    }),
  ),
);
