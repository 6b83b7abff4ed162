import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { schedules } from '../events/rules';
import { projectRoot } from './env';
import { lambdaContext, type Handler } from './harness';
import { Recorder, recording } from './instrument';
import type { LifecycleReport } from './operations';
import { prices } from './prices';

/** What the CDK app deploys, read from an in-process synth of the prod stage (bundling skipped). */
export interface DeployedFacts {
  source: string;
  /** Lambda memory by function description (CDK's MotcuaFunction description). */
  memoryByDescription: Record<string, number>;
  defaultMemoryMb: number;
  alarms: number;
  dashboards: number;
  /** Secrets Manager secrets (billed) and SSM SecureString parameters (standard tier: free). */
  secrets: number;
  secureParameters: number;
  kmsKeys: number;
  /** X-Ray active tracing on the functions (context `tracing`, off by default). */
  tracing: boolean;
  /** The EventBridge archive's retention (days), if the bus has one. */
  archiveDays?: number;
  tablesWithPitr: number;
  functions: number;
}

const FALLBACK: DeployedFacts = {
  source: 'assumed (CDK synth unavailable)',
  memoryByDescription: {},
  defaultMemoryMb: 512,
  alarms: 10,
  dashboards: 0,
  secrets: 0,
  secureParameters: 6,
  kmsKeys: 0,
  tracing: false,
  tablesWithPitr: 2,
  functions: 0,
};

