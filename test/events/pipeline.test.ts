import { PutCommand, ScanCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent } from 'aws-lambda';
import { events } from '../../events/catalog';
import type { ConsumerRule } from '../../events/rules';
import { dynamo } from '../../shared/store/clients';
import { outboxEvent } from '../../shared/store/outbox';
import { currentNames, provisionStore, startEvents } from '../support/local';

type Detail = { metadata: { eventId: string }; data: { dossierId: string } };

const rule = (id: string): ConsumerRule => ({ id, description: id, pattern: { 'detail-type': [events.dossierReceived.detailType] }, handler: id, uses: {} });

async function emit(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const event = outboxEvent(events.dossierReceived, { dossierId: `d-${i}`, procedureCode: 'P1', status: 'RECEIVED', statusCode: 2, actorSub: 'officer-1' });
    ids.push(event.eventId);
    await dynamo().send(new TransactWriteCommand({ TransactItems: [event.item] }));
  }
  return ids;
}

beforeAll(provisionStore);

describe('outbox → bus → consumers', () => {
  it('publishes every event exactly once in effect while PutEvents refuses 30% of entries', async () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const seen: string[] = [];
    const pipeline = await startEvents({
      rules: [rule('counter')],
      loadHandler: async () => async (event: EventBridgeEvent<string, unknown>) => void seen.push((event.detail as Detail).metadata.eventId),
      refuseEntry: () => random() < 0.3,
    });
    try {
      const written = await emit(40);
      await pipeline.settle();
      const published = pipeline.bus.archive.map((event) => (event.detail as Detail).metadata.eventId);
      expect(new Set(published)).toEqual(new Set(written));
      expect(new Set(seen)).toEqual(new Set(written));
      expect(pipeline.poller.deadLetters).toHaveLength(0);
      console.log(`pipeline: ${written.length} events, ${published.length} published, ${seen.length} deliveries with 30% of PutEvents entries refused`);
    } finally {
      await pipeline.stop();
    }
  });

  it('retries a consumer that fails, and keeps what it never takes in the dead letters', async () => {
    const failures = new Map<string, number>();
    const pipeline = await startEvents({
      rules: [rule('flaky'), rule('broken')],
      loadHandler: async (r) => async (event: EventBridgeEvent<string, unknown>) => {
        if (r.id === 'broken') throw new Error('always down');
        const id = (event.detail as Detail).metadata.eventId;
        failures.set(id, (failures.get(id) ?? 0) + 1);
        if (failures.get(id)! < 3) throw new Error('flaky');
      },
    });
    try {
      const [id] = await emit(1);
      await pipeline.settle();
      expect(failures.get(id!)).toBe(3);
      expect(pipeline.bus.deadLetters.map((dead) => [dead.rule, (dead.event.detail as Detail).metadata.eventId])).toEqual([['broken', id]]);
    } finally {
      await pipeline.stop();
    }
  });

  it("sends a malformed outbox record to the stream's dead letters and goes on", async () => {
    const pipeline = await startEvents({ rules: [] });
    try {
      await dynamo().send(new PutCommand({ TableName: currentNames().outboxTableName, Item: { pk: 'not-an-event', detailType: 'dossier.received' } }));
      const [id] = await emit(1);
      await pipeline.settle();
      expect(pipeline.poller.deadLetters.map((record) => record.dynamodb?.NewImage?.pk?.S)).toContain('not-an-event');
      expect(pipeline.bus.archive.some((event) => (event.detail as Detail).metadata.eventId === id)).toBe(true);
    } finally {
      await pipeline.stop();
    }
  });
});

afterAll(async () => {
  // Sanity: the outbox is a plain table of events; nothing else writes there.
  const { Count } = await dynamo().send(new ScanCommand({ TableName: currentNames().outboxTableName, Select: 'COUNT' }));
  expect(Count).toBeGreaterThan(0);
});
