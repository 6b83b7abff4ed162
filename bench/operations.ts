import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { consumerRules } from '../events/rules';
import { createDevCa, samplePdf, signPdf } from '../infra/local/dev-ca';
import { matchesPattern } from '../infra/local/event-pattern';
import { seedCatalogue } from '../infra/local/seed-data';
import { logSink } from '../shared/logger';
import { createLogger } from '../shared/logger';
import { signParams, vnpDate } from '../shared/payments/vnpay';
import { routeSubmittedDossier } from '../shared/routing/router';
import { getDossier } from '../shared/store/dossiers';
import { putResultTrust } from '../shared/store/result-trust';
import { dynamo, s3 } from '../shared/store/clients';
import { BENCH_VNPAY, projectRoot } from './env';
import { benchNationalId, call, citizenClaims, lambdaContext, officerClaims, PAPER, PAPER_SHA256, routeHandler, type Answer, type BenchStack, type Handler, type Target } from './harness';
import { instrument, Recorder, recording, replay } from './instrument';
import { mean, median, percentile } from './stats';

/** The procedure every bench dossier is for: level 4, two required papers, a fee of 7,000 VND (seed data). */
const PROCEDURE = 'DEMO-CT-TAM-TRU';
const UNIT = 'xa-an-binh';
const PAPERS = ['to-khai-ct01', 'cho-o-hop-phap'];

export interface OperationResult {
  name: string;
  route: string;
  /** Why there is no measurement. */
  na?: string;
  iterations?: number;
  p50Ms?: number;
  p99Ms?: number;
  /** The same AWS calls replayed with plain SDK clients, interleaved with the handler's iterations. */
  rawP50Ms?: number;
  rawP99Ms?: number;
  /** p50 handler / p50 raw. */
  ratio?: number;
  roundTrips?: { dynamodb: number; s3: number };
  /** Sequential levels of those round trips (Recorder.levels), median. */
  levels?: number;
  commands?: string[];
  readUnits?: number;
  writeUnits?: number;
  transactions?: number;
  events?: number;
  logBytes?: number;
  largestItemBytes?: number;
}

/** Bytes the handlers' structured logs would send to CloudWatch; the lines themselves are swallowed. */
let logBytes = 0;
export function captureLogs(): () => void {
  const original = logSink.write;
  logSink.write = (line: string) => {
    logBytes += Buffer.byteLength(line) + 1;
    return true;
  };
  return () => {
    logSink.write = original;
  };
}

/** The citizen-side flow the operations need as set-up (not timed). */
class Flow {
  constructor(readonly targets: Partial<Record<string, Target>>) {}

  draftBody(i: number, sub: string) {
    return {
      procedureCode: PROCEDURE,
      unitId: UNIT,
      applicant: { fullName: `Nguyễn Văn Bench ${i}`, nationalId: benchNationalId(sub), phone: '0912345678' },
      answers: { address: `Số ${i} đường Lê Lợi, xã An Bình`, from: '2025-07-01', until: '2026-06-30' },
      delivery: { method: 'online' },
    };
  }

  async createDraft(sub: string, i: number): Promise<string> {
    const answer = await call(this.targets.create!, { claims: citizenClaims(sub), body: this.draftBody(i, sub), headers: { 'idempotency-key': randomUUID() } });
    return answer.json.id as string;
  }

