import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import type { Payment } from '../domain/payment';
import type { Refund } from '../domain/refund';
import { dynamo } from './clients';
import { paymentKeys } from './keys';
import { paymentTransitionWrites, SettlementRaceError } from './payments';
import { ConditionFailedError, failedOn, transact, type TransactItem } from './transaction';
import { MAIN_INDEX } from './table';

/** Refunds: one item each in their payment's partition; PENDING ones also in a sparse gsi2 partition, for retries. */

function toItem(refund: Refund) {
  return {
    ...paymentKeys.refund(refund.paymentId, refund.id),
    ...(refund.state === 'PENDING' ? paymentKeys.pendingRefund(refund.nextAttemptAt ?? refund.updatedAt, refund.id) : {}),
    type: 'REFUND',
    refund,
  };
}

/** A new refund (condition: its id is unused), or the next version of one still PENDING after exactly `attempts` calls. */
export function refundWrite(refund: Refund, previous?: Pick<Refund, 'attempts'>): TransactItem {
  return {
    Put: {
      TableName: config().tableName,
      Item: toItem(refund),
      ...(previous
        ? {
            ConditionExpression: '#refund.#state = :pending AND #refund.#attempts = :attempts',
            ExpressionAttributeNames: { '#refund': 'refund', '#state': 'state', '#attempts': 'attempts' },
            ExpressionAttributeValues: { ':pending': 'PENDING', ':attempts': previous.attempts },
          }
        : { ConditionExpression: 'attribute_not_exists(pk)' }),
    },
  };
}

/** The refund exists already (the same Idempotency-Key, or a retry): use it. */
export class RefundExistsError extends Error {}

/**
 * Records a PENDING refund and reserves its amount on the payment, in one transaction conditional on
 * the payment being as read: concurrent refunds never reserve more than was paid.
 */
export async function reserveRefund(payment: Payment, reserved: Payment, refund: Refund): Promise<void> {
  try {
    await transact({ settlement: reserveWrites(payment, reserved, refund), refund: refundWrite(refund) });
  } catch (error) {
    if (failedOn(error, 'refund')) throw new RefundExistsError(refund.id);
    if (error instanceof ConditionFailedError) throw new SettlementRaceError('payment changed concurrently', { cause: error });
    throw error;
  }
}

/** The payment's writes of a reservation (to be committed with the refund item, and with a dossier change when one ends). */
export const reserveWrites = (payment: Payment, reserved: Payment, refund: Refund): TransactItem[] =>
  paymentTransitionWrites(payment, reserved, `refund ${refund.id} of ${refund.amount} VND requested by ${refund.requestedBy}: ${refund.reason}`);

export async function getRefund(paymentId: string, refundId: string): Promise<Refund | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: paymentKeys.refund(paymentId, refundId), ConsistentRead: true }));
  return Item?.refund as Refund | undefined;
}

/** A payment's refunds, oldest first. */
export async function listRefunds(paymentId: string): Promise<Refund[]> {
  const { pk, skPrefix } = paymentKeys.refundsOf(paymentId);
  const refunds: Refund[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config().tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    refunds.push(...(page.Items ?? []).map((item) => item.refund as Refund));
    start = page.LastEvaluatedKey;
  } while (start);
  return refunds.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** PENDING refunds due to be asked about again by `now` (or all PENDING ones), oldest first, read through (the index holds keys). */
export async function pendingRefunds(options: { dueBy?: string; limit: number }): Promise<Refund[]> {
  const { gsi2pk } = paymentKeys.pendingRefund('', '');
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: MAIN_INDEX.gsi2,
      KeyConditionExpression: options.dueBy ? 'gsi2pk = :pk AND gsi2sk < :due' : 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi2pk, ...(options.dueBy ? { ':due': `${options.dueBy}#\uffff` } : {}) },
      Limit: options.limit,
    }),
  );
  const refunds = await Promise.all((Items ?? []).map((item) => paymentKeys.refundOf({ pk: String(item.pk), sk: String(item.sk) })).map(({ paymentId, refundId }) => getRefund(paymentId, refundId)));
  return refunds.filter((refund): refund is Refund => refund?.state === 'PENDING');
}

/**
 * Claims the next call of a PENDING refund (attempts + 1, the next try pushed back), conditional on
 * nobody having called since it was read: of two sweeps, or a sweep and a request, one calls.
 */
export async function claimRefundAttempt(refund: Refund, next: Pick<Refund, 'attempts' | 'nextAttemptAt' | 'updatedAt'> & { lastError?: string }): Promise<Refund | undefined> {
  const claimed: Refund = { ...refund, ...next };
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: config().tableName,
        Key: paymentKeys.refund(refund.paymentId, refund.id),
        UpdateExpression: 'SET #refund = :refund, gsi2sk = :sk',
        ConditionExpression: '#refund.#state = :pending AND #refund.#attempts = :attempts',
        ExpressionAttributeNames: { '#refund': 'refund', '#state': 'state', '#attempts': 'attempts' },
        ExpressionAttributeValues: { ':refund': claimed, ':sk': paymentKeys.pendingRefund(claimed.nextAttemptAt ?? claimed.updatedAt, refund.id).gsi2sk, ':pending': 'PENDING', ':attempts': refund.attempts },
      }),
    );
    return claimed;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
