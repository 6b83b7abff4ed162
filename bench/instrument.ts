import * as ddb from '@aws-sdk/client-dynamodb';
import * as s3sdk from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Counts what a handler asks of AWS: every DynamoDB and S3 command it sends (round trips), the
 * DynamoDB capacity they consume (ReturnConsumedCapacity TOTAL is added when absent) and the exact
 * low-level inputs, so that the same commands can be replayed "raw" in the same run.
 */
export interface RecordedCall {
  service: 'dynamodb' | 's3';
  command: string;
  /** The low-level (marshalled) input, as sent. */
  input: Record<string, unknown>;
  ms: number;
  /** performance.now() when the command was sent and when its answer came back: which calls overlapped. */
  startedAt: number;
  endedAt: number;
  readUnits: number;
  writeUnits: number;
}

export class Recorder {
  calls: RecordedCall[] = [];
  get dynamoCalls() {
    return this.calls.filter((c) => c.service === 'dynamodb');
  }
  get s3Calls() {
    return this.calls.filter((c) => c.service === 's3');
  }
  get readUnits() {
    return this.calls.reduce((sum, c) => sum + c.readUnits, 0);
  }
  get writeUnits() {
    return this.calls.reduce((sum, c) => sum + c.writeUnits, 0);
  }
  /** Write units reported for TransactWriteItems (DynamoDB Local reports twice AWS's documented 2 WRU per KB). */
  get transactionWriteUnits() {
    return this.calls.filter((c) => c.command === 'TransactWriteItemsCommand').reduce((sum, c) => sum + c.writeUnits, 0);
  }
  /**
   * Sequential levels: the longest chain of calls each sent after the previous one answered. Calls in
   * flight together (Promise.all) share a level; this is the latency floor in round trips.
   */
  get levels(): number {
    const level: number[] = [];
    const sorted = [...this.calls].sort((a, b) => a.startedAt - b.startedAt);
    sorted.forEach((call, i) => {
      level[i] = 1 + Math.max(0, ...sorted.slice(0, i).map((before, j) => (before.endedAt <= call.startedAt ? level[j]! : 0)));
    });
    return Math.max(0, ...level);
  }
  get transactions() {
    return this.calls.filter((c) => c.command === 'TransactWriteItemsCommand').length;
  }
  /** The largest item written (bytes of its marshalled JSON, close to DynamoDB's item size): GSI projections of ALL copy it whole. */
  get largestItemBytes(): number {
    let largest = 0;
    for (const call of this.dynamoCalls) {
      const puts = call.command === 'TransactWriteItemsCommand' ? ((call.input.TransactItems as { Put?: { Item: unknown } }[]) ?? []).map((t) => t.Put?.Item) : call.command === 'PutItemCommand' ? [call.input.Item] : [];
      for (const item of puts) if (item) largest = Math.max(largest, itemBytes(item as Record<string, unknown>));
    }
    return largest;
  }
  /** Outbox events written: transaction or put items aimed at the outbox table. */
  events(outboxTable: string): { detailType: string; detail: string }[] {
    const found: { detailType: string; detail: string }[] = [];
    for (const call of this.dynamoCalls) {
      const items =
        call.command === 'TransactWriteItemsCommand'
          ? ((call.input.TransactItems as { Put?: { TableName: string; Item: Record<string, { S?: string }> } }[]) ?? []).map((t) => t.Put)
          : call.command === 'PutItemCommand'
            ? [call.input as { TableName: string; Item: Record<string, { S?: string }> }]
            : [];
      for (const put of items) if (put && put.TableName === outboxTable) found.push({ detailType: put.Item.detailType?.S ?? '?', detail: put.Item.detail?.S ?? '{}' });
    }
    return found;
  }
}

/** DynamoDB's item size of a marshalled item: names and values in bytes (binary as its length, not as JSON), as AWS counts it. */
function itemBytes(item: Record<string, unknown>): number {
  const value = (v: Record<string, unknown>): number => {
    if (typeof v.S === 'string') return Buffer.byteLength(v.S);
    if (typeof v.N === 'string') return Math.ceil(v.N.replace(/^-|\./g, '').length / 2) + 1;
    if (v.B instanceof Uint8Array) return v.B.byteLength;
    if (v.M) return 3 + itemBytes(v.M as Record<string, unknown>);
    if (Array.isArray(v.L)) return 3 + v.L.reduce((sum: number, x) => sum + 1 + value(x as Record<string, unknown>), 0);
    return 1; // BOOL, NULL
  };
  return Object.entries(item).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + value(v as Record<string, unknown>), 0);
}

/** The recorder of the operation running now; undefined outside measured calls. */
let current: Recorder | undefined;
export const recording = async <T>(recorder: Recorder, run: () => Promise<T>): Promise<T> => {
  current = recorder;
  try {
    return await run();
  } finally {
    current = undefined;
  }
};

