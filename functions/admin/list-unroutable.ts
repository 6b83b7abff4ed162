import * as agency from '../../shared/contracts/agency';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { listUnroutableDossiers } from '../../shared/processing/admin';

/** GET /admin/dossiers/unroutable */
export const handler = httpHandler(agency.listUnroutable, async ({ query }) => ok(await listUnroutableDossiers(query.limit, query.cursor)));
