import { getAdminStats as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { serviceIndexReport } from '../../shared/stats/report';

/** GET /admin/stats: the service index of an agency or the province over a period. */
export const handler = httpHandler(contract, async ({ query }) => ok(await serviceIndexReport(query)));
