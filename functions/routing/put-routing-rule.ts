import * as routing from '../../shared/contracts/routing';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { saveRoutingRule } from '../../shared/routing/admin';

/** PUT /admin/routing-rules/{id} */
export const handler = httpHandler(routing.putRoutingRule, async ({ params, body }) => ok(await saveRoutingRule(params.id, body)));
