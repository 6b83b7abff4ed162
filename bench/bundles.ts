import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { esbuildOptions } from '../infra/bundle/options';
import { deployedHandlers } from '../infra/handlers';
import { dummyLambdaEnv, projectRoot } from './env';
import { median } from './stats';

export interface BundleResult {
  /** Handler file, relative to the project root. */
  handler: string;
  /** Who deploys it: a route key, a consumer rule, a schedule or the publisher. */
  usedBy: string[];
  bytes?: number;
  /** Bytes of the bundle that come from the AWS SDK (@aws-sdk, @smithy, @aws-crypto). */
  sdkBytes?: number;
  /** Bytes of the credential chain the alias replaces (SSO, INI, process, web identity, IMDS, STS): 0 when it works. */
  credentialChainBytes?: number;
  /** The bundle holds the S3 client: its init goal is the S3 one. */
  withS3?: boolean;
  /** Init per Node runtime (`node20`, `node22`). */
  init: Record<string, InitTiming>;
  error?: string;
}

export interface InitTiming {
  /** Median wall time of a fresh `node` importing the bundle, minus the median of one that imports nothing. */
  wallOverBareMs?: number;
  /**
   * Median CPU time (user + system) of that process, minus a bare one's: what the import costs, robust
   * against other processes on a shared machine (wall time is not), and if anything an overestimate
   * (V8's background threads count too). The goals are judged on it.
   */
  cpuOverBareMs?: number;
  error?: string;
}

export interface Runtime {
  name: string;
  version: string;
  execPath: string;
}

export interface BundlesReport {
  runtimes: Array<Runtime & { bareWallMs: number; bareCpuMs: number }>;
  runs: number;
  bundles: BundleResult[];
}

const SDK = /node_modules\/(@aws-sdk|@smithy|@aws-crypto)\//;
const CREDENTIAL_CHAIN = /node_modules\/(@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|http|login)|token-providers|nested-clients)|@smithy\/credential-provider-imds)\//;
const S3_CLIENT = /node_modules\/@aws-sdk\/client-s3\//;

/** Builds one handler as CDK's MotcuaFunction does, from the one declaration (infra/bundle/options.ts). */
async function bundle(handler: string, outdir: string, index: number) {
  const outfile = join(outdir, `fn${index}`, 'index.mjs');
  const result = await build({ ...esbuildOptions(resolve(projectRoot, handler), outfile, projectRoot), metafile: true });
  const output = Object.entries((result.metafile as Metafile).outputs).find(([path]) => path.endsWith('index.mjs'))![1];
  const bytesOf = (pattern: RegExp) => Object.entries(output.inputs).reduce((sum, [path, input]) => sum + (pattern.test(path) ? input.bytesInOutput : 0), 0);
  return { file: outfile, bytes: statSync(outfile).size, sdkBytes: bytesOf(SDK), credentialChainBytes: bytesOf(CREDENTIAL_CHAIN), withS3: bytesOf(S3_CLIENT) > 0 };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]!, i);
      }
    }),
  );
  return results;
}

/** Wall-clock and CPU milliseconds of one fresh `node` process running `script` as ESM. */
function timeNode(execPath: string, script: string): { wallMs: number; cpuMs: number; error?: string } {
  const reportCpu = 'const u=process.cpuUsage();process.stdout.write(String((u.user+u.system)/1000))';
  const started = process.hrtime.bigint();
  const child = spawnSync(execPath, ['--input-type=module', '-e', `${script};${reportCpu}`], { env: { PATH: process.env.PATH ?? '', ...dummyLambdaEnv }, encoding: 'utf8', timeout: 15_000 });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) return { wallMs, cpuMs: Number.NaN, error: (child.stderr || child.error?.message || `exit ${child.status}`).trim().split('\n').slice(0, 3).join(' ') };
  return { wallMs, cpuMs: Number(child.stdout.trim()) };
}

const importScript = (file: string) => `const m=await import(${JSON.stringify(pathToFileURL(file).href)});if(typeof m.handler!=='function')throw new Error('no handler export')`;