  /** Declares each required paper and uploads it through its presigned URL, as a browser would. */
  async attachPapers(id: string, sub: string): Promise<number> {
    for (const paperId of PAPERS) {
      const answer = await call(this.targets.declare!, {
        params: { id },
        claims: citizenClaims(sub),
        body: { paperId, fileName: `${paperId}.pdf`, contentType: 'application/pdf', size: PAPER.length, sha256: PAPER_SHA256 },
        headers: { 'idempotency-key': randomUUID() },
      });
      const upload = answer.json.upload as { url: string; headers: Record<string, string> };
      const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: PAPER });
      if (!put.ok) throw new Error(`upload failed: ${put.status}`);
    }
    return PAPERS.length;
  }

  async submitted(sub: string, i: number): Promise<{ id: string; agencyId: string }> {
    const id = await this.createDraft(sub, i);
    await this.attachPapers(id, sub);
    const answer = await call(this.targets.submit!, { params: { id }, claims: citizenClaims(sub), body: {}, headers: { 'idempotency-key': randomUUID() } });
    return { id, agencyId: answer.json.agencyId as string };
  }

  /** The router's use case, as the route-dossier consumer runs it on dossier.submitted. */
  async route(id: string): Promise<void> {
    const dossier = await getDossier(id);
    if (dossier?.routed) return;
    await routeSubmittedDossier({ metadata: { eventId: randomUUID(), occurredAt: new Date().toISOString(), version: 1 }, data: { dossierId: id } } as never, createLogger({ action: 'bench.route' }));
  }

  async received(sub: string, i: number): Promise<{ id: string; agencyId: string }> {
    const dossier = await this.submitted(sub, i);
    await this.route(dossier.id);
    await call(this.targets.receive!, { params: { id: dossier.id }, claims: officerClaims(dossier.agencyId), body: {}, headers: { 'idempotency-key': randomUUID() } });
    return dossier;
  }

  async startPayment(id: string, sub: string): Promise<{ id: string; amount: number }> {
    const answer = await call(this.targets.pay!, { params: { id }, claims: citizenClaims(sub), body: { provider: 'vnpay' }, headers: { 'idempotency-key': randomUUID() } });
    return { id: answer.json.paymentId as string, amount: answer.json.amount as number };
  }

  /** The query string VNPay's server sends to the IPN after a successful payment, signed with the merchant secret. */
  ipnQuery(payment: { id: string; amount: number }): Record<string, string> {
    return signParams(
      {
        vnp_Amount: String(payment.amount * 100),
        vnp_BankCode: 'NCB',
        vnp_OrderInfo: 'Thanh toan le phi',
        vnp_PayDate: vnpDate(new Date()),
        vnp_ResponseCode: '00',
        vnp_TmnCode: BENCH_VNPAY.tmnCode,
        vnp_TransactionNo: String(Math.floor(Math.random() * 1e8)),
        vnp_TransactionStatus: '00',
        vnp_TxnRef: payment.id,
      },
      BENCH_VNPAY.hashSecret,
    );
  }
}

export async function loadTargets() {
  const entries = {
    search: ['GET', '/procedures'],
    create: ['POST', '/dossiers'],
    declare: ['POST', '/dossiers/{id}/attachments'],
    submit: ['POST', '/dossiers/{id}/submit'],
    get: ['GET', '/dossiers/{id}'],
    receive: ['POST', '/agency/dossiers/{id}/receive'],
    process: ['POST', '/agency/dossiers/{id}/process'],
    agencyGet: ['GET', '/agency/dossiers/{id}'],
    resolve: ['POST', '/agency/dossiers/{id}/resolve'],
    return: ['POST', '/agency/dossiers/{id}/return'],
    pay: ['POST', '/dossiers/{id}/payments'],
    ipn: ['GET', '/webhooks/vnpay/ipn'],
    vnpayReturn: ['GET', '/payments/vnpay/return'],
    result: ['GET', '/dossiers/{id}/result'],
  } as const;
  const targets: Partial<Record<keyof typeof entries, Target>> = {};
  for (const [name, [method, path]] of Object.entries(entries)) {
    const found = await routeHandler(method, path);
    if (found) targets[name as keyof typeof entries] = found;
  }
  return { targets, entries };
}

/** Seeds the demo catalogue and points the counting middleware at the handlers' SDK clients. */
export async function prepareStore(): Promise<void> {
  await seedCatalogue();
  instrument(dynamo(), 'dynamodb');
  instrument(s3(), 's3');
}

interface Spec {
  name: string;
  route: string;
  needs: string[];
  /** Untimed set-up of iteration i; returns the timed call. */
  prepare(i: number): Promise<() => Promise<Answer>>;
}

