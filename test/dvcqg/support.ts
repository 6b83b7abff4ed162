import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { createGateway } from '../../infra/local/gateway';
import { createLocalIssuer } from '../../infra/local/issuer';
import { createDvcqgSimulator, localDvcqgEnv, sampleDossier, type DvcqgSimulator } from '../../infra/local/dvcqg-simulator';
import type { EventPipeline } from '../../infra/local/event-pipeline';
import type { LocalBusOptions } from '../../infra/local/bus';
import { routes } from '../../infra/routes';
import type { AdministrativeUnit, Agency, Procedure } from '../../shared/domain/procedure';
import { DVCQG_ENV, resetDvcqgSettings } from '../../shared/dvcqg/settings';
import { putAgency, putProcedure, putUnit } from '../../shared/store/catalogue';
import { dossierOf } from '../../shared/store/dossiers';
import { currentNames, emulatorClients, lateBound, provisionStore, startEvents, type TestResponse } from '../support/local';

/** The verified identity number of the tests' citizen account, the applicant of its own online dossiers. */
export const CITIZEN_NATIONAL_ID = '001099000002';
export const INBOUND_SECRET = 'dvcqg-test-inbound-secret-0123456789';

export const units: AdministrativeUnit[] = [
  { id: 'tinh-dvcqg', name: 'Tỉnh Thử', tier: 'province' },
  { id: 'xa-an-binh', name: 'Xã An Bình', tier: 'commune', parentId: 'tinh-dvcqg' },
];
export const agency: Agency = { id: 'ubnd-xa-an-binh', code: 'UBAB', name: 'UBND xã An Bình', unitId: 'xa-an-binh', kind: 'commune-committee' };

/** The sample dossier's procedure: a level-4 birth registration with one required PDF paper. */
export const procedure = {
  code: '1.001193',
  name: 'Đăng ký khai sinh',
  field: 'Hộ tịch',
  level: 4,
  mode: 'FULLY_ONLINE',
  tier: 'commune',
  agencyKind: 'commune-committee',
  papers: [{ id: 'giay-chung-sinh', name: 'Giấy chứng sinh', required: true, contentTypes: ['application/pdf', 'image/jpeg', 'image/png'], maxBytes: 1024 * 1024 }],
  fee: { kind: 'fixed', amount: 0 },
  processingTime: { amount: 1, unit: 'working-days' },
  applicationForm: {
    type: 'object',
    required: ['child', 'mother', 'relationship'],
    properties: {
      child: { type: 'object', required: ['fullName'], properties: { fullName: { type: 'string', minLength: 1 }, sex: { type: 'string' }, birthDate: { type: 'string' }, birthPlace: { type: 'string' } } },
      mother: { type: 'object', required: ['fullName'], properties: { fullName: { type: 'string' } } },
      relationship: { type: 'string', enum: ['mother', 'father'] },
    },
  },
  delivery: ['online', 'post', 'desk'],
  // The sync tests' results are plain PDFs: signed results have their own tests (test/agency/signed-results).
  resultDocument: { contentTypes: ['application/pdf'], maxBytes: 20 * 1024 * 1024, signature: 'optional' },
} as unknown as Procedure;

export interface DvcqgWorld {
  url: string;
  sim: DvcqgSimulator;
  events: EventPipeline;
  admin: string;
  officer: string;
  citizen: string;
  /** The person forwardable() dossiers are filed for (SoGiayToChuHoSo), signed in here with that verified number. */
  applicant: string;
  request(method: string, path: string, options?: { token?: string; json?: unknown; headers?: Record<string, string>; body?: string }): Promise<TestResponse>;
  /** Restarts the event pipeline (outbox poller, bus, consumers) from the start of the stream. */
  restartEvents(): Promise<void>;
  close(): Promise<void>;
}

/**
 * This file's store, event pipeline and local gateway over the real handlers, with the DVCQG
 * simulator mounted on the gateway as `npm start` mounts it, and the connector pointed at it.
 */
