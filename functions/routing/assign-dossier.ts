import * as routing from '../../shared/contracts/routing';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { assignDossier } from '../../shared/routing/admin';

/** POST /admin/dossiers/{id}/assign */
export const handler = httpHandler(routing.assign, async ({ caller, params, body, correlationId }) => {
  const dossier = await assignDossier(caller, params.id, body, { correlationId });
  return ok({ id: dossier.id, agencyId: dossier.agencyId, status: dossier.status, version: dossier.version });
});
