import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { DeserializeHandlerArguments, HttpRequest } from '@smithy/types';
import type { LocalBus } from '../../infra/local/bus';
import type { StreamPoller } from '../../infra/local/stream-poller';
import { dynamo, s3 } from '../../shared/store/clients';
import { dossierOf } from '../../shared/store/dossiers';
import { getDossierHistory } from '../../shared/store/inbox';
import { currentNames, emulatorClients, useLocalWorld } from '../support/local';
import { citizenClient, idempotencyKey, readyDraft, seedCatalogue } from '../dossiers/support';
import { outboxEventsAbout } from '../payments/support';
import { dossierState, figures, seededRandom } from './support';

/**
 * Injected faults. The bus refuses 30% of PutEvents calls (some after accepting their entries: the
 * reply is lost, so the publisher sends them again) and 30% of the entries of the others, while
 * dossiers are submitted; after recovery every event is on the bus and every consumer acted once
 * in effect. DynamoDB throttles the submit transaction: the SDK retries, or the client gets a clean
 * 503 with Retry-After and the dossier is as it was. S3 is down during submit: 503, nothing changed.
 */
const DOSSIERS = Number(process.env.RELIABILITY_DOSSIERS ?? 20);
const FAULT_RATE = 0.3;

type Detail = { metadata: { eventId: string }; data: { dossierId: string } };

let citizen: ReturnType<typeof citizenClient>;
let citizenToken: string;
let bus: LocalBus;
let poller: StreamPoller;
let faulty = false;
const random = seededRandom(Number(process.env.RELIABILITY_SEED ?? 20260105));
const injected = { calls: 0, refusedCalls: 0, lostReplies: 0, entries: 0, refusedEntries: 0 };

/** Outbox stream → publisher → bus → the consumers of events/rules.ts; the stream retries a record 10 times, as the CDK event source mapping does. */
const { gateway, events: pipeline } = useLocalWorld({
  seed: seedCatalogue,
  events: {
    failCall: (entries) => {
      if (!faulty) return false;
      injected.calls += 1;
      // The first faulty call loses its reply, so that redelivery is exercised whatever the seed.
      const roll = injected.calls === 1 ? 0 : random();
      if (roll < FAULT_RATE / 3) return ((injected.lostReplies += 1), (injected.entries += entries.length), 'lose-reply');
      if (roll < FAULT_RATE) return ((injected.refusedCalls += 1), 'refuse');
      return false;
    },
    refuseEntry: () => {
      if (!faulty) return false;
      injected.entries += 1;
      // The first entry seen during the outage is refused, so that single-entry refusals are exercised whatever the seed.
      return injected.entries === 1 || random() < FAULT_RATE ? ((injected.refusedEntries += 1), true) : false;
    },
    streamAttempts: 11,
  },
});

const settle = () => pipeline.settle(40_000);

/** eventIds of the outbox items of one detail type (a Scan: tests only). */
async function outboxEventIds(detailType: string): Promise<Map<string, string>> {
  const client = emulatorClients().dynamoDb;
  const ids = new Map<string, string>();
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: currentNames().outboxTableName, FilterExpression: 'detailType = :t', ExpressionAttributeValues: { ':t': { S: detailType } }, ExclusiveStartKey }));
    for (const item of page.Items ?? []) {
      const detail = JSON.parse(item.detail!.S!) as Detail;
      ids.set(detail.metadata.eventId, detail.data.dossierId);
    }
    ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
  } while (ExclusiveStartKey);
  client.destroy();
  return ids;
}

