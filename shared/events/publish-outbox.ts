import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { Logger } from '../logger';
import type { BusEntry } from '../store/bus';

/** PutEvents takes at most 10 entries a call. */
const BATCH = 10;

type Put = (entries: readonly BusEntry[]) => Promise<number[]>;

/** Reads an outbox item from its stream image; undefined for anything that is not a well-formed event. */
function toEntry(record: DynamoDBRecord): BusEntry | undefined {
  const image = record.dynamodb?.NewImage;
  const source = image?.source?.S;
  const detailType = image?.detailType?.S;
  const detail = image?.detail?.S;
  const occurredAt = image?.occurredAt?.S;
  if (!source || !detailType || !detail || !occurredAt) return undefined;
  return { source, detailType, detail, time: new Date(occurredAt) };
}

/**
 * The outbox stream → the bus. Only INSERTs are events (REMOVEs are TTL expiry). Entries that the
 * bus refuses, whole calls that fail, and malformed items are reported as batch item failures, so
 * the stream retries them (and, past its retries, bisects and sends the poison record to the DLQ).
 * A retried record may be published twice: consumers dedupe on detail.metadata.eventId.
 */
export async function publishOutbox(records: readonly DynamoDBRecord[], put: Put, log: Logger): Promise<DynamoDBBatchResponse> {
  const failed = new Set<string>();
  const pending: { sequence: string; entry: BusEntry }[] = [];
  for (const record of records) {
    if (record.eventName !== 'INSERT') continue;
    const sequence = record.dynamodb?.SequenceNumber ?? '';
    const entry = toEntry(record);
    if (entry) pending.push({ sequence, entry });
    else {
      log.error('outbox.malformed', { sequence });
      failed.add(sequence);
    }
  }
  for (let start = 0; start < pending.length; start += BATCH) {
    const batch = pending.slice(start, start + BATCH);
    try {
      const refused = await put(batch.map((item) => item.entry));
      for (const index of refused) failed.add(batch[index]!.sequence);
    } catch (error) {
      log.warn('outbox.put_failed', { error, entries: batch.length });
      for (const item of batch) failed.add(item.sequence);
    }
  }
  if (failed.size) log.warn('outbox.retrying', { failed: failed.size, of: records.length });
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
}
