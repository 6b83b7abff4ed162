import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { resolve } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';
import { EVENT_SOURCE } from '../../events/envelope';
import { consumerRules, type ConsumerRule } from '../../events/rules';
import { matchesPattern } from './event-pattern';
import { projectRoot } from './paths';

type Consumer = (event: EventBridgeEvent<string, unknown>) => Promise<unknown>;

export interface BusEvent extends EventBridgeEvent<string, { metadata: { eventId: string }; data: Record<string, unknown> }> {}

export interface LocalBusOptions {
  rules?: readonly ConsumerRule[];
  loadHandler?: (rule: ConsumerRule) => Promise<Consumer>;
  /** Attempts per consumer before the event goes to the dead letters (EventBridge's retry policy). */
  attempts?: number;
  /** Fault injection: return true to refuse an entry of PutEvents (as PutEvents does with ErrorCode). */
  refuseEntry?: (entry: { DetailType: string; Detail: string }) => boolean;
  /**
   * Fault injection for the whole PutEvents call: `refuse` answers 500 InternalException and accepts
   * nothing; `lose-reply` accepts every entry, then answers 500 (the reply lost on the way back), so
   * the publisher retries and the bus sees the same events again.
   */
  failCall?: (entries: readonly { DetailType: string; Detail: string }[]) => false | 'refuse' | 'lose-reply';
  /** Default: a free port. A bus restarted in the same process must keep its port: publishers keep their client. */
  port?: number;
}

export interface LocalBus {
  endpoint: string;
  /** Every event accepted, in order (the bus archive). */
  archive: BusEvent[];
  /** Events a consumer kept failing on, after all attempts (a rule target's DLQ). */
  deadLetters: { rule: string; event: BusEvent; error: string }[];
  /** Resolves when no delivery is in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A local EventBridge: an HTTP endpoint that speaks PutEvents (so functions/events/publish.ts runs
 * unchanged, with the real SDK client), and delivers each event to the consumers whose rules in
 * events/rules.ts match it, asynchronously, with retries and a dead-letter list, as EventBridge does.
 */
export async function startLocalBus(options: LocalBusOptions = {}): Promise<LocalBus> {
  const rules = options.rules ?? consumerRules;
  const attempts = options.attempts ?? 3;
  const load = options.loadHandler ?? (async (rule: ConsumerRule) => ((await import(resolve(projectRoot, rule.handler))) as { handler: Consumer }).handler);
  const consumers = new Map<string, Promise<Consumer>>();
  const archive: BusEvent[] = [];
  const deadLetters: LocalBus['deadLetters'] = [];
  const inFlight = new Set<Promise<void>>();

  async function deliver(rule: ConsumerRule, event: BusEvent) {
    if (!consumers.has(rule.id)) consumers.set(rule.id, load(rule));
    const consumer = await consumers.get(rule.id)!;
    for (let attempt = 1; ; attempt++) {
      try {
        await consumer(event);
        return;
      } catch (error) {
        if (attempt >= attempts) {
          deadLetters.push({ rule: rule.id, event, error: error instanceof Error ? error.message : String(error) });
          console.error(JSON.stringify({ level: 'error', action: 'bus.dead_letter', rule: rule.id, detailType: event['detail-type'], eventId: event.detail?.metadata?.eventId }));
          return;
        }
        await sleep(50 * 2 ** attempt);
      }
    }
  }

  function accept(entry: { Source: string; DetailType: string; Detail: string; Time?: number | string }): BusEvent {
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType,
      source: entry.Source,
      account: '000000000000',
      time: new Date(entry.Time ? (typeof entry.Time === 'number' ? entry.Time * 1000 : entry.Time) : Date.now()).toISOString(),
      region: 'ap-southeast-1',
      resources: [],
      detail: JSON.parse(entry.Detail),
    };
    archive.push(event);
    for (const rule of rules) {
      const pattern = { source: [EVENT_SOURCE], ...rule.pattern };
      if (!matchesPattern(pattern as Record<string, unknown>, event as unknown as Record<string, unknown>)) continue;
      const delivery = deliver(rule, event).finally(() => inFlight.delete(delivery));
      inFlight.add(delivery);
    }
    return event;
  }

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = req.headers['x-amz-target'];
      if (target !== 'AWSEvents.PutEvents') {
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        return res.end(JSON.stringify({ __type: 'UnknownOperationException' }));
      }
      const { Entries = [] } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries?: { Source: string; DetailType: string; Detail: string; Time?: number }[] };
      const fault = options.failCall?.(Entries) ?? false;
      if (fault === 'lose-reply') Entries.forEach(accept);
      if (fault) {
        res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
        return res.end(JSON.stringify({ __type: 'InternalException', message: 'injected fault' }));
      }
      const results = Entries.map((entry) => {
        if (options.refuseEntry?.(entry)) return { ErrorCode: 'InternalFailure', ErrorMessage: 'injected fault' };
        return { EventId: accept(entry).id };
      });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results }));
    });
  });
  await new Promise<void>((r) => server.listen(options.port ?? 0, '127.0.0.1', r));
  const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    endpoint,
    archive,
    deadLetters,
    idle: async () => {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
