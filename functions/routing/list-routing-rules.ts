import * as routing from '../../shared/contracts/routing';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { listRules } from '../../shared/routing/admin';

/** GET /admin/routing-rules */
export const handler = httpHandler(routing.listRoutingRules, async () => ok(await listRules()));
