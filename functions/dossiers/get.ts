import { getDossier } from '../../shared/contracts/dossiers';
import { getMyDossier } from '../../shared/dossiers/read';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /dossiers/{id}: status, portal code, history, papers, appointment date and fee; 404 unless it is the caller's. */
export const handler = httpHandler(getDossier, async ({ params, caller }) => ok(await getMyDossier({ id: params.id, ownerSub: caller.sub })));
