import type { Server } from 'node:http';
import { createGateway } from '../../infra/local/gateway';
import { createLocalIssuer, type LocalIssuer } from '../../infra/local/issuer';
import { createBuckets, createTables, localNames } from '../../infra/local/provision';
import { localClients } from '../../infra/local/stack';
import { startEventPipeline, type EventPipeline } from '../../infra/local/event-pipeline';
import type { LocalBusOptions } from '../../infra/local/bus';
import { routes, type Route } from '../../infra/routes';
import type { Role } from '../../shared/http/contract';
import type { AssertedIdentity } from '../../shared/identity/profiles';
import { createResponseChecker } from '../../infra/local/response-check';
import { createPopulationSimulator, DEMO_CITIZEN, localPopulationEnv, type PopulationSimulator } from '../../infra/local/population-simulator';

/** The phone the tests' citizens' identity provider verified: the fixtures' applicants give it. */
export const DEMO_PHONE = '0912345678';

/** The names per-file-env.ts chose for this file's tables and buckets. */
export function currentNames(): ReturnType<typeof localNames> {
  return {
    tableName: process.env.TABLE_NAME!,
    outboxTableName: process.env.OUTBOX_TABLE_NAME!,
    attachmentsBucket: process.env.ATTACHMENTS_BUCKET!,
    documentsBucket: process.env.DOCUMENTS_BUCKET!,
  };
}

export function emulatorClients() {
  return localClients({ dynamoDb: process.env.DYNAMODB_ENDPOINT!, s3: process.env.S3_ENDPOINT! });
}

/** Creates this file's tables and buckets from the declarations (as the local stack and CDK do). */
export async function provisionStore(): Promise<void> {
  const clients = emulatorClients();
  await createTables(clients.dynamoDb, currentNames());
  await createBuckets(clients.s3, currentNames());
  clients.dynamoDb.destroy();
  clients.s3.destroy();
}

/** A fetch Response whose json() is loosely typed, as tests inspect arbitrary bodies. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface TestGateway {
  url: string;
  issuer: LocalIssuer;
  /** The national population database simulator on the gateway's port (infra/local/population-simulator.ts). */
  population: PopulationSimulator;
  /**
   * A token of the active identity profile. A citizen's carries a verified identity number: the demo
   * citizen's (DEMO_CITIZEN, the applicant of the tests' fixtures) unless `nationalId` names another,
   * or `null` for an account whose number nobody verified. `loa` is the assurance level (default 1).
   */
  token(role: Role, options?: { sub?: string; agencyId?: string; nationalId?: string | null; loa?: number; identity?: AssertedIdentity }): Promise<string>;
  /** fetch against the gateway; `token` adds the bearer header, `json` the body. */
  request(method: string, path: string, options?: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> }): Promise<TestResponse>;
  /** Answers that did not match the document so far (close() fails the file when there are any). */
  mismatches: readonly string[];
  close(): Promise<void>;
}

/** Built once per test file (the document and its compiled schemas), shared by its gateways. */
let responseChecker: ReturnType<typeof createResponseChecker> | undefined;

/** The local HTTP gateway over the real handlers, on a free port, as `npm start` runs it. */
export async function startGateway(options: Pick<Parameters<typeof createGateway>[0], 'loadHandler' | 'extras' | 'throttleClock'> & { routes?: readonly Route[] } = {}): Promise<TestGateway> {
  const issuer = await createLocalIssuer();
  const population = createPopulationSimulator();
  // Every answer checked against the document (on unless CHECK_RESPONSES=0): a mismatch fails the file at close().
  const mismatches: string[] = [];
  const table = options.routes ?? routes;
  // The project's route table is the contract; a test's own table (test/http's probes of the stack) is not checked.
  const check = process.env.CHECK_RESPONSES === '0' || table !== routes ? undefined : (responseChecker ??= createResponseChecker(routes));
  const onResponse: Parameters<typeof createGateway>[0]['onResponse'] =
    check &&
    ((route, values, response) => {
      const mismatch = check(route, values, response);
      if (mismatch && !mismatches.includes(mismatch)) {
        mismatches.push(mismatch);
        console.error(`response does not match the contract: ${mismatch}`);
      }
    });
  const server: Server = createGateway({ routes: table, issuer, loadHandler: options.loadHandler, extras: [population, ...(options.extras ?? [])], onResponse, throttleClock: options.throttleClock });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  Object.assign(process.env, localPopulationEnv(url));
  return {
    url,
    issuer,
    population,
    token: (role, { sub, agencyId, nationalId, loa, identity } = {}) => {
      const id = nationalId === undefined ? (role === 'citizen' ? DEMO_CITIZEN.nationalId : undefined) : (nationalId ?? undefined);
      // A citizen's identity provider also verified the fixtures' phone (test/dossiers/support.ts `applicant`), unless `identity` says otherwise.
      const contacts = role === 'citizen' && identity === undefined ? { phone: DEMO_PHONE } : {};
      return issuer.sign({ sub: sub ?? `${role}-1`, role, ...(agencyId ? { agencyId } : {}), identity: { ...contacts, ...identity, ...(id ? { nationalId: id } : {}), assurance: loa ?? identity?.assurance ?? 1 } });
    },
    request: (method, path, { token, json, body, headers } = {}) =>
      fetch(url + path, {
        method,
        headers: { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
        body: json !== undefined ? JSON.stringify(json) : body,
      }),
    mismatches,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      if (mismatches.length) throw new Error(`${mismatches.length} answer(s) did not match the OpenAPI document (the contracts):\n${mismatches.join('\n')}`);
    },
  };
}

