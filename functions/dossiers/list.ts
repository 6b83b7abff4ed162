import { listDossiers } from '../../shared/contracts/dossiers';
import { listMyDossiers } from '../../shared/dossiers/read';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /dossiers: the caller's dossiers, newest first, paginated. */
export const handler = httpHandler(listDossiers, async ({ query, caller }) => ok(await listMyDossiers({ ownerSub: caller.sub }, query)));
