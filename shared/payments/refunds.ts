/**
 * Refunds through the payment's gateway (VNPay `vnp_Command=refund`). A refund is first reserved on
 * its payment (so concurrent refunds never exceed what was paid), then the gateway is called; its
 * answer is recorded with the payment's new state, `payment.refunded` and the dossier's fee in one
 * transaction. A call whose outcome is unknown (timeout, 5xx, an unsure code) leaves the refund
 * PENDING: the reconciliation schedule asks again (retryPendingRefunds), with the same request id.
 */
import { createHash } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { events } from '../../events/catalog';
import { changeDossier, SYSTEM_ACTOR } from '../domain/dossier';
import { ConflictError, NotFoundError, UnprocessableError } from '../domain/errors';
import type { Payment, PaymentState } from '../domain/payment';
import { afterRefund, feeAfterRefund, nextAttemptAt, REFUND_ATTEMPTS_BEFORE_ALARM, refundableAmount, whyNotRefundable, withRefundReserved, type Refund, type RefundPurpose } from '../domain/refund';
import type { Logger } from '../logger';
import { commitDossierChange, getDossier } from '../store/dossiers';
import { outboxEvent } from '../store/outbox';
import { commitPaymentWrites, getPayment, paymentTransitionWrites, SettlementRaceError } from '../store/payments';
import { claimRefundAttempt, getRefund, listRefunds, pendingRefunds, RefundExistsError, refundWrite, reserveRefund } from '../store/refunds';
import { ConditionFailedError } from '../store/transaction';
import { PAYMENT_ID } from './payments';
import { providerNamed, type Fetch, type ProviderRefundResult } from './provider';
import { say } from '../domain/field-messages';

/** A refund's id: derived from its payment, who asks and the request's Idempotency-Key (scoped per caller, like the key), so a retried request finds its refund. */
export const refundIdFor = (paymentId: string, actorSub: string, key: string) => createHash('sha256').update(`${paymentId}\n${actorSub}\n${key}`).digest('hex').slice(0, 32);

const MAX_ATTEMPTS = 8;
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 5)));
const isRace = (error: unknown) => error instanceof SettlementRaceError || error instanceof ConflictError || error instanceof ConditionFailedError || error instanceof TransactionCanceledException;

export interface RefundInput {
  paymentId: string;
  amount: number;
  reason: string;
  /** The request's Idempotency-Key (or another stable key of the request). */
  key: string;
  actorSub: string;
  purpose?: RefundPurpose;
  /** The payment states this refund accepts (admin refunds: PAID, PARTIALLY_REFUNDED). */
  states?: readonly PaymentState[];
  log: Logger;
  correlationId?: string;
  now?: () => Date;
  fetch?: Fetch;
}

/** The writes and the record of a new PENDING refund of `payment`, or the refusal. */
export function newRefund(payment: Payment, input: Pick<RefundInput, 'amount' | 'reason' | 'key' | 'actorSub' | 'purpose' | 'states'>, at: Date): Refund {
  const refusal = whyNotRefundable(payment, input.amount, input.states);
  if (refusal?.code === 'PAYMENT_NOT_REFUNDABLE') throw new ConflictError(refusal.detail, refusal.code);
  if (refusal) throw new UnprocessableError(refusal.detail, refusal.code, [{ path: 'body.amount', message: say('refundAtMost', { n: refundableAmount(payment) }) }]);
  if (!providerNamed(payment.provider).refunds) throw new ConflictError(`Refunds through ${payment.provider} are not integrated; refund it by hand.`, 'REFUNDS_NOT_SUPPORTED');
  const stamp = at.toISOString();
  return {
    id: refundIdFor(payment.id, input.actorSub, input.key),
    paymentId: payment.id,
    dossierId: payment.dossierId,
    amount: input.amount,
    reason: input.reason,
    purpose: input.purpose ?? 'admin',
    state: 'PENDING',
    requestedBy: input.actorSub,
    createdAt: stamp,
    updatedAt: stamp,
    // The request calls the gateway itself right away; the schedule only picks it up if that call never ends.
    attempts: 1,
    nextAttemptAt: nextAttemptAt(at, 2),
  };
}

/**
 * Refunds `amount` of a payment: reserved, then sent to the gateway. Answers the refund: SUCCEEDED,
 * FAILED (refused by the gateway, the reservation freed) or PENDING (to be asked again). The same key
 * answers the same refund.
 */