/** A deep copy when possible (streams, e.g. a PutObject body, are kept by reference). */
function cloneInput(input: Record<string, unknown>): Record<string, unknown> {
  try {
    return structuredClone(input);
  } catch {
    return { ...input };
  }
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
const CAPACITY = new Set([...READS, 'PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

type Capacity = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
const units = (capacity: Capacity) => (Array.isArray(capacity) ? capacity : capacity ? [capacity] : []).reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyStack = { add(mw: any, options: any): void; remove(name: string): boolean };

/** Adds the counting middleware to a client (idempotent). The document client shares its stack with the inner client. */
export function instrument(client: { middlewareStack: unknown }, service: 'dynamodb' | 's3'): void {
  const stack = client.middlewareStack as AnyStack;
  const name = `motcuaBench-${service}`;
  stack.remove(name);
  stack.remove(`${name}-capacity`);
  if (service === 'dynamodb') {
    // initialize: the document client passes top-level fields through its marshalling unchanged.
    stack.add(
      (next: (args: { input: Record<string, unknown> }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
        if (CAPACITY.has(context.commandName ?? '') && args.input.ReturnConsumedCapacity === undefined) args.input.ReturnConsumedCapacity = 'TOTAL';
        return next(args);
      },
      { step: 'initialize', name: `${name}-capacity`, priority: 'high' },
    );
  }
  stack.add(
    (next: (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>, context: { commandName?: string }) => async (args: { input: Record<string, unknown> }) => {
      const recorder = current;
      const command = context.commandName ?? '?';
      const input = recorder ? cloneInput(args.input) : args.input;
      const started = performance.now();
      const result = await next(args);
      // A presigned URL is made through the same middleware but never sent: no round trip, no request billed.
      if (recorder && !('presigned' in (result.output ?? {}))) {
        const consumed = units(result.output.ConsumedCapacity as Capacity);
        const read = READS.has(command);
        const endedAt = performance.now();
        recorder.calls.push({ service, command, input, ms: endedAt - started, startedAt: started, endedAt, readUnits: read ? consumed : 0, writeUnits: read ? 0 : consumed });
      }
      return result;
    },
    // build: the input is marshalled by now (the document client marshals just before serializing); retries are inside.
    { step: 'build', name, priority: 'high' },
  );
}

export const instrumentDocumentClient = (client: DynamoDBDocumentClient) => instrument(client, 'dynamodb');

/** A recorded input, made replayable: conditions and idempotency tokens dropped (the items exist now), same keys and sizes. */
function replayable(command: string, input: Record<string, unknown>): Record<string, unknown> {
  const strip = (op: Record<string, unknown>) => {
    const copy = { ...op };
    if ('ConditionExpression' in copy) {
      delete copy.ConditionExpression;
      delete copy.ReturnValuesOnConditionCheckFailure;
      // Names and values only the condition used would be rejected as unused: keep those still referenced.
      const used = [copy.UpdateExpression, copy.KeyConditionExpression, copy.FilterExpression, copy.ProjectionExpression].filter(Boolean).join(' ');
      for (const field of ['ExpressionAttributeNames', 'ExpressionAttributeValues'] as const) {
        const map = copy[field] as Record<string, unknown> | undefined;
        if (!map) continue;
        const kept = Object.fromEntries(Object.entries(map).filter(([k]) => new RegExp(`${k.replace(/[$]/g, '\\$')}(?![\\w])`).test(used)));
        if (Object.keys(kept).length) copy[field] = kept;
        else delete copy[field];
      }
    }
    return copy;
  };
  if (command === 'TransactWriteItemsCommand') {
    const items = (input.TransactItems as Record<string, Record<string, unknown>>[]).filter((item) => !item.ConditionCheck).map((item) => Object.fromEntries(Object.entries(item).map(([kind, op]) => [kind, strip(op)])));
    const { ClientRequestToken: _token, ...rest } = input;
    return { ...rest, TransactItems: items };
  }
  return strip(input);
}

/**
 * Sends the recorded calls again, in order, with plain SDK clients: the "raw" cost of the round
 * trips a handler made, without its own code. Returns the elapsed milliseconds.
 */
export async function replay(calls: readonly RecordedCall[], clients: { dynamoDb: ddb.DynamoDBClient; s3: s3sdk.S3Client }): Promise<number> {
  const started = performance.now();
  for (const call of calls) {
    if (call.service === 'dynamodb') {
      const Command = (ddb as unknown as Record<string, new (input: unknown) => ddb.GetItemCommand>)[call.command];
      if (!Command) throw new Error(`cannot replay ${call.command}`);
      const input = replayable(call.command, call.input);
      await clients.dynamoDb.send(new Command(input)).catch((error: Error) => {
        throw new Error(`raw replay of ${call.command} failed: ${error.message} ${JSON.stringify(input).slice(0, 600)}`);
      });
    } else {
      const Command = (s3sdk as unknown as Record<string, new (input: unknown) => s3sdk.HeadObjectCommand>)[call.command];
      if (!Command) throw new Error(`cannot replay ${call.command}`);
      const output = (await clients.s3.send(new Command(call.input))) as { Body?: { transformToByteArray?: () => Promise<Uint8Array> } };
      await output.Body?.transformToByteArray?.();
    }
  }
  return performance.now() - started;
}
