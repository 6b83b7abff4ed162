import * as agency from '../../shared/contracts/agency';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { saveRoutingRule } from '../../shared/processing/admin';

/** PUT /admin/routing-rules/{id} */
export const handler = httpHandler(agency.putRoutingRule, async ({ params, body }) => ok(await saveRoutingRule(params.id, body)));
