import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { measureBundles, type BundleResult, type BundlesReport } from './bundles';
import { coldStartShare, coldStartTable, type ColdStartFigure } from './cold-starts';
import { costModel, deployedFacts, measureSchedules, type CostReport } from './cost';
import { projectRoot } from './env';
import { startBenchStack, stopActiveStack } from './harness';
import { measureLoad, type LoadReport } from './load';
import { captureLogs, measureLifecycle, measureOperations, prepareStore, type LifecycleReport, type OperationResult } from './operations';
import { prices } from './prices';
import { kib, mark, ms, table, usd } from './stats';

/**
 * `npm run bench`: bundle sizes and init times, warm handler latency against DynamoDB Local beside
 * the raw calls, load through the local gateway, and a cost model from the measured counts.
 * Prints tables and writes bench/results.json. Knobs (env): BENCH_ITERATIONS (200), BENCH_INIT_RUNS (7),
 * BENCH_LOAD_SECONDS (5), BENCH_CONNECTIONS (16), BENCH_SUBMIT_DRAFTS (150), BENCH_SKIP (comma list of bundles,operations,load),
 * BENCH_FUNCTIONS (comma list of handler files, e.g. functions/dossiers/get.ts: the bundles phase measures
 * only those, in a minute instead of twenty).
 */
const TARGETS = {
  coldStartShare: 0.03,
  coldStartAtDossiers: 2_000,
  bundleBytes: 200 * 1024,
  initOverBareMs: 30,
  initWithS3OverBareMs: 45,
  handlerOverRaw: 1.2,
  submitTransactions: 1,
  submitRoundTrips: 8,
  submitLevels: 4,
  lifecycleUsd: 0.0001,
};

/** The init goal of a bundle: DynamoDB-only functions 30 ms over a bare node, those with the S3 client 45 ms. */
const initGoal = (bundle: BundleResult) => (bundle.withS3 ? TARGETS.initWithS3OverBareMs : TARGETS.initOverBareMs);

const int = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const t0 = Date.now();
const log = (line: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);

