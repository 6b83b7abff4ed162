/**
 * `npm run stats:recompute -- <file.ndjson>... --from YYYY-MM-DD --to YYYY-MM-DD [--agency <id> | --unit <id>]
 *  [--in-progress <total>,<within>,<past>,<paused>]`: every figure of GET /admin/stats recomputed from
 * exported logs (GET /admin/stats/log?day=), printed as JSON, so anyone can check a province's
 * figures. What is in progress is read live from the inboxes, not from events: pass the report's to
 * compare the points that use it (default: none in progress).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseLog, recompute } from '../../shared/stats/recompute';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { from: { type: 'string' }, to: { type: 'string' }, agency: { type: 'string' }, unit: { type: 'string' }, 'in-progress': { type: 'string' } },
});
const day = /^\d{4}-\d{2}-\d{2}$/;
if (!positionals.length || !values.from || !values.to || !day.test(values.from) || !day.test(values.to) || (values.agency && values.unit)) {
  console.error('usage: npm run stats:recompute -- <file.ndjson>... --from YYYY-MM-DD --to YYYY-MM-DD [--agency <id> | --unit <id>] [--in-progress total,within,past,paused]');
  process.exit(2);
}
const [total = 0, withinDeadline = 0, pastDeadline = 0, paused = 0] = (values['in-progress'] ?? '').split(',').filter(Boolean).map(Number);
const facts = positionals.flatMap((file) => parseLog(readFileSync(file, 'utf8')));
const figures = recompute(
  facts,
  { from: values.from, to: values.to, ...(values.agency ? { agencyId: values.agency } : {}), ...(values.unit ? { unitId: values.unit } : {}) },
  { total, withinDeadline, pastDeadline, paused },
);
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
