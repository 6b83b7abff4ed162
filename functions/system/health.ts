import { getHealth } from '../../shared/contracts/system';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { checkHealth } from '../../shared/store/health';

/** GET /health: 200 when the table and the buckets answer, 503 otherwise. */
export const handler = httpHandler(getHealth, async () => {
  const report = await checkHealth();
  return report.status === 'ok' ? ok(report) : { status: 503, body: report, headers: { 'retry-after': '5' } };
});
