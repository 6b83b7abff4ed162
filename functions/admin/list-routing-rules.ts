import * as agency from '../../shared/contracts/agency';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { listRules } from '../../shared/processing/admin';

/** GET /admin/routing-rules */
export const handler = httpHandler(agency.listRoutingRules, async () => ok(await listRules()));