export async function requestRefund(input: RefundInput): Promise<Refund> {
  const now = input.now ?? (() => new Date());
  if (!PAYMENT_ID.test(input.paymentId)) throw new NotFoundError('No such payment.');
  const refundId = refundIdFor(input.paymentId, input.actorSub, input.key);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const existing = await getRefund(input.paymentId, refundId);
    if (existing) return existing;
    const payment = await getPayment(input.paymentId);
    if (!payment) throw new NotFoundError('No such payment.');
    const refund = newRefund(payment, input, now());
    try {
      await reserveRefund(payment, withRefundReserved(payment, refund.amount, refund.createdAt), refund);
    } catch (error) {
      if (error instanceof SettlementRaceError || error instanceof RefundExistsError) {
        await pause(attempt);
        continue;
      }
      throw error;
    }
    input.log.info('payment.refund_requested', { paymentId: payment.id, refundId, amount: refund.amount, purpose: refund.purpose });
    return callGateway(refund, input);
  }
  throw new ConflictError('The payment is being changed concurrently; retry.', 'CONFLICT');
}

/** Calls the gateway for a refund whose attempt is already counted, and records what it answered. */
async function callGateway(refund: Refund, options: { log: Logger; correlationId?: string; now?: () => Date; fetch?: Fetch }): Promise<Refund> {
  const now = options.now ?? (() => new Date());
  const log = options.log.child({ paymentId: refund.paymentId, refundId: refund.id });
  const payment = await getPayment(refund.paymentId);
  if (!payment) throw new Error(`refund ${refund.id} refers to a missing payment`);
  let result: ProviderRefundResult;
  try {
    result = await providerNamed(payment.provider).refund(payment, refund, { now: now(), fetch: options.fetch ?? fetch });
  } catch (error) {
    result = { kind: 'unknown', detail: error instanceof Error ? error.name : 'refund failed' };
  }
  if (result.kind === 'unknown') {
    // Nothing is known: the reservation stays, and the schedule asks again with the same request id.
    const kept = await claimRefundAttempt(refund, { attempts: refund.attempts, nextAttemptAt: refund.nextAttemptAt ?? nextAttemptAt(now(), refund.attempts), updatedAt: now().toISOString(), lastError: result.detail });
    const fields = { attempts: refund.attempts, amount: refund.amount, detail: result.detail };
    if (refund.attempts >= REFUND_ATTEMPTS_BEFORE_ALARM) log.error('payment.refund_stuck', fields);
    else log.warn('payment.refund_unsettled', fields);
    return kept ?? (await getRefund(refund.paymentId, refund.id)) ?? refund;
  }
  return recordOutcome(refund, result, { ...options, log, now });
}

/** Records the gateway's final answer: the refund, the payment, the dossier's fee and the event, together. */
async function recordOutcome(refund: Refund, result: Exclude<ProviderRefundResult, { kind: 'unknown' }>, options: { log: Logger; correlationId?: string; now: () => Date }): Promise<Refund> {
  const { log, correlationId } = options;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const current = await getRefund(refund.paymentId, refund.id);
    if (current?.state !== 'PENDING') return current ?? refund;
    const payment = await getPayment(refund.paymentId);
    if (!payment) throw new Error(`refund ${refund.id} refers to a missing payment`);
    const at = options.now().toISOString();
    const succeeded = result.kind === 'refunded';
    const { nextAttemptAt: _next, lastError: _error, ...settled } = current;
    const next: Refund = {
      ...settled,
      state: succeeded ? 'SUCCEEDED' : 'FAILED',
      updatedAt: at,
      ...(result.kind === 'refunded' ? { providerRef: result.providerRef } : { failure: { code: result.code, message: result.message } }),
    };
    let paid = afterRefund(payment, current.amount, succeeded, at);
    if (succeeded && payment.state === 'LATE_SUCCESS' && paid.lateSuccess) {
      paid = { ...paid, lateSuccess: { ...paid.lateSuccess, resolution: { by: 'refund', at, actorSub: current.requestedBy, reason: current.reason, refundId: current.id } } };
    }
    const note = succeeded ? `refund ${current.id}: ${current.amount} VND given back (${payment.provider} ${next.providerRef})` : `refund ${current.id} refused (${next.failure?.code})`;
    const writes = [...paymentTransitionWrites(payment, paid, note), refundWrite(next, current)];
    const event =
      result.kind === 'refunded'
        ? outboxEvent(
            events.paymentRefunded,
            {
              paymentId: payment.id,
              dossierId: payment.dossierId,
              refundId: current.id,
              amount: current.amount,
              refundedTotal: paid.refunded ?? 0,
              state: paid.state as 'PARTIALLY_REFUNDED' | 'REFUNDED',
              provider: payment.provider,
              providerRef: result.providerRef,
              purpose: current.purpose,
            },
            { correlationId },
          )
        : outboxEvent(events.paymentRefundFailed, { paymentId: payment.id, dossierId: payment.dossierId, refundId: current.id, amount: current.amount, provider: payment.provider, code: result.code }, { correlationId });
    try {
      const dossier = succeeded ? await getDossier(payment.dossierId) : undefined;
      if (dossier && dossier.fee.paymentId === payment.id) {
        // The fee follows the payment that paid it; the system records it (no person's next action becomes stale).
        const change = changeDossier(dossier, { action: 'refund', actor: SYSTEM_ACTOR, at: new Date(at), set: { fee: feeAfterRefund(dossier.fee, paid) }, note: `Hoàn trả ${current.amount} VND (${current.reason})` });
        await commitDossierChange({ ...change, events: [event], alsoWrite: { settlement: writes } });
      } else {
        await commitPaymentWrites(writes, [event]);
      }
    } catch (error) {
      if (isRace(error)) {
        await pause(attempt);
        continue;
      }
      throw error;
    }
    if (succeeded) log.info('payment.refunded', { amount: current.amount, state: paid.state });
    else log.warn('payment.refund_refused', { amount: current.amount, code: result.code });
    return next;
  }
  // The gateway's answer is known but could not be recorded: it stays PENDING and the schedule asks again.
  log.warn('payment.refund_unrecorded', { outcome: result.kind });
  return (await getRefund(refund.paymentId, refund.id)) ?? refund;
}

