import * as routing from '../../shared/contracts/routing';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { listUnroutableDossiers } from '../../shared/routing/admin';

/** GET /admin/dossiers/unroutable */
export const handler = httpHandler(routing.listUnroutable, async ({ query }) => ok(await listUnroutableDossiers(query.limit, query.cursor)));
