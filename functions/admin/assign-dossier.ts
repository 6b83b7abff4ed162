import * as agency from '../../shared/contracts/agency';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { assignDossier } from '../../shared/processing/admin';

/** POST /admin/dossiers/{id}/assign */
export const handler = httpHandler(agency.assign, async ({ caller, params, body, correlationId }) => {
  const dossier = await assignDossier(caller, params.id, body, { correlationId });
  return ok({ id: dossier.id, agencyId: dossier.agencyId, status: dossier.status, version: dossier.version });
});
