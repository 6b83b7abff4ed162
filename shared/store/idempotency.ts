import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { config, FUNCTION_TIMEOUT_SECONDS } from '../config';
import { ConflictError, UnprocessableError } from '../domain/errors';
import { createLogger } from '../logger';
import { dynamo } from './clients';
import { keys } from './keys';
import type { TransactItem } from './transaction';
import { say } from '../domain/field-messages';

/** A response worth replaying to a retry with the same Idempotency-Key. */
export interface StoredResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const RETENTION_SECONDS = 24 * 3600;
const LOCK_SECONDS = 30;
/** A duplicate waits for the first answer, then answers 409 IDEMPOTENCY_IN_PROGRESS before its function times out (a timeout is a bare 503 from the gateway). */
export const WAIT_FOR_FIRST_MS = (FUNCTION_TIMEOUT_SECONDS - 3) * 1000;

const log = createLogger({ service: 'motcua', module: 'idempotency' });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown to a use case that started before the claim (`claimed`) when another request holds the key: it must stop, writing nothing. */
export class KeyHeldElsewhere extends Error {
  constructor() {
    super('Another request holds this Idempotency-Key');
    this.name = 'KeyHeldElsewhere';
  }
}

/** What a use case may use of its key's claim. */
export interface IdempotentRun {
  /** Settles once this request holds the key; rejects with KeyHeldElsewhere (or the claim's failure) otherwise. Nothing may be written before. */
  claimed: Promise<void>;
  /**
   * The write that records `response` as the key's answer, for the use case to commit in its own
   * transaction: the answer is then stored exactly when the change is, and no write follows it.
   */
  record(response: StoredResponse): TransactItem;
}

/**
 * Answers are stored compressed (brotli): a dossier's JSON shrinks to about a third, and every
 * write unit of an idempotency record is paid per KB. A replay decompresses the very bytes.
 */
const pack = (response: StoredResponse) => brotliCompressSync(JSON.stringify(response), { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } });
const unpack = (item: Record<string, unknown>): StoredResponse =>
  item.answer instanceof Uint8Array ? (JSON.parse(brotliDecompressSync(item.answer).toString('utf8')) as StoredResponse) : (item.response as StoredResponse);

/**
 * Runs `execute` at most once per (scope, key). The first request takes a lock item with a
 * conditional put; concurrent retries wait for its answer and return it; the same key with another
 * request hash is 422. A 4xx or 5xx answer releases the key: bad input writes nothing.
 * With `early`, `execute` starts beside the claim (its reads overlap it) and must await
 * `run.claimed` before its first write; a use case that commits `run.record(...)` in its own
 * transaction saves the write that otherwise records the answer after it.
 */
export async function once(scope: string, key: string, requestHash: string, execute: (run: IdempotentRun) => Promise<StoredResponse>, options: { early?: boolean } = {}): Promise<StoredResponse & { replayed: boolean }> {
  const { tableName } = config();
  const itemKey = keys.idempotency(scope, key);
  const now = Math.floor(Date.now() / 1000);
  const lock = dynamo().send(
    new PutCommand({
      TableName: tableName,
      Item: { ...itemKey, state: 'IN_PROGRESS', requestHash, lockedUntil: now + LOCK_SECONDS, expiresAt: now + RETENTION_SECONDS },
      // A lock left by a crashed invocation may be taken over once it times out.
      ConditionExpression: 'attribute_not_exists(pk) OR (#state = :inProgress AND lockedUntil < :now AND requestHash = :hash)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':now': now, ':hash': requestHash },
    }),
  );
  let recorded = false;
  const run: IdempotentRun = {
    claimed: lock.then(
      () => undefined,
      (error: unknown) => {
        throw error instanceof ConditionalCheckFailedException ? new KeyHeldElsewhere() : error;
      },
    ),
    record: (response) => {
      recorded = true;
      return { Put: { TableName: tableName, Item: { ...itemKey, state: 'COMPLETED', requestHash, expiresAt: now + RETENTION_SECONDS, answer: pack(response) } } };
    },
  };
  const started = options.early ? execute(run) : undefined;
  // Settled below, or abandoned when the key is held elsewhere: never an unhandled rejection.
  started?.catch(() => undefined);
  run.claimed.catch(() => undefined);
  try {
    await lock;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const first = await awaitFirstAnswer(tableName, itemKey, requestHash);
    // The first request failed and released the key: this one may take it.
    if (!first) return once(scope, key, requestHash, execute, options);
    return { ...first, replayed: true };
  }

  // Only an unfinished lock is released: an answer a transaction recorded (even one whose reply was lost) stays.
  const release = () =>
    dynamo()
      .send(
        new DeleteCommand({
          TableName: tableName,
          Key: itemKey,
          ConditionExpression: '#state = :inProgress',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS' },
        }),
      )
      .catch(() => undefined);
  let response: StoredResponse;
  try {
    response = await (started ?? execute(run));
  } catch (error) {
    await release();
    throw error;
  }
  // Only a success is remembered: a refused request writes nothing, and the client may retry it fixed.
  if (response.status >= 400) {
    await release();
  } else if (!recorded) {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName,
          Key: itemKey,
          UpdateExpression: 'SET #state = :completed, answer = :answer REMOVE lockedUntil',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':completed': 'COMPLETED', ':answer': pack(response) },
        }),
      );
    } catch (error) {
      // The change is committed: answering 5xx would tell the client it failed and invite a second
      // attempt. Answer it; the lock expires after LOCK_SECONDS and a retry then meets the lifecycle.
      log.warn('idempotency.record_failed', { error });
    }
  }
  return { ...response, replayed: false };
}

async function awaitFirstAnswer(tableName: string, itemKey: ReturnType<typeof keys.idempotency>, requestHash: string): Promise<StoredResponse | undefined> {
  const deadline = Date.now() + WAIT_FOR_FIRST_MS;
  for (let delay = 25; ; delay = Math.min(delay * 2, 400)) {
    const { Item } = await dynamo().send(new GetCommand({ TableName: tableName, Key: itemKey, ConsistentRead: true }));
    if (!Item) return undefined;
    if (Item.requestHash !== requestHash) {
      throw new UnprocessableError('This Idempotency-Key was used with another request.', 'IDEMPOTENCY_KEY_REUSED', [{ path: 'headers.idempotency-key', message: say('idempotencyKeyReused') }]);
    }
    if (Item.state === 'COMPLETED') return unpack(Item);
    if (Date.now() > deadline) {
      throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly.', 'IDEMPOTENCY_IN_PROGRESS', { headers: { 'retry-after': '1' } });
    }
    await sleep(delay);
  }
}