/**
 * This file's outbox stream → publisher → local bus → consumers of events/rules.ts. Start it before
 * the first request, as handlers read the bus endpoint once. It sees only events written after it
 * starts, so several pipelines in one file do not replay each other's events.
 */
let busPort: number | undefined;
export async function startEvents(bus?: LocalBusOptions, options: { streamAttempts?: number } = {}): Promise<EventPipeline> {
  const pipeline = await startEventPipeline({ dynamoDbEndpoint: process.env.DYNAMODB_ENDPOINT!, outboxTableName: currentNames().outboxTableName, bus: { ...bus, port: busPort }, startAt: 'LATEST', ...options });
  busPort = Number(new URL(pipeline.bus.endpoint).port);
  return pipeline;
}

/**
 * An object whose every member (all of T's: the record names each, a method or a value) is read from
 * `live()` when used: what a fixture hands a file at its top for what its beforeAll starts. A method
 * is called on the live object; a value is the live object's own (the population simulator is a
 * handler with state on it, so a value is never bound or wrapped).
 */
export function lateBound<T extends object>(live: () => T, members: Record<keyof T, 'method' | 'value'>): T {
  const bound = {} as T;
  for (const [key, kind] of Object.entries(members) as [keyof T & string, 'method' | 'value'][]) {
    const call = (...args: unknown[]) => (live()[key] as (...args: unknown[]) => unknown)(...args);
    Object.defineProperty(bound, key, { enumerable: true, get: () => (kind === 'method' ? call : live()[key]) });
  }
  return bound;
}

/** What a suite writes to its store before its tests: an area's seeder (test/<area>/support.ts seedCatalogue) or a put of its own. */
export type Seeder = () => Promise<unknown>;

export interface LocalWorldOptions {
  /** Run in order once the store exists (and the event pipeline, when asked for, listens): the suite's catalogue. */
  seed?: Seeder | readonly Seeder[];
  /** The event pipeline, started before anything is seeded or requested: `true`, or the bus's options and the stream's attempts. */
  events?: true | (LocalBusOptions & { streamAttempts?: number });
  /** startGateway's options (a test route table, its handlers, simulators mounted on the port); `false`: no gateway. */
  gateway?: Parameters<typeof startGateway>[0] | false;
  /** The setup hook's timeout (ms), 60 s unless given. */
  timeout?: number;
}

/** A suite's emulated world; its members are started in beforeAll and may be used from any test or later hook. */
export interface LocalWorld {
  readonly gateway: TestGateway;
  readonly events: EventPipeline;
}

/**
 * Registers the suite's beforeAll and afterAll: provisions this file's tables and buckets, starts the
 * event pipeline when asked (first: the poller starts at LATEST and handlers read the bus endpoint
 * once), runs the seeders, starts the gateway; at the end closes the gateway (which fails the file on
 * answers that broke the contract), stops the pipeline and unpins the clock (MOTCUA_FAKE_NOW).
 * `gateway` and `events` stand for what beforeAll starts, so a file may destructure them at its top:
 * `const { gateway, events } = useLocalWorld({ seed: seedCatalogue, events: true })`. A file's own
 * beforeAll (tokens, arrange steps) registered after this call runs after it; its own afterAll too.
 */
export function useLocalWorld(options: LocalWorldOptions = {}): LocalWorld {
  let gateway: TestGateway | undefined;
  let events: EventPipeline | undefined;
  const started = <T>(what: 'gateway' | 'events', value: T | undefined): T => {
    if (value !== undefined) return value;
    const asked = what === 'gateway' ? options.gateway !== false : options.events !== undefined;
    throw new Error(
      asked
        ? `useLocalWorld: the ${what} starts in beforeAll; use it inside a test or a hook, not while the file loads`
        : `useLocalWorld: this file asked for no ${what === 'gateway' ? 'gateway (gateway: false)' : 'event pipeline (events: true starts one)'}`,
    );
  };
  const liveGateway = () => started('gateway', gateway);
  const liveEvents = () => started('events', events);

  beforeAll(async () => {
    await provisionStore();
    if (options.events) {
      const { streamAttempts, ...bus } = options.events === true ? {} : options.events;
      events = await startEvents(bus, streamAttempts === undefined ? {} : { streamAttempts });
    }
    for (const seed of [options.seed ?? []].flat()) await seed();
    if (options.gateway !== false) gateway = await startGateway(options.gateway);
  }, options.timeout ?? 60_000);
  afterAll(async () => {
    delete process.env.MOTCUA_FAKE_NOW;
    try {
      await gateway?.close();
    } finally {
      await events?.stop();
    }
  });

  return {
    gateway: lateBound(liveGateway, { url: 'value', issuer: 'value', population: 'value', mismatches: 'value', token: 'method', request: 'method', close: 'method' }),
    events: lateBound(liveEvents, { bus: 'value', poller: 'value', settle: 'method', runSchedule: 'method', stop: 'method' }),
  };
}