/**
 * The Node versions to time: this one (20, what `npm ci` runs on here) and 22, Lambda's runtime,
 * from the registry's `node` package through npx (BENCH_NODE22=off skips it).
 */
export function runtimes(log: (line: string) => void): Runtime[] {
  const found: Runtime[] = [{ name: `node${process.versions.node.split('.')[0]}`, version: process.version, execPath: process.execPath }];
  if (process.env.BENCH_NODE22 === 'off' || process.versions.node.startsWith('22.')) return found;
  try {
    const [execPath, version] = execFileSync('npx', ['-y', '-p', 'node@22', 'node', '-p', 'process.execPath + " " + process.version'], { encoding: 'utf8', timeout: 180_000, stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split(' ');
    found.push({ name: 'node22', version: version!, execPath: execPath! });
  } catch (error) {
    log(`  node22 not available through npx (${String((error as Error).message).split('\n')[0]}): timing ${found[0]!.name} only`);
  }
  return found;
}

/**
 * Bundle size and module init time of every deployed function, on each runtime. Runs are
 * interleaved (a bare node, then each bundle, `runs` times) so that drift in the machine's load hits
 * all of them alike.
 */
export async function measureBundles(options: { runs: number; log: (line: string) => void; only?: readonly string[] }): Promise<BundlesReport> {
  const outdir = mkdtempSync(join(tmpdir(), 'motcua-bench-bundles-'));
  try {
    const deployed = [...deployedHandlers()];
    const unknown = (options.only ?? []).filter((handler) => !deployed.some(([h]) => h === handler));
    if (unknown.length) throw new Error(`BENCH_FUNCTIONS names no deployed function: ${unknown.join(', ')}`);
    const handlers = options.only?.length ? deployed.filter(([handler]) => options.only!.includes(handler)) : deployed;
    const results: BundleResult[] = handlers.map(([handler, usedBy]) => ({ handler, usedBy, init: {} }));
    // A few builds at a time: the machine is shared, and 40 parallel builds take 1.5 GB.
    const files = await mapLimited(handlers, 4, async ([handler], i) => {
      if (!existsSync(resolve(projectRoot, handler))) {
        results[i]!.error = 'handler file missing';
        return undefined;
      }
      try {
        const { file, ...built } = await bundle(handler, outdir, i);
        Object.assign(results[i]!, built);
        return file;
      } catch (error) {
        results[i]!.error = `build failed: ${String((error as Error).message).split('\n')[0]}`;
        return undefined;
      }
    });
    const timed = runtimes(options.log);
    options.log(`  built ${files.filter(Boolean).length} bundles; timing init over ${options.runs} fresh processes each on ${timed.map((r) => r.version).join(', ')}`);

    const report: BundlesReport = { runtimes: [], runs: options.runs, bundles: results };
    for (const runtime of timed) {
      const bare = { wall: [] as number[], cpu: [] as number[] };
      const samples = handlers.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
      for (let run = 0; run < options.runs; run++) {
        const zero = timeNode(runtime.execPath, '0');
        bare.wall.push(zero.wallMs);
        bare.cpu.push(zero.cpuMs);
        files.forEach((file, i) => {
          if (!file || results[i]!.init[runtime.name]?.error) return;
          const one = timeNode(runtime.execPath, importScript(file));
          if (one.error) results[i]!.init[runtime.name] = { error: `init failed: ${one.error}` };
          samples[i]!.wall.push(one.wallMs);
          samples[i]!.cpu.push(one.cpuMs);
        });
      }
      report.runtimes.push({ ...runtime, bareWallMs: median(bare.wall), bareCpuMs: median(bare.cpu) });
      results.forEach((result, i) => {
        if (result.error || result.init[runtime.name]?.error || !samples[i]!.wall.length) return;
        result.init[runtime.name] = { wallOverBareMs: median(samples[i]!.wall) - median(bare.wall), cpuOverBareMs: median(samples[i]!.cpu) - median(bare.cpu) };
      });
    }
    return report;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