beforeAll(async () => {
  ({ bus, poller } = pipeline);
  citizenToken = await gateway.token('citizen', { sub: 'citizen-faults' });
  citizen = citizenClient(gateway, citizenToken);
}, 60_000);
afterEach(() => {
  faulty = false;
  jest.restoreAllMocks();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PutEvents failing 30% of the time (whole calls and single entries)', () => {
  it(`loses no event of ${DOSSIERS} submitted dossiers, and each consumer acts once in effect`, async () => {
    const drafts: string[] = [];
    for (let i = 0; i < DOSSIERS; i += 5) drafts.push(...(await Promise.all(Array.from({ length: Math.min(5, DOSSIERS - i) }, () => readyDraft(citizen)))));

    faulty = true;
    const submits = await Promise.all(drafts.map((id) => citizen.submit(id)));
    expect(submits.map((res) => res.status)).toEqual(drafts.map(() => 200)); // the outbox decouples the citizen from the bus
    await sleep(1500); // the outage goes on for a while after the last submit
    faulty = false; // recovery
    await settle();

    // Every dossier.submitted written is on the bus: nothing lost, nothing phantom.
    const written = await outboxEventIds('dossier.submitted');
    expect(new Set(written.values())).toEqual(new Set(drafts));
    const published = bus.archive.filter((e) => e['detail-type'] === 'dossier.submitted').map((e) => (e.detail as Detail).metadata.eventId);
    expect(new Set(published)).toEqual(new Set(written.keys()));
    // The router acted once per dossier, however many times the event came: one route entry, one dossier.routed.
    const routed = await outboxEventIds('dossier.routed');
    for (const id of drafts) {
      const history = await getDossierHistory(id);
      expect([id, history.map((entry) => entry.action).filter((action) => action === 'submit' || action === 'route')]).toEqual([id, ['submit', 'route']]);
      expect([id, [...routed.values()].filter((d) => d === id).length]).toEqual([id, 1]);
    }
    const routedOnBus = new Set(bus.archive.filter((e) => e['detail-type'] === 'dossier.routed').map((e) => (e.detail as Detail).metadata.eventId));
    expect(routedOnBus).toEqual(new Set(routed.keys()));
    // The notifier wrote one SMS per event, not one per delivery.
    for (const id of drafts) {
      const { items } = await (await gateway.request('GET', `/dossiers/${id}/notifications`, { token: citizenToken })).json();
      expect([id, items.filter((n: { channel: string; eventType: string }) => n.channel === 'sms' && n.eventType === 'dossier.submitted').length]).toEqual([id, 1]);
    }
    expect(bus.deadLetters).toEqual([]);
    expect(poller.deadLetters).toEqual([]);

    const distinct = new Set(bus.archive.map((e) => (e.detail as Detail).metadata.eventId)).size;
    const duplicates = bus.archive.length - distinct;
    expect(injected.refusedCalls + injected.lostReplies).toBeGreaterThan(0);
    expect(injected.refusedEntries).toBeGreaterThan(0);
    expect(duplicates).toBeGreaterThan(0); // redelivery happened, and the consumers absorbed it
    figures('faults.bus', {
      dossiers: DOSSIERS,
      eventsWritten: distinct,
      deliveredIncludingDuplicates: bus.archive.length,
      duplicatesAbsorbed: duplicates,
      faultyCalls: injected.calls,
      refusedCalls: injected.refusedCalls,
      lostReplies: injected.lostReplies,
      refusedEntries: injected.refusedEntries,
      lost: 0,
      routedTwice: 0,
      deadLetters: bus.deadLetters.length + poller.deadLetters.length,
    });
  }, 90_000);
});