export async function deployedFacts(): Promise<DeployedFacts> {
  try {
    const { App } = await import('aws-cdk-lib');
    const { buildMotcua } = await import('../infra/stacks/motcua');
    const app = new App({ context: { stage: 'prod', 'aws:cdk:bundling-stacks': [] }, outdir: undefined });
    buildMotcua(app);
    const assembly = app.synth();
    type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    // Nested stacks (the API areas, event routing) are templates of their own beside the top-level ones.
    const nested = readdirSync(assembly.directory)
      .filter((file) => file.endsWith('.nested.template.json'))
      .map((file) => JSON.parse(readFileSync(join(assembly.directory, file), 'utf8')) as Template);
    const resources = [...assembly.stacks.map((stack) => stack.template as Template), ...nested].flatMap((template) => Object.values(template.Resources ?? {}));
    const of = (type: string) => resources.filter((r) => r.Type === type);
    const functions = of('AWS::Lambda::Function').filter((f) => f.Properties?.Runtime !== undefined && String(f.Properties.Runtime).startsWith('nodejs22'));
    const memoryByDescription: Record<string, number> = {};
    const counts = new Map<number, number>();
    for (const fn of functions) {
      const memory = Number(fn.Properties?.MemorySize ?? 128);
      memoryByDescription[String(fn.Properties?.Description ?? '')] = memory;
      counts.set(memory, (counts.get(memory) ?? 0) + 1);
    }
    const defaultMemoryMb = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 512;
    return {
      source: 'CDK synth of stage prod (in-process, bundling skipped)',
      memoryByDescription,
      defaultMemoryMb,
      alarms: of('AWS::CloudWatch::Alarm').length,
      dashboards: of('AWS::CloudWatch::Dashboard').length,
      secrets: of('AWS::SecretsManager::Secret').length,
      secureParameters: of('Custom::MotcuaSecureParameter').length,
      tracing: functions.some((f) => (f.Properties?.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active'),
      ...archiveDays(of('AWS::Events::Archive')),
      kmsKeys: of('AWS::KMS::Key').length,
      tablesWithPitr: of('AWS::DynamoDB::Table')
        .concat(of('AWS::DynamoDB::GlobalTable'))
        .filter((t) => JSON.stringify(t.Properties ?? {}).includes('PointInTimeRecoveryEnabled":true')).length,
      functions: functions.length,
    };
  } catch (error) {
    return { ...FALLBACK, source: `${FALLBACK.source}: ${String((error as Error).message).split('\n')[0]}` };
  }
}

function archiveDays(archives: { Properties?: Record<string, unknown> }[]): { archiveDays?: number } {
  const days = archives.map((a) => Number(a.Properties?.RetentionDays ?? 0));
  return days.length ? { archiveDays: Math.max(...days) } : {};
}

export interface ScheduleRun {
  id: string;
  everyMinutes: number;
  na?: string;
  durationMs?: number;
  dynamoCalls?: number;
  readUnits?: number;
  writeUnits?: number;
}

/** Each scheduled job once, in-process, on the bench's populated store: what it costs to run at zero traffic. */
export async function measureSchedules(): Promise<ScheduleRun[]> {
  const runs: ScheduleRun[] = [];
  for (const schedule of schedules) {
    const file = resolve(projectRoot, schedule.handler);
    if (!existsSync(file)) {
      runs.push({ id: schedule.id, everyMinutes: schedule.everyMinutes, na: 'n/a (handler missing)' });
      continue;
    }
    try {
      const { handler } = (await import(file)) as { handler: Handler };
      const recorder = new Recorder();
      const event = { version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', account: 'bench', time: new Date().toISOString(), region: 'ap-southeast-1', resources: [], detail: {} };
      const t0 = performance.now();
      await recording(recorder, () => Promise.race([handler(event, lambdaContext(schedule.id)), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 10 s')), 10_000))]));
      runs.push({ id: schedule.id, everyMinutes: schedule.everyMinutes, durationMs: performance.now() - t0, dynamoCalls: recorder.dynamoCalls.length, readUnits: recorder.readUnits, writeUnits: recorder.writeUnits });
    } catch (error) {
      runs.push({ id: schedule.id, everyMinutes: schedule.everyMinutes, na: `n/a (failed: ${String((error as Error).message).slice(0, 120)})` });
    }
  }
  return runs;
}

export interface CostAssumptions {
  /** Share of invocations that are cold starts (billed INIT, since 2025-08-01 for managed runtimes). */
  coldStartShare: number;
  coldInitMs: number;
  /** START/END/REPORT lines Lambda writes per invocation, plus the function's own JSON lines (measured). */
  platformLogBytesPerInvocation: number;
  /** Share of invocations whose X-Ray trace is recorded: the default rule keeps 1 a second + 5 %; a province's traffic is mostly under 1/s. */
  tracedShare: number;
  /** Publisher invocations per event (a stream batch of up to 50 would share one) and its duration. */
  publisherInvocationsPerEvent: number;
  publisherMs: number;
  publisherMemoryMb: number;
  /** Duration billed is this machine's warm in-process time × this factor (a 512 MB Graviton share is slower than a dev core). */
  durationFactor: number;
  dossiersPerMonth: number;
  /**
   * Billed share of the write units DynamoDB Local reports for TransactWriteItems. Checked in this
   * repository: a 2 KB item put in a transaction is reported as 8 WRU (and 8 more per GSI), where AWS
   * documents 2 WRU per KB (4); so 0.5.
   */
  transactionWruFactor: number;
}

export interface CostLine {
  item: string;
  quantity: string;
  usd: number;
}

export interface CostReport {
  assumptions: CostAssumptions;
  deployed: DeployedFacts;
  perLifecycle: CostLine[];
  perLifecycleUsd: number;
  per1000Usd: number;
  idle: CostLine[];
  idlePerMonthUsd: number;
  monthUsd: number;
  schedules: ScheduleRun[];
  counts: {
    invocations: number;
    httpRequests: number;
    dynamoCalls: number;
    readUnits: number;
    writeUnits: number;
    reportedWriteUnits: number;
    transactions: number;
    events: number;
    s3Writes: number;
    s3Reads: number;
    logBytes: number;
  };
}

export function costModel(lifecycle: LifecycleReport, deployed: DeployedFacts, scheduleRuns: ScheduleRun[], assumptions: CostAssumptions): CostReport {
  const memoryOf = (step: LifecycleReport['steps'][number]) => {
    if (step.kind === 'consumer') {
      const id = step.name.replace(/^consumer /, '');
      const description = Object.keys(deployed.memoryByDescription).find((d) => d && id && d.toLowerCase().includes(id.split('-')[0]!));
      if (description) return deployed.memoryByDescription[description]!;
    }
    return deployed.defaultMemoryMb;
  };
  let gbSeconds = 0;
  const counts = { invocations: 0, httpRequests: 0, dynamoCalls: 0, readUnits: 0, writeUnits: 0, reportedWriteUnits: 0, transactions: 0, events: 0, s3Writes: 0, s3Reads: 0, logBytes: 0 };
  for (const step of lifecycle.steps) {
    const billedMs = Math.ceil(step.durationMs * assumptions.durationFactor);
    gbSeconds += step.invocations * (billedMs / 1000) * (memoryOf(step) / 1024);
    gbSeconds += step.invocations * assumptions.coldStartShare * (assumptions.coldInitMs / 1000) * (memoryOf(step) / 1024);
    counts.invocations += step.invocations;
    if (step.kind === 'http') counts.httpRequests += step.invocations;
    counts.dynamoCalls += step.dynamoCalls;
    counts.readUnits += step.readUnits;
    counts.writeUnits += step.writeUnits - step.transactionWriteUnits * (1 - assumptions.transactionWruFactor);
    counts.reportedWriteUnits += step.writeUnits;
    counts.transactions += step.transactions;
    counts.events += step.eventCount ?? 0;
    counts.s3Writes += step.s3Writes;
    counts.s3Reads += step.s3Reads;
    counts.logBytes += step.invocations * (step.logBytes + assumptions.platformLogBytesPerInvocation);
  }
  const publisherInvocations = counts.events * assumptions.publisherInvocationsPerEvent;
  gbSeconds += publisherInvocations * (assumptions.publisherMs / 1000) * (assumptions.publisherMemoryMb / 1024);
  const invocations = counts.invocations + publisherInvocations;
  counts.logBytes += publisherInvocations * assumptions.platformLogBytesPerInvocation;

  const perLifecycle: CostLine[] = [
    { item: 'Lambda compute (arm64 GB-s)', quantity: `${gbSeconds.toFixed(4)} GB-s`, usd: gbSeconds * prices.lambda.perGbSecondArm },
    { item: 'Lambda requests', quantity: `${invocations.toFixed(1)} invocations`, usd: (invocations * prices.lambda.perMillionRequests) / 1e6 },
    { item: 'HTTP API requests', quantity: `${counts.httpRequests.toFixed(1)} requests`, usd: (counts.httpRequests * prices.httpApi.perMillionRequests) / 1e6 },
    { item: 'DynamoDB writes (WRU)', quantity: `${counts.writeUnits.toFixed(1)} WRU (Local: ${counts.reportedWriteUnits.toFixed(0)})`, usd: (counts.writeUnits * prices.dynamoDb.perMillionWriteUnits) / 1e6 },
    { item: 'DynamoDB reads (RRU)', quantity: `${counts.readUnits.toFixed(1)} RRU`, usd: (counts.readUnits * prices.dynamoDb.perMillionReadUnits) / 1e6 },
    { item: 'EventBridge custom events', quantity: `${counts.events.toFixed(1)} events`, usd: (counts.events * prices.eventBridge.perMillionCustomEvents) / 1e6 },
    { item: 'S3 PUT/COPY/LIST', quantity: `${counts.s3Writes.toFixed(1)} requests`, usd: (counts.s3Writes * prices.s3.perThousandWrites) / 1e3 },
    { item: 'S3 GET/HEAD', quantity: `${counts.s3Reads.toFixed(1)} requests`, usd: (counts.s3Reads * prices.s3.perThousandReads) / 1e3 },
    { item: 'CloudWatch Logs ingestion', quantity: `${(counts.logBytes / 1024).toFixed(1)} KiB`, usd: (counts.logBytes / 1024 ** 3) * prices.cloudWatch.logsIngestionPerGb },
    // Tracing is a stage setting, off by default: what turning it on would cost is stated beside the line (100,000 traces a month are free).
    {
      item: 'X-Ray traces recorded',
      quantity: assumptions.tracedShare
        ? `${(invocations * assumptions.tracedShare).toFixed(1)} traces`
        : `0 (tracing off; on: ${invocations.toFixed(0)} traces, $${((invocations * prices.xray.perMillionTracesRecorded) / 1e6).toFixed(6)})`,
      usd: (invocations * assumptions.tracedShare * prices.xray.perMillionTracesRecorded) / 1e6,
    },
  ];
  const perLifecycleUsd = perLifecycle.reduce((sum, line) => sum + line.usd, 0);

  const minutesPerMonth = 30 * 24 * 60;
  const scheduleLines: CostLine[] = scheduleRuns
    .filter((s) => !s.na)
    .map((s) => {
      const runs = minutesPerMonth / s.everyMinutes;
      const gbs = runs * (Math.ceil((s.durationMs ?? 0) * assumptions.durationFactor) / 1000) * (deployed.defaultMemoryMb / 1024);
      const usd =
        gbs * prices.lambda.perGbSecondArm +
        (runs * prices.lambda.perMillionRequests) / 1e6 +
        (runs * (s.readUnits ?? 0) * prices.dynamoDb.perMillionReadUnits) / 1e6 +
        (runs * (s.writeUnits ?? 0) * prices.dynamoDb.perMillionWriteUnits) / 1e6 +
        ((runs * assumptions.platformLogBytesPerInvocation) / 1024 ** 3) * prices.cloudWatch.logsIngestionPerGb +
        (runs * assumptions.tracedShare * prices.xray.perMillionTracesRecorded) / 1e6;
      return { item: `schedule ${s.id} (every ${s.everyMinutes} min)`, quantity: `${runs.toFixed(0)} runs, ${s.dynamoCalls} DynamoDB calls each`, usd };
    });
  const idle: CostLine[] = [
    // CloudWatch never bills the first 10 alarm metrics of an account (its always-free tier), which is why the stage keeps to 10.
    {
      item: 'CloudWatch alarms',
      quantity: `${deployed.alarms} alarms (${prices.cloudWatch.freeAlarmMetrics} alarm metrics a month are always free)`,
      usd: Math.max(0, deployed.alarms - prices.cloudWatch.freeAlarmMetrics) * prices.cloudWatch.alarmPerMonth,
    },
    { item: 'CloudWatch dashboards', quantity: `${deployed.dashboards} dashboards`, usd: deployed.dashboards * prices.cloudWatch.dashboardPerMonth },
    { item: 'Secrets Manager secrets', quantity: `${deployed.secrets} secrets`, usd: deployed.secrets * prices.secretsManager.perSecretMonth },
    { item: 'SSM SecureString parameters (standard)', quantity: `${deployed.secureParameters} parameters`, usd: 0 },
    { item: 'KMS customer managed keys', quantity: `${deployed.kmsKeys} keys`, usd: deployed.kmsKeys * prices.kms.perKeyMonth },
    ...scheduleLines,
    { item: 'DynamoDB storage + PITR', quantity: `${deployed.tablesWithPitr} tables with PITR; per GB held`, usd: 0 },
    { item: 'EventBridge archive', quantity: deployed.archiveDays ? `${deployed.archiveDays} days; per GB held` : 'none', usd: 0 },
    { item: 'Cognito user pool', quantity: 'first 10,000 MAU a month free (Essentials); per MAU beyond', usd: 0 },
  ];
  const idlePerMonthUsd = idle.reduce((sum, line) => sum + line.usd, 0);
  return {
    assumptions,
    deployed,
    perLifecycle,
    perLifecycleUsd,
    per1000Usd: perLifecycleUsd * 1000,
    idle,
    idlePerMonthUsd,
    monthUsd: perLifecycleUsd * assumptions.dossiersPerMonth + idlePerMonthUsd,
    schedules: scheduleRuns,
    counts,
  };
}
