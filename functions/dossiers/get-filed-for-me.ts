import { getDossierFiledForMe } from '../../shared/contracts/dossiers';
import { getDossierFiledForMe as getFiledForMe } from '../../shared/dossiers/read';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /me/dossiers/{id}: a dossier filed for the caller, as its applicant reads it; 404 for anyone else's. */
export const handler = httpHandler(getDossierFiledForMe, async ({ params, caller }) => ok(await getFiledForMe(caller, params.id)));
