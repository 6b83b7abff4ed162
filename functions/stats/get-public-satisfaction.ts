import { getPublicSatisfaction as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { quarterlySatisfaction } from '../../shared/stats/satisfaction';

/** GET /stats/public/satisfaction: the same for anyone; it holds counts only. */
export const handler = httpHandler(contract, async ({ query }) => ok(await quarterlySatisfaction(query)));
