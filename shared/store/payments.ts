import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { ConflictError } from '../domain/errors';
import { isOpen, type Payment, type PaymentState } from '../domain/payment';
import { dynamo } from './clients';
import { dossierKeys, paymentKeys, PENDING_PAYMENT_SHARDS } from './keys';
import { VERSION_CONDITION } from './dossiers';
import type { PendingEvent } from './outbox';
import { ConditionFailedError, failedOn, transact, type TransactItem } from './transaction';
import { MAIN_INDEX } from './table';

/** Payments in the main table: the payment item, its history, the open-payment lock, webhook replay guards. */

const shardOf = (id: string) => createHash('sha256').update(id).digest()[0]! % PENDING_PAYMENT_SHARDS;

function toItem(payment: Payment) {
  return {
    ...paymentKeys.payment(payment.id),
    // Only open payments are in the reconciliation index, only unresolved late successes in theirs.
    ...(isOpen(payment) ? paymentKeys.pending(shardOf(payment.id), payment.createdAt, payment.id) : {}),
    ...(payment.state === 'LATE_SUCCESS' ? paymentKeys.lateSuccess(payment.lateSuccess?.at ?? payment.updatedAt, payment.id) : {}),
    type: 'PAYMENT',
    payment,
  };
}

function historyItem(paymentId: string, at: string, from: PaymentState | null, to: PaymentState, note?: string): TransactItem {
  return { Put: { TableName: config().tableName, Item: { ...paymentKeys.history(paymentId, at, to), type: 'PAYMENT_HISTORY', entry: { at, from, to, ...(note ? { note } : {}) } } } };
}

export async function getPayment(id: string): Promise<Payment | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: paymentKeys.payment(id), ConsistentRead: true }));
  return Item?.payment as Payment | undefined;
}

export interface OpenPaymentLock {
  paymentId: string;
  lockedUntil: number;
}

export async function getOpenPaymentLock(dossierId: string): Promise<OpenPaymentLock | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: paymentKeys.openPayment(dossierId), ConsistentRead: true }));
  return Item ? { paymentId: Item.paymentId as string, lockedUntil: Item.lockedUntil as number } : undefined;
}

/** Why a payment's creation was refused by a condition. */
export class OpenPaymentExistsError extends ConflictError {
  constructor(readonly paymentId?: string) {
    super('A payment of this fee is already open; finish or wait for it to expire.', 'PAYMENT_ALREADY_OPEN');
  }
}

/**
 * Creates a payment in one transaction with the open-payment lock (one open payment per fee) and a
 * check that the dossier has not changed since its fee was read. A lock never passes by time alone
 * (its holder may still be paid): `staleLockOf` replaces the lock of a payment known to be settled.
 */
export async function createPayment(payment: Payment, options: { dossierVersion: number; lockedUntil: number; staleLockOf?: string }): Promise<void> {
  const { tableName } = config();
  const lockCondition = ['attribute_not_exists(pk)', ...(options.staleLockOf ? ['paymentId = :stale'] : [])].join(' OR ');
  try {
    await transact({
      payment: { Put: { TableName: tableName, Item: toItem(payment), ConditionExpression: 'attribute_not_exists(pk)' } },
      openPaymentLock: {
        Put: {
          TableName: tableName,
          // No TTL: a lock that vanished by time would let a second payment open while this one may still be paid.
          Item: { ...paymentKeys.openPayment(payment.dossierId), type: 'OPEN_PAYMENT', paymentId: payment.id, lockedUntil: options.lockedUntil },
          ConditionExpression: lockCondition,
          ...(options.staleLockOf ? { ExpressionAttributeValues: { ':stale': options.staleLockOf } } : {}),
        },
      },
      dossierUnchanged: {
        ConditionCheck: {
          TableName: tableName,
          Key: dossierKeys.dossier(payment.dossierId),
          ConditionExpression: VERSION_CONDITION.expression,
          ExpressionAttributeNames: VERSION_CONDITION.names,
          ExpressionAttributeValues: { ':version': options.dossierVersion },
        },
      },
      history: historyItem(payment.id, payment.createdAt, 'CREATED', payment.state, 'redirect URL issued'),
    });
  } catch (error) {
    if (failedOn(error, 'openPaymentLock')) throw new OpenPaymentExistsError();
    if (failedOn(error, 'dossierUnchanged')) throw new ConflictError('The dossier was changed meanwhile; try again.', 'CONFLICT');
    throw error;
  }
}

export interface Settlement {
  to: 'PAID' | 'FAILED' | 'EXPIRED' | 'LATE_SUCCESS';
  at: string;
  providerRef?: string;
  reason?: string;
}

/**
 * The writes of one payment transition (its new state and a history entry), conditional on the
 * payment being exactly as read (state and revision): of concurrent writers exactly one commits.
 */