export async function startWorld(options: { bus?: LocalBusOptions; env?: Record<string, string> } = {}): Promise<DvcqgWorld> {
  await provisionStore();
  let events = await startEvents(options.bus);
  const issuer = await createLocalIssuer();
  const mounted: { sim?: DvcqgSimulator } = {};
  const server: Server = createGateway({ routes, issuer, extras: [(req, res) => mounted.sim?.handle(req, res) ?? false] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  Object.assign(process.env, localDvcqgEnv(url, INBOUND_SECRET), { DVCQG_TIMEOUT_MS: '1000', DVCQG_RETRY_BASE_MS: '5', DVCQG_ATTEMPTS: '3', DVCQG_LEASE_SECONDS: '10' }, options.env);
  resetDvcqgSettings();
  const sim = createDvcqgSimulator({ gatewayUrl: url, inboundSecret: INBOUND_SECRET });
  mounted.sim = sim;
  for (const unit of units) await putUnit(unit);
  await putAgency(agency);
  await putProcedure(procedure);
  const world: DvcqgWorld = {
    url,
    sim,
    events,
    admin: await issuer.sign({ sub: 'admin-1', role: 'admin' }),
    officer: await issuer.sign({ sub: 'officer-1', role: 'officer', agencyId: agency.id }),
    citizen: await issuer.sign({ sub: 'citizen-1', role: 'citizen', identity: { nationalId: CITIZEN_NATIONAL_ID } }),
    applicant: await issuer.sign({ sub: 'citizen-dvcqg-applicant', role: 'citizen', identity: { nationalId: String(forwardable().SoGiayToChuHoSo) } }),
    request: (method, path, { token, json, headers, body } = {}) =>
      fetch(url + path, {
        method,
        headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: json !== undefined ? JSON.stringify(json) : body,
      }),
    restartEvents: async () => {
      await events.stop();
      const { startEventPipeline } = await import('../../infra/local/event-pipeline');
      events = await startEventPipeline({
        dynamoDbEndpoint: process.env.DYNAMODB_ENDPOINT!,
        outboxTableName: currentNames().outboxTableName,
        bus: { ...options.bus, port: Number(new URL(events.bus.endpoint).port) },
        startAt: 'TRIM_HORIZON',
      });
      world.events = events;
    },
    close: async () => {
      await world.events.stop(); // first: in-flight syncs still reach the simulator
      await new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      });
      for (const name of Object.values(DVCQG_ENV)) delete process.env[name];
      resetDvcqgSettings();
    },
  };
  return world;
}

/** startWorld in the suite's beforeAll and close in its afterAll; the world answered stands for it in any test or later hook. */
export function useDvcqgWorld(options: Parameters<typeof startWorld>[0] = {}): DvcqgWorld {
  let world: DvcqgWorld | undefined;
  beforeAll(async () => {
    world = await startWorld(options);
  }, 60_000);
  afterAll(async () => world?.close(), 60_000);
  const live = () => {
    if (!world) throw new Error('useDvcqgWorld: the world starts in beforeAll; use it inside a test or a hook, not while the file loads');
    return world;
  };
  return lateBound(live, { url: 'value', sim: 'value', events: 'value', admin: 'value', officer: 'value', citizen: 'value', applicant: 'value', request: 'method', restartEvents: 'method', close: 'method' });
}

/** A fresh national code. */
export const nationalCode = () => `G22.99-${randomUUID().slice(0, 8)}`;

export const forwardable = (overrides: Record<string, unknown> = {}) => sampleDossier({ MaHoSo: nationalCode(), ...overrides });

let keys = 0;
/** An officer's or admin's POST with a fresh Idempotency-Key; throws on a refusal. */
export async function act(world: DvcqgWorld, token: string, path: string, json: unknown = {}) {
  const res = await world.request('POST', path, { token, json, headers: { 'idempotency-key': `dvcqg-${++keys}-${randomUUID()}` } });
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** Every item of the main table (tests only: a Scan), to prove that nothing was written. */
export async function tableSnapshot(): Promise<string[]> {
  const client = emulatorClients().dynamoDb;
  const items: string[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: currentNames().tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []).map((item) => JSON.stringify(item)));
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  client.destroy();
  return items.sort();
}

/** The dossiers DVCQG forwarded with this national code (a Scan: tests only). */
export async function dossiersWithNationalCode(code: string): Promise<number> {
  const client = emulatorClients().dynamoDb;
  let found = 0;
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: currentNames().tableName, ExclusiveStartKey: start, ConsistentRead: true }));
    for (const raw of page.Items ?? []) {
      const item = unmarshall(raw);
      if (item.type === 'DOSSIER' && dossierOf(item)?.national?.code === code) found += 1;
    }
    start = page.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return found;
}
