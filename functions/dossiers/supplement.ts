import { supplementDossier as contract } from '../../shared/contracts/dossiers';
import { supplementDossier } from '../../shared/dossiers/supplement';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** POST /dossiers/{id}/supplement: answer a supplement request; the clock resumes. */
export const handler = httpHandler(contract, async ({ params, body, caller, correlationId }) =>
  ok(await supplementDossier({ id: params.id, ownerSub: caller.sub, correlationId, version: body?.version, answers: body?.answers, note: body?.note })),
);