export function paymentTransitionWrites(payment: Payment, next: Payment, note?: string): TransactItem[] {
  const revised: Payment = { ...next, revision: (payment.revision ?? 0) + 1 };
  return [
    {
      Put: {
        TableName: config().tableName,
        Item: toItem(revised),
        ConditionExpression: payment.revision === undefined ? '#payment.#state = :state AND attribute_not_exists(#payment.#revision)' : '#payment.#state = :state AND #payment.#revision = :revision',
        ExpressionAttributeNames: { '#payment': 'payment', '#state': 'state', '#revision': 'revision' },
        ExpressionAttributeValues: { ':state': payment.state, ...(payment.revision === undefined ? {} : { ':revision': payment.revision }) },
      },
    },
    historyItem(payment.id, next.updatedAt, payment.state, next.state, note),
  ];
}

/**
 * The writes that settle an open payment, conditional on it being unchanged since read: of many
 * concurrent callbacks exactly one commits. To be committed with the dossier change (PAID) or alone.
 */
export function settlementWrites(payment: Payment, settlement: Settlement): TransactItem[] {
  const next: Payment = {
    ...payment,
    state: settlement.to,
    updatedAt: settlement.at,
    ...(settlement.providerRef ? { providerRef: settlement.providerRef } : {}),
    ...(settlement.to === 'PAID' ? { paidAt: settlement.at } : {}),
    ...(settlement.reason && settlement.to !== 'LATE_SUCCESS' ? { failureReason: settlement.reason } : {}),
    ...(settlement.to === 'LATE_SUCCESS' ? { lateSuccess: { at: settlement.at, providerRef: settlement.providerRef ?? '', previousState: payment.state, reason: settlement.reason ?? '' } } : {}),
  };
  return paymentTransitionWrites(payment, next, settlement.reason);
}

/** Thrown when another writer settled the payment (or changed the dossier) first: re-read and decide again. */
export class SettlementRaceError extends Error {}

/** Commits payment writes (and their outbox events) without touching the dossier. */
export async function commitPaymentWrites(writes: readonly TransactItem[], events: readonly PendingEvent[]): Promise<void> {
  try {
    await transact({ settlement: writes, events: events.map((event) => event.item) });
  } catch (error) {
    if (error instanceof ConditionFailedError || error instanceof TransactionCanceledException) throw new SettlementRaceError('payment changed concurrently', { cause: error });
    throw error;
  }
}

/** Settles a payment without touching its dossier (FAILED, EXPIRED, LATE_SUCCESS), with its outbox events. */
export async function commitSettlement(payment: Payment, settlement: Settlement, events: readonly PendingEvent[]): Promise<void> {
  await commitPaymentWrites(settlementWrites(payment, settlement), events);
}

/** Frees the dossier for a new payment, unless a newer payment holds the lock already. */
export async function releaseOpenPayment(dossierId: string, paymentId: string): Promise<void> {
  try {
    await dynamo().send(
      new DeleteCommand({
        TableName: config().tableName,
        Key: paymentKeys.openPayment(dossierId),
        ConditionExpression: 'paymentId = :id',
        ExpressionAttributeValues: { ':id': paymentId },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Open payments created before `before`, oldest first, from every shard of the index (no scan). */
export async function openPaymentsCreatedBefore(before: string, limitPerShard = 100): Promise<Payment[]> {
  const { tableName } = config();
  const pages = await Promise.all(
    Array.from({ length: PENDING_PAYMENT_SHARDS }, (_, shard) =>
      dynamo().send(
        new QueryCommand({
          TableName: tableName,
          IndexName: MAIN_INDEX.gsi2,
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
          ExpressionAttributeValues: { ':pk': paymentKeys.pending(shard, '', '').gsi2pk, ':before': before },
          Limit: limitPerShard,
        }),
      ),
    ),
  );
  return pages.flatMap((page) => (page.Items ?? []).map((item) => item.payment as Payment)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Records a webhook delivery by its signature; false when it was seen before (a replay). Kept past
 * the timestamp tolerance, after which the signature check refuses it anyway.
 */
export async function recordWebhookDelivery(provider: string, signature: string, keepUntil: number): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config().tableName,
        Item: { ...paymentKeys.webhookDelivery(provider, signature), type: 'WEBHOOK_DELIVERY', expiresAt: keepUntil },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Unresolved late successes, oldest first (their own sparse gsi2 partition: no scan). */
export async function listLateSuccessPayments(limit: number): Promise<Payment[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: MAIN_INDEX.gsi2,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': paymentKeys.lateSuccess('', '').gsi2pk },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => item.payment as Payment);
}

/** A payment's history (every transition, with its note), oldest first. */
export async function paymentHistory(paymentId: string): Promise<Array<{ at: string; from: PaymentState | null; to: PaymentState; note?: string }>> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
      ExpressionAttributeValues: { ':pk': paymentKeys.payment(paymentId).pk, ':history': paymentKeys.historyPrefix },
      ConsistentRead: true,
    }),
  );
  return (Items ?? []).map((item) => item.entry as { at: string; from: PaymentState | null; to: PaymentState; note?: string });
}
