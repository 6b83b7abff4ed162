import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { contactId, type ContactChannel, type ContactVouch } from '../domain/contacts';
import { dynamo } from './clients';
import { contactKeys } from './keys';
import { queryItems } from './query';

/** An account's confirmed contacts, its pending codes, and the quotas of messages (shared/domain/contacts.ts). */
export interface ConfirmedContact {
  channel: ContactChannel;
  address: string;
  vouch: ContactVouch;
  confirmedAt: string;
}

export interface PendingCode {
  channel: ContactChannel;
  address: string;
  /** SHA-256 of the code, its destination and its account: the code itself is never stored. */
  codeHash: string;
  attempts: number;
  /** Epoch seconds: DynamoDB's TTL removes it, and it is refused past this time anyway. */
  expiresAt: number;
}

const isConditionFailure = (error: unknown) => error instanceof ConditionalCheckFailedException;

export async function getConfirmedContact(ownerSub: string, channel: ContactChannel, address: string): Promise<ConfirmedContact | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: contactKeys.confirmed(ownerSub, contactId(channel, address)) }));
  return Item?.contact as ConfirmedContact | undefined;
}

export async function listConfirmedContacts(ownerSub: string): Promise<ConfirmedContact[]> {
  const contacts: ConfirmedContact[] = [];
  const query = { TableName: config().tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sk)', ExpressionAttributeValues: { ':pk': contactKeys.account(ownerSub).pk, ':sk': contactKeys.confirmedPrefix } };
  for await (const item of queryItems(query)) contacts.push(item.contact as ConfirmedContact);
  return contacts;
}

/** A new code replaces the pending one (its attempts start again: the quota of codes bounds that). */
export async function putPendingCode(ownerSub: string, code: PendingCode): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: config().tableName, Item: { ...contactKeys.code(ownerSub, contactId(code.channel, code.address)), type: 'CONTACT_CODE', code, expiresAt: code.expiresAt } }));
}

export async function getPendingCode(ownerSub: string, channel: ContactChannel, address: string): Promise<PendingCode | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: contactKeys.code(ownerSub, contactId(channel, address)), ConsistentRead: true }));
  return Item?.code as PendingCode | undefined;
}

/** Spends one attempt, atomically: false when none is left (concurrent guesses cannot exceed them). */
export async function spendAttempt(ownerSub: string, channel: ContactChannel, address: string, maxAttempts: number): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: contactKeys.code(ownerSub, contactId(channel, address)),
        UpdateExpression: 'SET code.attempts = code.attempts + :one',
        ConditionExpression: 'attribute_exists(pk) AND code.attempts < :max',
        ExpressionAttributeValues: { ':one': 1, ':max': maxAttempts },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** The contact, confirmed; the code is gone. */
export async function confirmContact(ownerSub: string, contact: ConfirmedContact): Promise<void> {
  const id = contactId(contact.channel, contact.address);
  await dynamo().send(new PutCommand({ TableName: config().tableName, Item: { ...contactKeys.confirmed(ownerSub, id), type: 'CONTACT', contact } }));
  await dynamo().send(new DeleteCommand({ TableName: config().tableName, Key: contactKeys.code(ownerSub, id) }));
}

/**
 * Takes one from a daily quota (`scope` + `subject`, e.g. a destination's id), atomically: false
 * when it is spent. The counter expires with its day (TTL, two days later).
 */
export async function takeQuota(scope: string, subject: string, day: string, limit: number): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: contactKeys.quota(scope, subject, day),
        UpdateExpression: 'ADD used :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(used) OR used < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 3 * 86_400 },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