/**
 * Each operation: `warmup` untimed iterations, then `iterations` timed ones; after each timed call
 * its recorded AWS calls are replayed raw (interleaved, so both see the same table size and load).
 */
export async function measureOperations(stack: BenchStack, options: { iterations: number; warmup: number; log: (line: string) => void }): Promise<OperationResult[]> {
  const { targets } = await loadTargets();
  const flow = new Flow(targets);
  const has = (...names: string[]) => names.filter((name) => !targets[name as keyof typeof targets]);
  const sub = (i: number) => `bench-citizen-${i % 40}`;
  const total = options.iterations + options.warmup;
  const specs: Spec[] = [
    { name: 'catalogue search', route: 'GET /procedures?q=dang ky', needs: ['search'], prepare: async () => () => call(targets.search!, { query: { q: 'dang ky' } }) },
    {
      name: 'create draft',
      route: 'POST /dossiers',
      needs: ['create'],
      prepare: async (i) => () => call(targets.create!, { claims: citizenClaims(sub(i)), body: flow.draftBody(i, sub(i)), headers: { 'idempotency-key': randomUUID() } }),
    },
    {
      name: 'submit',
      route: 'POST /dossiers/{id}/submit',
      needs: ['create', 'declare', 'submit'],
      prepare: async (i) => {
        const id = await flow.createDraft(sub(i), i);
        await flow.attachPapers(id, sub(i));
        return () => call(targets.submit!, { params: { id }, claims: citizenClaims(sub(i)), body: {}, headers: { 'idempotency-key': randomUUID() } });
      },
    },
    {
      name: 'get dossier',
      route: 'GET /dossiers/{id}',
      needs: ['create', 'declare', 'submit', 'get'],
      prepare: (() => {
        const ids: { id: string; sub: string }[] = [];
        return async (i: number) => {
          if (ids.length < 20) ids.push({ id: (await flow.submitted(sub(i), i)).id, sub: sub(i) });
          const pick = ids[i % ids.length]!;
          return () => call(targets.get!, { params: { id: pick.id }, claims: citizenClaims(pick.sub) });
        };
      })(),
    },
    {
      name: 'officer action (receive)',
      route: 'POST /agency/dossiers/{id}/receive',
      needs: ['create', 'declare', 'submit', 'receive'],
      prepare: async (i) => {
        const dossier = await flow.submitted(sub(i), i);
        await flow.route(dossier.id);
        return () => call(targets.receive!, { params: { id: dossier.id }, claims: officerClaims(dossier.agencyId), body: {}, headers: { 'idempotency-key': randomUUID() } });
      },
    },
    {
      name: 'VNPay IPN (paid)',
      route: 'GET /webhooks/vnpay/ipn',
      needs: ['create', 'declare', 'submit', 'pay', 'ipn'],
      prepare: async (i) => {
        const dossier = await flow.submitted(sub(i), i);
        const payment = await flow.startPayment(dossier.id, sub(i));
        const query = flow.ipnQuery(payment);
        return async () => {
          const answer = await call(targets.ipn!, { query });
          if (answer.json?.RspCode !== '00') throw new Error(`IPN answered ${JSON.stringify(answer.json)}`);
          return answer;
        };
      },
    },
  ];

  const results: OperationResult[] = [];
  for (const spec of specs) {
    const missing = has(...spec.needs);
    if (missing.length) {
      results.push({ name: spec.name, route: spec.route, na: `n/a (not implemented yet: no route for ${missing.join(', ')})` });
      continue;
    }
    const started = Date.now();
    try {
      const handlerMs: number[] = [];
      const rawMs: number[] = [];
      const recorders: Recorder[] = [];
      const logs: number[] = [];
      // Set-up in small concurrent batches (it is not timed), then the batch's timed calls one by one.
      const BATCH = 8;
      for (let first = 0; first < total; first += BATCH) {
        const prepared = await Promise.all(Array.from({ length: Math.min(BATCH, total - first) }, (_, k) => spec.prepare(first + k)));
        for (const [k, run] of prepared.entries()) {
          const i = first + k;
          const recorder = new Recorder();
          const logsBefore = logBytes;
          const t0 = performance.now();
          await recording(recorder, run);
          const elapsed = performance.now() - t0;
          const raw = await replay(recorder.calls, stack.clients);
          if (i < options.warmup) continue;
          handlerMs.push(elapsed);
          rawMs.push(raw);
          recorders.push(recorder);
          logs.push(logBytes - logsBefore);
        }
      }
      const rawP50 = median(rawMs);
      const typical = recorders[Math.floor(recorders.length / 2)]!;
      results.push({
        name: spec.name,
        route: spec.route,
        iterations: handlerMs.length,
        p50Ms: median(handlerMs),
        p99Ms: percentile(handlerMs, 99),
        rawP50Ms: rawP50,
        rawP99Ms: percentile(rawMs, 99),
        ...(rawP50 > 0.05 ? { ratio: median(handlerMs) / rawP50 } : {}),
        roundTrips: { dynamodb: median(recorders.map((r) => r.dynamoCalls.length)), s3: median(recorders.map((r) => r.s3Calls.length)) },
        levels: median(recorders.map((r) => r.levels)),
        commands: typical.calls.map((c) => c.command.replace(/Command$/, '')),
        readUnits: mean(recorders.map((r) => r.readUnits)),
        writeUnits: mean(recorders.map((r) => r.writeUnits)),
        transactions: median(recorders.map((r) => r.transactions)),
        events: median(recorders.map((r) => r.events(stack.names.outboxTableName).length)),
        logBytes: median(logs),
        largestItemBytes: Math.max(...recorders.map((r) => r.largestItemBytes)),
      });
      options.log(`  ${spec.name}: ${handlerMs.length} iterations in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      results.push({ name: spec.name, route: spec.route, na: `n/a (failed: ${String((error as Error).message).slice(0, 160)})` });
      options.log(`  ${spec.name}: failed: ${(error as Error).message}`);
    }
  }
  return results;
}

// ---- one full dossier lifecycle, for the cost model ----

export interface LifecycleStep {
  name: string;
  kind: 'http' | 'consumer';
  /** Lambda invocations (and HTTP API requests for `http`). */
  invocations: number;
  durationMs: number;
  dynamoCalls: number;
  readUnits: number;
  writeUnits: number;
  /** Of which reported for transactions. */
  transactionWriteUnits: number;
  transactions: number;
  /** S3 requests by the function (Put/Copy/List class and Get/Head class) and by clients through presigned URLs. */
  s3Writes: number;
  s3Reads: number;
  events: string[];
  /** Outbox events written per lifecycle. */
  eventCount?: number;
  logBytes: number;
}

export interface LifecycleReport {
  runs: number;
  steps: LifecycleStep[];
  /** Steps of the lifecycle that could not run (route or consumer missing). */
  missing: string[];
  consumersRun: string[];
}

const S3_WRITE = /^(Put|Copy|List|CreateMultipart|UploadPart|CompleteMultipart|Post)/;

/**
 * Runs `runs` complete lifecycles in-process (create → 2 papers → submit → routed → received →
 * processing → paid through VNPay → resolved with a document → returned online → result downloaded),
 * each event handed to the consumers whose rules match it, and records every step.
 */
export async function measureLifecycle(stack: BenchStack, options: { runs: number; citizenViews: number }): Promise<LifecycleReport> {
  const { targets } = await loadTargets();
  const flow = new Flow(targets);
  const missing: string[] = [];
  const consumersRun = new Set<string>();
  const steps = new Map<string, LifecycleStep>();
  const consumerHandlers = new Map<string, Handler | null>();

  const add = (name: string, kind: LifecycleStep['kind'], recorder: Recorder, ms: number, logs: number, extra: { s3Writes?: number; s3Reads?: number } = {}) => {
    const step = steps.get(name) ?? { name, kind, invocations: 0, durationMs: 0, dynamoCalls: 0, readUnits: 0, writeUnits: 0, transactionWriteUnits: 0, transactions: 0, s3Writes: 0, s3Reads: 0, events: [], logBytes: 0 };
    step.invocations += 1;
    step.durationMs += ms;
    step.dynamoCalls += recorder.dynamoCalls.length;
    step.readUnits += recorder.readUnits;
    step.writeUnits += recorder.writeUnits;
    step.transactionWriteUnits += recorder.transactionWriteUnits;
    step.transactions += recorder.transactions;
    step.s3Writes += recorder.s3Calls.filter((c) => S3_WRITE.test(c.command)).length + (extra.s3Writes ?? 0);
    step.s3Reads += recorder.s3Calls.filter((c) => !S3_WRITE.test(c.command)).length + (extra.s3Reads ?? 0);
    step.events.push(...recorder.events(stack.names.outboxTableName).map((e) => e.detailType));
    step.logBytes += logs;
    steps.set(name, step);
  };

  /** Runs a step and then, depth first, the consumers of the events it wrote. */
  const step = async <T>(name: string, kind: LifecycleStep['kind'], run: () => Promise<T>, extra?: { s3Writes?: number; s3Reads?: number }): Promise<T> => {
    const recorder = new Recorder();
    const logsBefore = logBytes;
    const t0 = performance.now();
    const value = await recording(recorder, run);
    add(name, kind, recorder, performance.now() - t0, logBytes - logsBefore, extra);
    for (const event of recorder.events(stack.names.outboxTableName)) await consume(event);
    return value;
  };

  const consume = async (event: { detailType: string; detail: string }) => {
    const busEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': event.detailType,
      source: 'motcua',
      account: 'bench',
      time: new Date().toISOString(),
      region: 'ap-southeast-1',
      resources: [],
      detail: JSON.parse(event.detail),
    };
    for (const rule of consumerRules) {
      if (!matchesPattern({ source: ['motcua'], ...rule.pattern } as Record<string, unknown>, busEvent as unknown as Record<string, unknown>)) continue;
      if (!consumerHandlers.has(rule.handler)) {
        const file = resolve(projectRoot, rule.handler);
        consumerHandlers.set(rule.handler, existsSync(file) ? (((await import(file)) as { handler?: Handler }).handler ?? null) : null);
      }
      const handler = consumerHandlers.get(rule.handler);
      if (!handler) {
        if (!missing.includes(`consumer ${rule.id}`)) missing.push(`consumer ${rule.id}`);
        continue;
      }
      consumersRun.add(rule.id);
      await step(`consumer ${rule.id}`, 'consumer', () => handler(busEvent, lambdaContext(rule.id)));
    }
  };

  const need = ['create', 'declare', 'submit', 'get', 'receive', 'pay', 'ipn', 'resolve', 'return', 'result'] as const;
  for (const name of need) if (!targets[name]) missing.push(`route ${name}`);
  if (missing.length) return { runs: 0, steps: [], missing, consumersRun: [] };

  // The result document: a PDF signed by a dev CA this stage trusts, as `return` requires (LEGAL.md R12).
  const ca = createDevCa();
  await putResultTrust({ certificates: [ca.caPem], updatedAt: new Date().toISOString(), updatedBy: 'bench' });
  const result = await signPdf(await samplePdf(), ca.agencyP12);
  const document = { contentType: 'application/pdf', size: result.length, sha256: createHash('sha256').update(result).digest('base64') };

  try {
    for (let run = 0; run < options.runs; run++) {
      const sub = `bench-lifecycle-${run}`;
      if (targets.search) await step('GET /procedures', 'http', () => call(targets.search!, { query: { q: 'tam tru' } }));
      const id = await step('POST /dossiers', 'http', () => flow.createDraft(sub, 10_000 + run));
      for (const paperId of PAPERS) {
        await step(
          'POST /dossiers/{id}/attachments',
          'http',
          async () => {
            const answer = await call(targets.declare!, {
              params: { id },
              claims: citizenClaims(sub),
              body: { paperId, fileName: `${paperId}.pdf`, contentType: 'application/pdf', size: PAPER.length, sha256: PAPER_SHA256 },
              headers: { 'idempotency-key': randomUUID() },
            });
            return answer.json.upload as { url: string; headers: Record<string, string> };
          },
          { s3Writes: 1 },
        ).then((upload) => fetch(upload.url, { method: 'PUT', headers: upload.headers, body: PAPER }));
      }
      const submitted = await step('POST /dossiers/{id}/submit', 'http', () => call(targets.submit!, { params: { id }, claims: citizenClaims(sub), body: {}, headers: { 'idempotency-key': randomUUID() } }));
      const agencyId = submitted.json.agencyId as string;
      if (!(await getDossier(id))?.routed) await step('router (direct: no route-dossier consumer ran)', 'consumer', () => flow.route(id));
      for (let view = 0; view < options.citizenViews; view++) await step('GET /dossiers/{id}', 'http', () => call(targets.get!, { params: { id }, claims: citizenClaims(sub) }));
      const officer = officerClaims(agencyId);
      if (targets.agencyGet) await step('GET /agency/dossiers/{id}', 'http', () => call(targets.agencyGet!, { params: { id }, claims: officer }));
      await step('POST /agency/dossiers/{id}/receive', 'http', () => call(targets.receive!, { params: { id }, claims: officer, body: {}, headers: { 'idempotency-key': randomUUID() } }));
      if (targets.process) await step('POST /agency/dossiers/{id}/process', 'http', () => call(targets.process!, { params: { id }, claims: officer, body: {}, headers: { 'idempotency-key': randomUUID() } }));
      const payment = await step('POST /dossiers/{id}/payments', 'http', () => flow.startPayment(id, sub));
      const query = flow.ipnQuery(payment);
      await step('GET /webhooks/vnpay/ipn', 'http', () => call(targets.ipn!, { query }));
      if (targets.vnpayReturn) await step('GET /payments/vnpay/return', 'http', () => call(targets.vnpayReturn!, { query }));
      const resolved = await step(
        'POST /agency/dossiers/{id}/resolve',
        'http',
        () => call(targets.resolve!, { params: { id }, claims: officer, body: { decision: 'Đồng ý đăng ký tạm trú.', document }, headers: { 'idempotency-key': randomUUID() } }),
        { s3Writes: 1 },
      );
      const upload = resolved.json.upload as { url: string; headers?: Record<string, string> } | undefined;
      if (upload) await fetch(upload.url, { method: 'PUT', headers: upload.headers ?? { 'content-type': 'application/pdf' }, body: result });
      await step('POST /agency/dossiers/{id}/return', 'http', () => call(targets.return!, { params: { id }, claims: officer, body: { method: 'online' }, headers: { 'idempotency-key': randomUUID() } }));
      await step('GET /dossiers/{id}/result', 'http', () => call(targets.result!, { params: { id }, claims: citizenClaims(sub) }), { s3Reads: 1 });
    }
  } catch (error) {
    return { runs: 0, steps: [], missing: [...missing, `failed: ${String((error as Error).message).slice(0, 200)}`], consumersRun: [...consumersRun] };
  }
  // Averages per lifecycle.
  const perRun = [...steps.values()].map((s) => ({
    ...s,
    invocations: s.invocations / options.runs,
    durationMs: s.durationMs / s.invocations,
    dynamoCalls: s.dynamoCalls / options.runs,
    readUnits: s.readUnits / options.runs,
    writeUnits: s.writeUnits / options.runs,
    transactionWriteUnits: s.transactionWriteUnits / options.runs,
    transactions: s.transactions / options.runs,
    s3Writes: s.s3Writes / options.runs,
    s3Reads: s.s3Reads / options.runs,
    events: [...new Set(s.events)],
    logBytes: s.logBytes / s.invocations,
    eventCount: s.events.length / options.runs,
  }));
  return { runs: options.runs, steps: perRun, missing, consumersRun: [...consumersRun] };
}
