import { getSatisfaction as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { quarterlySatisfaction } from '../../shared/stats/satisfaction';

/** GET /admin/stats/satisfaction: the agencies' quarterly satisfaction score and grade. */
export const handler = httpHandler(contract, async ({ query }) => ok(await quarterlySatisfaction(query)));
