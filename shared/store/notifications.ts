import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import type { OutboundNotification } from '../notifications/notifier';
import { dynamo } from './clients';
import { processingKeys } from './keys';
import { queryItems } from './query';

/**
 * Outbound notifications (thông báo), one item each in their dossier's notification partition.
 * The id is derived from the event and channel, so a redelivered event writes nothing new.
 */
export async function putNotification(notification: OutboundNotification): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config().tableName,
        Item: { ...processingKeys.notification(notification.dossierId, notification.createdAt, notification.id), type: 'NOTIFICATION', notification },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** A dossier's notifications, oldest first (a dossier has tens at most: no pagination). */
export async function listNotifications(dossierId: string): Promise<OutboundNotification[]> {
  const items: OutboundNotification[] = [];
  const query = { TableName: config().tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': processingKeys.notifications(dossierId).pk } };
  for await (const item of queryItems(query)) items.push(item.notification as OutboundNotification);
  return items;
}

const keyOf = (notification: OutboundNotification) => processingKeys.notification(notification.dossierId, notification.createdAt, notification.id);

/** The stored record of a notification (its status tells whether it was handed over). */
export async function getNotification(notification: OutboundNotification): Promise<OutboundNotification | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: keyOf(notification), ConsistentRead: true }));
  return Item?.notification as OutboundNotification | undefined;
}

/** Records that the provider took the notification. */
export async function markNotificationSent(notification: OutboundNotification, at: Date): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: config().tableName,
      Key: keyOf(notification),
      UpdateExpression: 'SET notification.#status = :sent, notification.sentAt = :at',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':sent': 'SENT', ':at': at.toISOString() },
    }),
  );
}

/**
 * Retention (shared/retention): every notification of the dossier keeps its channel, event, status
 * and dates, and loses whom it went to and what it said (`removed` in their place). Idempotent: a
 * run that failed half-way redacts the rest the next time.
 */
export async function redactNotifications(dossierId: string, removed: string): Promise<number> {
  const notifications = await listNotifications(dossierId);
  for (const notification of notifications) {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: keyOf(notification),
        UpdateExpression: `SET notification.#to = :removed, notification.#text = :removed${notification.subject ? ', notification.subject = :removed' : ''}`,
        ExpressionAttributeNames: { '#to': 'to', '#text': 'text' },
        ExpressionAttributeValues: { ':removed': removed },
      }),
    );
  }
  return notifications.length;
}
