import { getPublicStats as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { serviceIndexReport } from '../../shared/stats/report';

/** GET /stats/public: the same figures for anyone; they hold counts only. */
export const handler = httpHandler(contract, async ({ query }) => ok(await serviceIndexReport(query)));
