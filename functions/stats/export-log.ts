import { statsLog as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { dayLog } from '../../shared/store/stats';

/** GET /admin/stats/log?day=: the day's anonymised counted events, NDJSON. */
export const handler = httpHandler(contract, async ({ query }) => ({
  status: 200,
  headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'content-disposition': `attachment; filename="service-index-${query.day}.ndjson"`, 'cache-control': 'no-store' },
  body: (await dayLog(query.day)).map((fact) => `${JSON.stringify(fact)}\n`).join(''),
}));