async function main() {
  const started = Date.now();
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: `${process.platform}-${process.arch}` },
    targets: TARGETS,
    prices,
  };

  let bundles: BundlesReport | undefined;
  if (!skip.has('bundles')) {
    log('bundles: building every deployed function as CDK does…');
    const only = (process.env.BENCH_FUNCTIONS ?? '')
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean);
    bundles = await measureBundles({ runs: int('BENCH_INIT_RUNS', 7), log, only });
    results.bundles = bundles;
  }

  let operations: OperationResult[] = [];
  let lifecycle: LifecycleReport | undefined;
  let load: LoadReport | undefined;
  let cost: CostReport | undefined;
  let coldStarts: ColdStartFigure[] | undefined;
  const restoreLogs = captureLogs();
  try {
    log('emulators: DynamoDB Local + S3 emulator, tables, demo catalogue…');
    const stack = await startBenchStack();
    await prepareStore();
    if (!skip.has('operations')) {
      log('operations: warm handlers in-process, raw calls replayed after each iteration…');
      operations = await measureOperations(stack, { iterations: int('BENCH_ITERATIONS', 200), warmup: 10, log });
      results.operations = operations;
    }
    log('lifecycle: full dossier lifecycles for the cost model…');
    lifecycle = await measureLifecycle(stack, { runs: 5, citizenViews: 3 });
    results.lifecycle = lifecycle;
    const scheduleRuns = await measureSchedules();
    if (!skip.has('load')) {
      log('load: autocannon through the local gateway…');
      load = await measureLoad(stack, { seconds: int('BENCH_LOAD_SECONDS', 5), connections: int('BENCH_CONNECTIONS', 16), submitDrafts: int('BENCH_SUBMIT_DRAFTS', 150), log });
      results.load = load;
    }
    log('cost: reading what CDK deploys…');
    const deployed = await deployedFacts();
    // Lambda runs Node 22: its figures where measured, else this Node's.
    const lambdaRuntime = bundles?.runtimes.find((r) => r.name === 'node22')?.name ?? bundles?.runtimes[0]?.name;
    const initMs = bundles && lambdaRuntime ? avg(bundles.bundles.map((b) => b.init[lambdaRuntime]?.cpuOverBareMs).filter((v): v is number => v !== undefined)) : 100;
    // The deployed grouping at the modelled volume, instances kept 5 minutes (the pessimistic end).
    const dossiersPerMonth = 20_000;
    coldStarts = lifecycle.runs ? coldStartTable(lifecycle, [TARGETS.coldStartAtDossiers, dossiersPerMonth]) : undefined;
    results.coldStarts = coldStarts;
    cost = costModel(lifecycle, deployed, scheduleRuns, {
      coldStartShare: lifecycle.runs ? coldStartShare(lifecycle, 'per route (as deployed)', 'whole month', dossiersPerMonth, 5).coldShare : 0.05,
      coldInitMs: Math.round(initMs + 150), // module init measured here + runtime start on Lambda (assumed 150 ms)
      platformLogBytesPerInvocation: 400,
      // Lambda's sampling keeps the first request each second and 5 % of the rest: nearly all at a province's traffic.
      tracedShare: deployed.tracing ? 1 : 0,
      publisherInvocationsPerEvent: 1,
      publisherMs: 30,
      publisherMemoryMb: deployed.memoryByDescription['Publishes outbox events to the bus'] ?? 256,
      durationFactor: 1,
      dossiersPerMonth,
      transactionWruFactor: 0.5,
    });
    if (lifecycle.runs === 0) cost = undefined;
    results.cost = cost ?? { na: `lifecycle incomplete: ${lifecycle.missing.join(', ')}` };
  } finally {
    restoreLogs();
    await stopActiveStack();
  }
  results.elapsedSeconds = (Date.now() - started) / 1000;
  writeFileSync(join(projectRoot, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  print({ bundles, operations, lifecycle, load, cost, coldStarts, date: results.date as string, elapsed: results.elapsedSeconds as number });
}

const avg = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

function print(r: { bundles?: BundlesReport; operations: OperationResult[]; lifecycle?: LifecycleReport; load?: LoadReport; cost?: CostReport; coldStarts?: ColdStartFigure[]; date: string; elapsed: number }) {
  const out: string[] = [];
  const goals: Array<{ goal: string; figure: string; ok: boolean }> = [];
  out.push(`motcua bench — ${r.date} — ${cpus().length} cores, Node ${process.version} (Lambda: nodejs22.x arm64)`);
  if (r.bundles) {
    const b = r.bundles;
    const names = b.runtimes.map((x) => x.name);
    out.push('', `BUNDLES  (infra/bundle/options.ts as CDK builds it: ESM, node22, minified, SDK bundled, credential chain and event streams aliased away)`);
    out.push(
      `  init = median over ${b.runs} fresh processes of CPU time (user+sys) minus a bare node's (${b.runtimes.map((x) => `${x.version}: ${x.bareCpuMs.toFixed(0)} ms CPU, ${x.bareWallMs.toFixed(0)} ms wall`).join('; ')}); wall time beside it; goal ${TARGETS.initOverBareMs} ms, ${TARGETS.initWithS3OverBareMs} ms with the S3 client`,
    );
    const rows = [['function', 'size', 'SDK', 'cred. chain', `≤${TARGETS.bundleBytes / 1024} KiB`, 'goal', ...names.flatMap((n) => [`${n} init`, 'wall', '✓'])]];
    for (const x of [...b.bundles].sort((p, q) => (q.bytes ?? 0) - (p.bytes ?? 0))) {
      if (x.error && x.bytes === undefined) {
        rows.push([x.handler, x.error, '', '', '', '', ...names.flatMap(() => ['', '', ''])]);
        continue;
      }
      rows.push([
        x.handler,
        kib(x.bytes!),
        kib(x.sdkBytes!),
        kib(x.credentialChainBytes!),
        mark(x.bytes! <= TARGETS.bundleBytes),
        `${initGoal(x)} ms`,
        ...names.flatMap((n) => {
          const t = x.init[n];
          if (!t || t.error) return [t?.error?.slice(0, 40) ?? 'n/a', '', '✗'];
          return [ms(t.cpuOverBareMs), ms(t.wallOverBareMs), mark(t.cpuOverBareMs! <= initGoal(x))];
        }),
      ]);
    }
    out.push(table(rows, ['l', 'r', 'r', 'r', 'l', 'r', ...names.flatMap(() => ['r', 'r', 'l'] as const)]));
    const ok = b.bundles.filter((x) => x.bytes !== undefined);
    const largest = Math.max(...ok.map((x) => x.bytes!));
    goals.push({
      goal: `every bundle ≤ ${TARGETS.bundleBytes / 1024} KiB`,
      figure: `${ok.filter((x) => x.bytes! <= TARGETS.bundleBytes).length}/${ok.length} within; largest ${kib(largest)}`,
      ok: largest <= TARGETS.bundleBytes,
    });
    for (const n of names) {
      const within = ok.filter((x) => (x.init[n]?.cpuOverBareMs ?? Infinity) <= initGoal(x));
      const worst = (withS3: boolean) => Math.max(...ok.filter((x) => !!x.withS3 === withS3).map((x) => x.init[n]?.cpuOverBareMs ?? Infinity));
      goals.push({
        goal: `init ≤ ${TARGETS.initOverBareMs} ms (DynamoDB only) / ≤ ${TARGETS.initWithS3OverBareMs} ms (with S3) over bare node, ${n}`,
        figure: `${within.length}/${ok.length} within; worst ${ms(worst(false))} / ${ms(worst(true))}`,
        ok: within.length === ok.length,
      });
    }
  }
  if (r.operations.length) {
    out.push('', 'OPERATIONS  (warm, in-process, DynamoDB Local; raw = the same recorded AWS calls replayed with plain SDK clients, interleaved)');
    const rows = [['operation', 'n', 'p50', 'p99', 'raw p50', 'raw p99', `ratio ≤${TARGETS.handlerOverRaw}`, 'DDB RT', 'S3 RT', 'RRU', 'WRU', 'tx', 'events', 'max item']];
    for (const o of r.operations) {
      if (o.na) {
        rows.push([o.name, o.na, '', '', '', '', '', '', '', '', '', '', '', '']);
        continue;
      }
      rows.push([
        o.name,
        String(o.iterations),
        ms(o.p50Ms),
        ms(o.p99Ms),
        ms(o.rawP50Ms),
        ms(o.rawP99Ms),
        o.ratio === undefined ? 'n/a (no AWS call: cache)' : `${o.ratio.toFixed(2)} ${mark(o.ratio <= TARGETS.handlerOverRaw)}`,
        String(o.roundTrips!.dynamodb),
        String(o.roundTrips!.s3),
        o.readUnits!.toFixed(1),
        o.writeUnits!.toFixed(1),
        String(o.transactions),
        String(o.events),
        o.largestItemBytes ? `${(o.largestItemBytes / 1024).toFixed(1)} KiB` : '',
      ]);
    }
    out.push(table(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
    for (const o of r.operations.filter((x) => !x.na)) out.push(`  ${o.name}: ${o.commands!.join(' → ') || '(none)'}`);
    const submit = r.operations.find((o) => o.name === 'submit');
    if (submit && !submit.na) {
      const trips = submit.roundTrips!.dynamodb + submit.roundTrips!.s3;
      const ok = trips <= TARGETS.submitRoundTrips && submit.levels! <= TARGETS.submitLevels;
      out.push(
        `  submit in one transaction: ${submit.transactions} TransactWriteItems ${mark(submit.transactions === TARGETS.submitTransactions)}; ${trips} round trips (DynamoDB ${submit.roundTrips!.dynamodb}, S3 ${submit.roundTrips!.s3}) in ${submit.levels} sequential levels (goal ≤ ${TARGETS.submitRoundTrips} in ≤ ${TARGETS.submitLevels} ${mark(ok)}), p50 ${ms(submit.p50Ms)}`,
      );
      goals.push({ goal: `submit ≤ ${TARGETS.submitRoundTrips} round trips in ≤ ${TARGETS.submitLevels} sequential levels`, figure: `${trips} in ${submit.levels}; p50 ${ms(submit.p50Ms)}`, ok });
    }
  }
  if (r.load) {
    out.push('', `LOAD  (autocannon → local gateway → handlers, ${r.load.connections} connections, 127.0.0.1)`);
    const rows = [['endpoint', 'req/s', 'p50', 'p99', 'requests', 'non-2xx', 'errors']];
    for (const e of r.load.endpoints) {
      if (e.na) rows.push([e.path, e.na, '', '', '', '', '']);
      else rows.push([e.path, e.requestsPerSecond!.toFixed(0), ms(e.p50Ms, 0), ms(e.p99Ms, 0), String(e.requests), String(e.non2xx), String(e.errors)]);
    }
    rows.push([`raw DynamoDB Local PutItem (${r.load.rawInFlight} in flight, plain table)`, r.load.rawDynamoDbWritesPerSecond.toFixed(0), '', '', '', '', '']);
    out.push(table(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r']));
  }
  if (r.lifecycle) {
    const l = r.lifecycle;
    out.push('', `ONE DOSSIER LIFECYCLE  (measured, mean of ${l.runs} runs; ${l.missing.length ? `missing: ${l.missing.join(', ')}` : 'every step present'}; consumers run: ${l.consumersRun.join(', ') || 'none'})`);
    const rows = [['step', 'calls', 'ms', 'DDB RT', 'RRU', 'WRU', 'tx', 'S3 w', 'S3 r', 'events']];
    for (const s of l.steps)
      rows.push([
        s.name,
        s.invocations.toFixed(1),
        s.durationMs.toFixed(1),
        s.dynamoCalls.toFixed(1),
        s.readUnits.toFixed(1),
        s.writeUnits.toFixed(1),
        s.transactions.toFixed(1),
        s.s3Writes.toFixed(1),
        s.s3Reads.toFixed(1),
        (s.eventCount ?? 0).toFixed(1),
      ]);
    out.push(table(rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
    const reported = l.steps.reduce((sum, s) => sum + s.writeUnits, 0);
    const transactional = l.steps.reduce((sum, s) => sum + s.transactionWriteUnits, 0);
    // DynamoDB Local reports transactional writes at twice AWS's documented rate (bench/cost.ts).
    if (l.runs)
      out.push(`  write units per lifecycle: ${(reported - transactional / 2).toFixed(1)} WRU at AWS's rates (DynamoDB Local reports ${reported.toFixed(0)}, of which ${transactional.toFixed(0)} transactional)`);
  }
  if (r.coldStarts) {
    out.push('', "COLD STARTS  (bench/cold-starts.ts: Poisson arrivals per function from the lifecycle's call mix; an instance kept 10 – 5 minutes)");
    const volumes = [...new Set(r.coldStarts.map((c) => c.dossiersPerMonth))];
    const rows = [['grouping', 'traffic', 'functions', ...volumes.map((v) => `${v.toLocaleString('en')}/month`)]];
    for (const grouping of [...new Set(r.coldStarts.map((c) => c.grouping))]) {
      for (const traffic of [...new Set(r.coldStarts.map((c) => c.traffic))]) {
        const of = r.coldStarts.filter((c) => c.grouping === grouping && c.traffic === traffic);
        rows.push([
          grouping,
          traffic,
          String(of[0]!.functions),
          ...volumes.map((v) =>
            of
              .filter((c) => c.dossiersPerMonth === v)
              .map((c) => `${(c.coldShare * 100).toFixed(1)} %`)
              .join(' – '),
          ),
        ]);
      }
    }
    out.push(table(rows, ['l', 'l', 'r', 'r', 'r']));
    const deployed = r.coldStarts.filter((c) => c.grouping === 'per route (as deployed)' && c.traffic === 'office hours' && c.dossiersPerMonth === TARGETS.coldStartAtDossiers);
    const worst = Math.max(...deployed.map((c) => c.coldShare));
    goals.push({
      goal: `cold starts ≤ ${TARGETS.coldStartShare * 100} % at ${TARGETS.coldStartAtDossiers.toLocaleString('en')} dossiers a month, as deployed`,
      figure: `${(worst * 100).toFixed(1)} % (office hours, instances kept 5 min)`,
      ok: worst <= TARGETS.coldStartShare,
    });
  }
  if (!r.cost && r.lifecycle) out.push('', `COST MODEL  n/a (the lifecycle could not run: ${r.lifecycle.missing.join(', ')})`);
  if (r.cost) {
    const c = r.cost;
    const a = c.assumptions;
    out.push('', `COST MODEL  (${prices.region} list prices as of ${prices.asOf}; bench/prices.ts; deployment facts: ${c.deployed.source})`);
    out.push(
      `  assumptions: Lambda memory ${c.deployed.defaultMemoryMb} MB (publisher ${a.publisherMemoryMb} MB, ${a.publisherMs} ms, ${a.publisherInvocationsPerEvent} invocation/event); billed duration = measured warm ms × ${a.durationFactor}; cold starts ${(a.coldStartShare * 100).toFixed(1)} % (COLD STARTS, as deployed, whole month, 5 min) × ${a.coldInitMs} ms INIT; ${a.platformLogBytesPerInvocation} B platform log/invocation + measured app logs; X-Ray traces ${(a.tracedShare * 100).toFixed(0)} % of invocations (tracing ${c.deployed.tracing ? 'on' : 'off'}); transactional WRU × ${a.transactionWruFactor} (DynamoDB Local reports 2× AWS's documented rate); no free tier; data transfer excluded`,
    );
    out.push(table([['per lifecycle', 'quantity', 'USD'], ...c.perLifecycle.map((line) => [line.item, line.quantity, usd(line.usd, 8)])], ['l', 'r', 'r']));
    out.push(`  per dossier lifecycle: ${usd(c.perLifecycleUsd, 6)}  (target ≤ ${usd(TARGETS.lifecycleUsd, 4)} ${mark(c.perLifecycleUsd <= TARGETS.lifecycleUsd)})`);
    out.push(`  per 1,000 dossiers:    ${usd(c.per1000Usd, 4)}`);
    out.push(table([['idle, per month', 'quantity', 'USD'], ...c.idle.map((line) => [line.item, line.quantity, usd(line.usd, 4)])], ['l', 'r', 'r']));
    out.push(`  idle per month:        ${usd(c.idlePerMonthUsd, 2)}`);
    goals.push({ goal: 'per dossier lifecycle ≤ $0.0001', figure: usd(c.perLifecycleUsd, 6), ok: c.perLifecycleUsd <= TARGETS.lifecycleUsd });
    const beyondStorage = c.idle.filter((line) => !line.item.startsWith('schedule ')).reduce((sum, line) => sum + line.usd, 0);
    goals.push({ goal: 'idle $0 beyond storage (alarms, dashboards, secrets, keys)', figure: `${usd(beyondStorage, 2)}; polling schedules ${usd(c.idlePerMonthUsd - beyondStorage, 2)}`, ok: beyondStorage === 0 });
    out.push(`  a province, ${a.dossiersPerMonth.toLocaleString('en')} dossiers/month: ${usd(c.monthUsd, 2)} (= ${usd(c.perLifecycleUsd * a.dossiersPerMonth, 2)} traffic + ${usd(c.idlePerMonthUsd, 2)} idle)`);
  }
  if (goals.length) {
    out.push('', 'GOALS  (issue 19)');
    out.push(table([['goal', 'figure', ''], ...goals.map((g) => [g.goal, g.figure, mark(g.ok)])], ['l', 'l', 'l']));
  }
  out.push('', `bench/results.json written; ${r.elapsed.toFixed(0)} s in all.`);
  console.log(out.join('\n'));
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`\n${signal}: stopping the emulators…`);
    void stopActiveStack().finally(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  async (error) => {
    await stopActiveStack();
    console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
