import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand, type _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface StreamPollerOptions {
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  /** Attempts per record before it is a poison record (the event source mapping's maximumRetryAttempts + 1). */
  attempts?: number;
  batchSize?: number;
  /** TRIM_HORIZON (default): nothing written while the poller was down is lost. LATEST: only what comes after the start. */
  startAt?: 'TRIM_HORIZON' | 'LATEST';
}

export interface StreamPoller {
  /** Records given up on after all attempts: the stream's on-failure DLQ. */
  deadLetters: DynamoDBRecord[];
  /** Resolves once every record written so far has been handled (or dead-lettered). */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * What Lambda's DynamoDB event source mapping does, for DynamoDB Local: reads each shard of the
 * table's stream from the start, hands batches to the handler, and retries the records it reports
 * as failed (ReportBatchItemFailures) until they succeed or run out of attempts.
 */
export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const client = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const attempts = options.attempts ?? 5;
  const { Streams = [] } = await client.send(new ListStreamsCommand({ TableName: options.tableName }));
  const streamArn = Streams[0]?.StreamArn;
  if (!streamArn) throw new Error(`Table ${options.tableName} has no stream`);

  const deadLetters: DynamoDBRecord[] = [];
  const iterators = new Map<string, string | undefined>();
  const lastSequence = new Map<string, string>();
  const pending: { record: DynamoDBRecord; attempts: number }[] = [];
  let running = true;
  let busy = false;
  let lastEmptyPoll = 0;

  // Shards found after the start hold only new records: read them from their beginning. LATEST is
  // done by reading past what the shard already holds: DynamoDB Local's LATEST iterators go stale.
  async function discoverShards(type: 'TRIM_HORIZON' | 'LATEST' = 'TRIM_HORIZON') {
    const { StreamDescription } = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const shardId = shard.ShardId!;
      if (iterators.has(shardId)) continue;
      let { ShardIterator } = await client.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }));
      while (type === 'LATEST' && ShardIterator) {
        const { Records = [], NextShardIterator } = await client.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
        ShardIterator = NextShardIterator;
        const last = Records.at(-1)?.dynamodb?.SequenceNumber;
        if (!last) break;
        lastSequence.set(shardId, last);
      }
      iterators.set(shardId, ShardIterator);
    }
  }

  /** A fresh iterator after the last record read, or from the shard's start if it never held one. */
  async function retakeIterator(shardId: string): Promise<string | undefined> {
    const after = lastSequence.get(shardId);
    const { ShardIterator } = await client.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
    );
    return ShardIterator;
  }

  async function pollOnce(): Promise<boolean> {
    let got = false;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      let page;
      try {
        page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: options.batchSize ?? 100 }));
      } catch (error) {
        // DynamoDB Local lets an iterator over an empty shard go stale: take a new one, lose nothing.
        const name = (error as { name?: string }).name;
        if (name !== 'TrimmedDataAccessException' && name !== 'ExpiredIteratorException') throw error;
        iterators.set(shardId, await retakeIterator(shardId));
        continue;
      }
      const { Records = [], NextShardIterator } = page;
      iterators.set(shardId, NextShardIterator);
      for (const record of Records) pending.push({ record: toLambdaRecord(record), attempts: 0 });
      const last = Records.at(-1)?.dynamodb?.SequenceNumber;
      if (last) lastSequence.set(shardId, last);
      got ||= Records.length > 0;
    }
    return got;
  }

  async function handlePending() {
    while (pending.length && running) {
      const batch = pending.slice(0, options.batchSize ?? 100);
      const response = await options.handler({ Records: batch.map((p) => p.record) }).catch(() => ({ batchItemFailures: batch.map((p) => ({ itemIdentifier: p.record.dynamodb!.SequenceNumber! })) }));
      const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      pending.splice(0, batch.length);
      const retry = batch.filter((p) => failed.has(p.record.dynamodb!.SequenceNumber!));
      for (const item of retry) item.attempts += 1;
      const poison = retry.filter((item) => item.attempts >= attempts);
      deadLetters.push(...poison.map((p) => p.record));
      const again = retry.filter((item) => item.attempts < attempts);
      if (again.length) {
        pending.unshift(...again);
        await sleep(Math.min(1000, 50 * 2 ** again[0]!.attempts));
      }
    }
  }

  await discoverShards(options.startAt);
  const loop = (async () => {
    let sinceDiscovery = 0;
    while (running) {
      busy = true;
      try {
        if (sinceDiscovery-- <= 0) {
          await discoverShards();
          sinceDiscovery = 10;
        }
        const startedAt = Date.now();
        const got = await pollOnce();
        await handlePending();
        if (!got) lastEmptyPoll = startedAt;
      } catch (error) {
        if (running) console.error(JSON.stringify({ level: 'warn', action: 'stream.poll_failed', error: String(error) }));
      } finally {
        busy = false;
      }
      await sleep(pending.length ? 0 : 100);
    }
  })();

  return {
    deadLetters,
    drain: async (timeoutMs = 15_000) => {
      // Drained: a poll that found nothing started a little after the call (DynamoDB Local's stream
      // lags its writes), and nothing is pending.
      const asked = Date.now() + 400;
      const deadline = asked + timeoutMs;
      while (!(lastEmptyPoll > asked && pending.length === 0 && !busy)) {
        if (Date.now() > deadline) throw new Error('The outbox stream did not drain in time');
        await sleep(25);
      }
    },
    stop: async () => {
      running = false;
      await loop;
      client.destroy();
    },
  };
}

function toLambdaRecord(record: _Record): DynamoDBRecord {
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventSource: 'aws:dynamodb',
    eventVersion: '1.1',
    awsRegion: 'ap-southeast-1',
    dynamodb: record.dynamodb as DynamoDBRecord['dynamodb'],
  };
}