export interface RefundRetryReport {
  checked: number;
  refunded: number;
  refused: number;
  stillPending: number;
  skipped: number;
}

/**
 * The schedule's part (payment-reconciliation): each PENDING refund due again is claimed (one caller
 * per attempt) and sent again with the same request id; nothing reserved is ever dropped.
 */
export async function retryPendingRefunds(options: { log: Logger; now?: Date; fetch?: Fetch; limit?: number }): Promise<RefundRetryReport> {
  const now = options.now ?? new Date();
  const report: RefundRetryReport = { checked: 0, refunded: 0, refused: 0, stillPending: 0, skipped: 0 };
  for (const refund of await pendingRefunds({ dueBy: now.toISOString(), limit: options.limit ?? 100 })) {
    report.checked += 1;
    const attempts = refund.attempts + 1;
    const claimed = await claimRefundAttempt(refund, { attempts, nextAttemptAt: nextAttemptAt(now, attempts), updatedAt: now.toISOString() });
    if (!claimed) {
      report.skipped += 1;
      continue;
    }
    try {
      const after = await callGateway(claimed, { log: options.log, now: () => now, ...(options.fetch ? { fetch: options.fetch } : {}) });
      report[after.state === 'SUCCEEDED' ? 'refunded' : after.state === 'FAILED' ? 'refused' : 'stillPending'] += 1;
    } catch (error) {
      report.stillPending += 1;
      options.log.error('payment.refund_retry_failed', { paymentId: refund.paymentId, refundId: refund.id, error });
    }
  }
  if (report.checked) options.log.info('payment.refunds_retried', { ...report });
  return report;
}

/** A refund as the API shows it. */
export const refundView = (refund: Refund) => ({
  refundId: refund.id,
  paymentId: refund.paymentId,
  dossierId: refund.dossierId,
  amount: refund.amount,
  reason: refund.reason,
  purpose: refund.purpose,
  state: refund.state,
  requestedBy: refund.requestedBy,
  createdAt: refund.createdAt,
  updatedAt: refund.updatedAt,
  attempts: refund.attempts,
  ...(refund.nextAttemptAt && refund.state === 'PENDING' ? { nextAttemptAt: refund.nextAttemptAt } : {}),
  ...(refund.lastError ? { lastError: refund.lastError } : {}),
  ...(refund.providerRef ? { providerRef: refund.providerRef } : {}),
  ...(refund.failure ? { failure: refund.failure } : {}),
});

/** Every PENDING refund, the oldest due first, for admins. */
export const listPendingRefunds = (limit: number) => pendingRefunds({ limit });

/** A payment's refunds, for admins. */
export async function refundsOf(paymentId: string): Promise<Refund[]> {
  if (!PAYMENT_ID.test(paymentId) || !(await getPayment(paymentId))) throw new NotFoundError('No such payment.');
  return listRefunds(paymentId);
}
