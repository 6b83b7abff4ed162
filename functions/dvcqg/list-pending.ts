import * as contracts from '../../shared/contracts/dvcqg';
import { listPending } from '../../shared/dvcqg/sync';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /admin/integrations/dvcqg/pending */
export const handler = httpHandler(contracts.listPending, async ({ query }) => ok(await listPending(query.limit)));
