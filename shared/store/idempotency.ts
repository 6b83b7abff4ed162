import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { config } from '../config';
import { ConflictError, UnprocessableError } from '../domain/errors';
import { createLogger } from '../http/logger';
import { dynamo } from './clients';
import { keys } from './keys';

/** A response worth replaying to a retry with the same Idempotency-Key. */
export interface StoredResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const RETENTION_SECONDS = 24 * 3600;
const LOCK_SECONDS = 30;
const WAIT_FOR_FIRST_MS = 15_000;

const log = createLogger({ service: 'motcua', module: 'idempotency' });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `execute` at most once per (scope, key). The first request takes a lock item with a
 * conditional put; concurrent retries wait for its answer and return it; the same key with another
 * request hash is 422. A 4xx or 5xx answer releases the key: bad input writes nothing.
 */
export async function once(scope: string, key: string, requestHash: string, execute: () => Promise<StoredResponse>): Promise<StoredResponse & { replayed: boolean }> {
  const { tableName } = config();
  const itemKey = keys.idempotency(scope, key);
  const now = Math.floor(Date.now() / 1000);
  try {
    await dynamo().send(new PutCommand({
      TableName: tableName,
      Item: { ...itemKey, state: 'IN_PROGRESS', requestHash, lockedUntil: now + LOCK_SECONDS, expiresAt: now + RETENTION_SECONDS },
      // A lock left by a crashed invocation may be taken over once it times out.
      ConditionExpression: 'attribute_not_exists(pk) OR (#state = :inProgress AND lockedUntil < :now AND requestHash = :hash)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':now': now, ':hash': requestHash },
    }));
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const first = await awaitFirstAnswer(tableName, itemKey, requestHash);
    // The first request failed and released the key: this one may take it.
    if (!first) return once(scope, key, requestHash, execute);
    return { ...first, replayed: true };
  }

  let response: StoredResponse;
  try {
    response = await execute();
  } catch (error) {
    await dynamo().send(new DeleteCommand({ TableName: tableName, Key: itemKey })).catch(() => undefined);
    throw error;
  }
  // Only a success is remembered: a refused request writes nothing, and the client may retry it fixed.
  if (response.status >= 400) {
    await dynamo().send(new DeleteCommand({ TableName: tableName, Key: itemKey })).catch(() => undefined);
  } else {
    try {
      await dynamo().send(new UpdateCommand({
        TableName: tableName,
        Key: itemKey,
        UpdateExpression: 'SET #state = :completed, #response = :response REMOVE lockedUntil',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
        ExpressionAttributeValues: { ':completed': 'COMPLETED', ':response': response },
      }));
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
      throw new UnprocessableError('This Idempotency-Key was used with another request.', 'IDEMPOTENCY_KEY_REUSED', [{ path: 'headers.idempotency-key', message: 'already used with a different request body' }]);
    }
    if (Item.state === 'COMPLETED') return Item.response as StoredResponse;
    if (Date.now() > deadline) {
      throw new ConflictError('A request with this Idempotency-Key is still in progress; retry shortly.', 'IDEMPOTENCY_IN_PROGRESS', { headers: { 'retry-after': '1' } });
    }
    await sleep(delay);
  }
}
