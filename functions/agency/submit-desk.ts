import * as agency from '../../shared/contracts/agency';
import { submitDeskDossier } from '../../shared/agency/desk';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** POST /agency/dossiers/{id}/submit-desk (Idempotency-Key): scans verified, code issued, RECEIVED by this officer. */
export const handler = httpHandler(agency.submitDeskDossier, async ({ caller, params, body, correlationId }) =>
  ok(await submitDeskDossier(caller, params.id, { ...(body?.version !== undefined ? { version: body.version } : {}), correlationId })),
);
