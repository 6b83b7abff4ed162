import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { routes } from '../routes';
import { buildOpenApi } from '../../shared/http/openapi';
import { projectRoot } from './paths';

/**
 * `npm run -s lint:openapi` (part of `npm run lint`): the document GET /openapi.json serves, linted
 * by Spectral (spectral:oas, .spectral.yaml) and Redocly (recommended, redocly.yaml). Any error or
 * warning of either fails: frontends and generators read what these two read.
 */
const dir = mkdtempSync(join(tmpdir(), 'motcua-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(buildOpenApi(routes), null, 2));
const bin = (name: string) => resolve(projectRoot, 'node_modules/.bin', name);
// Both run offline: no telemetry, no update check.
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_UPDATE_NOTIFIER: '1' };

let failed = false;
const spectral = spawnSync(bin('spectral'), ['lint', '--quiet', '--fail-severity=hint', '--ruleset', resolve(projectRoot, '.spectral.yaml'), file], { env, encoding: 'utf8' });
if (spectral.status !== 0) {
  failed = true;
  process.stdout.write(spectral.stdout + spectral.stderr);
}

const redocly = spawnSync(bin('redocly'), ['lint', '--format=json', `--config=${resolve(projectRoot, 'redocly.yaml')}`, file], { env, encoding: 'utf8' });
try {
  const report = JSON.parse(redocly.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[] };
  if (report.totals.errors + report.totals.warnings > 0) {
    failed = true;
    for (const problem of report.problems) console.log(`redocly ${problem.severity} ${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`);
  }
} catch {
  failed = true;
  process.stdout.write(redocly.stdout + redocly.stderr);
}

rmSync(dir, { recursive: true, force: true });
if (failed) {
  console.error('OpenAPI lint failed: fix the contracts (shared/contracts) or the generator (shared/http/openapi.ts).');
  process.exit(1);
}
