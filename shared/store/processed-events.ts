import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo } from './clients';
import { processingKeys } from './keys';
import type { TransactItem } from './transaction';

/** EventBridge and Lambda retry for at most a day; a month of memory is ample and then TTL clears it. */
const RETENTION_SECONDS = 30 * 24 * 3600;

const item = (consumer: string, eventId: string) => ({
  ...processingKeys.processedEvent(consumer, eventId),
  type: 'PROCESSED_EVENT',
  processedAt: new Date().toISOString(),
  expiresAt: Math.floor(Date.now() / 1000) + RETENTION_SECONDS,
});

/**
 * The write that records "this consumer handled this event", to go in the same transaction as the
 * consumer's state change: a redelivered event then fails this condition and changes nothing. Name it
 * `processedEvent` in the transaction, and failedOn(error, 'processedEvent') tells a redelivery apart.
 */
export function processedEventPut(consumer: string, eventId: string): TransactItem {
  return { Put: { TableName: config().tableName, Item: item(consumer, eventId), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Records the event as handled; false when it already was (for consumers whose effect is outside the table). */
export async function markEventProcessed(consumer: string, eventId: string): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand({ TableName: config().tableName, Item: item(consumer, eventId), ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export async function wasEventProcessed(consumer: string, eventId: string): Promise<boolean> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: processingKeys.processedEvent(consumer, eventId), ConsistentRead: true }));
  return Item !== undefined;
}