const throttled = () =>
  Object.assign(new Error('Throughput exceeds the current capacity of your table or index.'), {
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

/** Throttles the submit's TransactWriteItems on the wire, inside the SDK's retry loop, `times` times. */
function throttleTransactionsOnTheWire(times: number) {
  let left = times;
  let seen = 0;
  const name = 'reliability-throttle';
  const middleware = (next: (args: DeserializeHandlerArguments<object>) => Promise<unknown>) => async (args: DeserializeHandlerArguments<object>) => {
    const request = args.request as HttpRequest;
    // The submit's transaction is the one that claims a dossier code (the router's, running beside it, is left alone).
    if (request.headers?.['x-amz-target'] === 'DynamoDB_20120810.TransactWriteItems' && String(request.body).includes('"type":{"S":"CODE"}')) {
      seen += 1;
      if (left > 0) {
        left -= 1;
        throw throttled();
      }
    }
    return next(args);
  };
  dynamo().middlewareStack.add(middleware as never, { step: 'deserialize', name, priority: 'high' });
  return { attempts: () => seen, remove: () => dynamo().middlewareStack.remove(name) };
}

describe('DynamoDB throttling the submit transaction', () => {
  it('is retried by the SDK and the submit succeeds', async () => {
    await settle(); // nothing of the previous test in flight
    const id = await readyDraft(citizen);
    const throttle = throttleTransactionsOnTheWire(2);
    try {
      const res = await citizen.submit(id);
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe('SUBMITTED');
      expect(throttle.attempts()).toBe(3);
    } finally {
      throttle.remove();
    }
    const history = await getDossierHistory(id);
    expect(history.filter((entry) => entry.action === 'submit')).toHaveLength(1);
    figures('faults.dynamodb.retried', { throttledAttempts: 2, sdkAttempts: 3, status: 200 });
  });

  it('answers a clean 503 with Retry-After when throttling lasts, writes nothing, and the same key then succeeds', async () => {
    const id = await readyDraft(citizen);
    await settle(); // the outbox is compared: nothing of an earlier test may land in between
    const before = await dossierState(id);
    const key = idempotencyKey();
    const mock = mockClient(dynamo());
    mock.send.callThrough();
    mock.on(TransactWriteCommand).callsFake(async (input: object) => {
      if (JSON.stringify(input).includes('"type":"CODE"')) throw throttled(); // the submit's code claim
      return mock.send.wrappedMethod.call(dynamo(), new TransactWriteCommand(input as never) as never);
    });
    let res;
    try {
      res = await citizen.submit(id, key);
    } finally {
      mock.restore();
    }
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const problem = await res.json();
    expect(problem).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(JSON.stringify(problem)).not.toMatch(/Throughput|Provisioned|Exception/);
    // Never half-written: the dossier, its history and the outbox are exactly as before.
    expect(await dossierState(id)).toEqual(before);

    const retry = await citizen.submit(id, key);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ status: 'SUBMITTED', code: expect.any(String) });
    expect(await outboxEventsAbout('dossier.submitted', id)).toHaveLength(1);
    figures('faults.dynamodb.throttled', { status: 503, retryAfter: res.headers.get('retry-after')!, itemsChanged: 0, retryStatus: 200 });
  });
});

describe('DynamoDB throttling after the submit committed', () => {
  it('answers the committed submission (200), and its answer is recorded in the same transaction: a retry replays it', async () => {
    const id = await readyDraft(citizen);
    const key = idempotencyKey();
    const mock = mockClient(dynamo());
    mock.send.callThrough();
    // Any write that would record the answer under the Idempotency-Key after the commit is throttled.
    mock.on(UpdateCommand).callsFake(async (input: { Key: { pk: string } }) => {
      if (input.Key.pk.startsWith('IDEMPOTENCY#')) throw throttled();
      return mock.send.wrappedMethod.call(dynamo(), new UpdateCommand(input as never) as never);
    });
    let res;
    try {
      res = await citizen.submit(id, key);
    } finally {
      mock.restore();
    }
    const stored = await dossierState(id);
    const submitted = { dossier: dossierOf(stored.items.find((item) => item.type === 'DOSSIER'))! };
    expect(submitted.dossier.status).toBe('SUBMITTED');
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ id, status: 'SUBMITTED', code: submitted.dossier.code });
    // Not a 409 "still in progress" for the lock's lifetime: the answer committed with the dossier.
    const retry = await citizen.submit(id, key);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.text()).toBe(body);
    figures('faults.dynamodb.after-commit', { status: res.status, submitted: 1, retryReplayed: 1 });
  });
});

describe('S3 down during submit', () => {
  it('answers 503, leaves the dossier unchanged, and lets the same key retry', async () => {
    const id = await readyDraft(citizen);
    await settle(); // the outbox is compared: nothing of an earlier test may land in between
    const before = await dossierState(id);
    const key = idempotencyKey();
    const mock = mockClient(s3());
    mock.onAnyCommand().rejects(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4569'), { name: 'ServiceUnavailable', $metadata: { httpStatusCode: 503 } }));
    let res;
    try {
      res = await citizen.submit(id, key);
    } finally {
      mock.restore();
    }
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await res.json()).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(await dossierState(id)).toEqual(before);

    const retry = await citizen.submit(id, key);
    expect(retry.status).toBe(200);
    figures('faults.s3', { status: 503, itemsChanged: 0, retryStatus: 200 });
  });
});
