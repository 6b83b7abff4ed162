import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { consumerRules, schedules } from '../events/rules';
import { routes } from '../infra/routes';
import { repositoryDeclarations } from '../infra/stacks/motcua';
import { dummyLambdaEnv, projectRoot } from './env';
import { median } from './stats';

/** The banner CDK's MotcuaFunction adds (infra/stacks/function.ts): CommonJS deps may call `require`. */
const CREATE_REQUIRE_BANNER = "import { createRequire as __motcuaCreateRequire } from 'node:module'; const require = __motcuaCreateRequire(import.meta.url);";

export interface BundleResult {
  /** Handler file, relative to the project root. */
  handler: string;
  /** Who deploys it: a route key, a consumer rule, a schedule or the publisher. */
  usedBy: string[];
  bytes?: number;
  /** Bytes of the bundle that come from the AWS SDK (@aws-sdk, @smithy, @aws-crypto). */
  sdkBytes?: number;
  /** Median wall time of `node -e "await import(bundle)"`, minus the median bare `node -e 0`. */
  initOverBareMs?: number;
  /** Median time of the import itself, measured inside the child process. */
  importMs?: number;
  error?: string;
}

export interface BundlesReport {
  bareNodeMs: number;
  runs: number;
  bundles: BundleResult[];
}

/** Every function CDK deploys: routes, consumers, schedules, and the outbox publisher. */
function deployedHandlers(): Map<string, string[]> {
  const handlers = new Map<string, string[]>();
  const add = (handler: string, usedBy: string) => handlers.set(handler, [...(handlers.get(handler) ?? []), usedBy]);
  for (const route of routes) add(route.handler, `${route.method} ${route.path}`);
  for (const rule of consumerRules) add(rule.handler, `rule ${rule.id}`);
  for (const schedule of schedules) add(schedule.handler, `schedule ${schedule.id}`);
  add(repositoryDeclarations.publisherHandler, 'outbox publisher');
  return handlers;
}

const SDK = /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//;

/** Builds one handler as NodejsFunction does (ESM, node22, minified, SDK bundled in, source map beside it). */
async function bundle(handler: string, outdir: string, index: number): Promise<{ file: string; bytes: number; sdkBytes: number }> {
  const outfile = join(outdir, `fn${index}`, 'index.mjs');
  const result = await build({
    entryPoints: [resolve(projectRoot, handler)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    mainFields: ['module', 'main'],
    banner: { js: CREATE_REQUIRE_BANNER },
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    external: [],
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: projectRoot,
  });
  const output = Object.entries((result.metafile as Metafile).outputs).find(([path]) => path.endsWith('index.mjs'))![1];
  const sdkBytes = Object.entries(output.inputs).reduce((sum, [path, input]) => sum + (SDK.test(path) ? input.bytesInOutput : 0), 0);
  return { file: outfile, bytes: statSync(outfile).size, sdkBytes };
}

/** Wall-clock milliseconds of one fresh `node` process; `importMs` when the child reports its import time. */
function timeNode(args: string[]): { wallMs: number; importMs?: number; error?: string } {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...dummyLambdaEnv }, encoding: 'utf8', timeout: 15_000 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) return { wallMs, error: (child.stderr || child.error?.message || `exit ${child.status}`).trim().split('\n').slice(0, 3).join(' ') };
  const reported = Number(child.stdout.trim());
  return { wallMs, ...(Number.isFinite(reported) && child.stdout.trim() ? { importMs: reported } : {}) };
}

const importScript = (file: string) =>
  `const t=performance.now();const m=await import(${JSON.stringify(pathToFileURL(file).href)});if(typeof m.handler!=='function')throw new Error('no handler export');process.stdout.write(String(performance.now()-t))`;

/**
 * Bundle size and module init time of every deployed function. Runs are interleaved (a bare node,
 * then each bundle, `runs` times) so that drift in the machine's load hits all of them alike.
 */
export async function measureBundles(options: { runs: number; log: (line: string) => void }): Promise<BundlesReport> {
  const outdir = mkdtempSync(join(tmpdir(), 'motcua-bench-bundles-'));
  try {
    const handlers = [...deployedHandlers()];
    const results: BundleResult[] = handlers.map(([handler, usedBy]) => ({ handler, usedBy }));
    const files = await Promise.all(handlers.map(async ([handler], i) => {
      if (!existsSync(resolve(projectRoot, handler))) {
        results[i]!.error = 'handler file missing';
        return undefined;
      }
      try {
        const built = await bundle(handler, outdir, i);
        results[i]!.bytes = built.bytes;
        results[i]!.sdkBytes = built.sdkBytes;
        return built.file;
      } catch (error) {
        results[i]!.error = `build failed: ${String((error as Error).message).split('\n')[0]}`;
        return undefined;
      }
    }));
    options.log(`  built ${files.filter(Boolean).length} bundles; timing init over ${options.runs} fresh node processes each`);

    const bare: number[] = [];
    const walls: number[][] = handlers.map(() => []);
    const imports: number[][] = handlers.map(() => []);
    for (let run = 0; run < options.runs; run++) {
      bare.push(timeNode(['-e', '0']).wallMs);
      files.forEach((file, i) => {
        if (!file || results[i]!.error) return;
        const timed = timeNode(['--input-type=module', '-e', importScript(file)]);
        if (timed.error) results[i]!.error = `init failed: ${timed.error}`;
        walls[i]!.push(timed.wallMs);
        if (timed.importMs !== undefined) imports[i]!.push(timed.importMs);
      });
    }
    const bareNodeMs = median(bare);
    results.forEach((result, i) => {
      if (result.error || !walls[i]!.length) return;
      result.initOverBareMs = median(walls[i]!) - bareNodeMs;
      result.importMs = median(imports[i]!);
    });
    return { bareNodeMs, runs: options.runs, bundles: results };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
