/**
 * The payment use cases: settle a payment exactly once from whichever callback arrives first (IPN,
 * signed webhook or reconciliation), expire it, show it to its owner. Starting one: start.ts.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { events } from '../../events/catalog';
import { changeDossier, SYSTEM_ACTOR, type Dossier } from '../domain/dossier';
import { decide } from '../domain/dossier-lifecycle';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '../domain/errors';
import { decidePaymentCallback, isOpen, whyFeeRefuses, type Payment, type PaymentCallback } from '../domain/payment';
import type { Logger } from '../logger';
import { commitDossierChange, getDossier } from '../store/dossiers';
import { outboxEvent } from '../store/outbox';
import { commitSettlement, getPayment, releaseOpenPayment, SettlementRaceError, settlementWrites } from '../store/payments';
import { ConditionFailedError, type TransactItem } from '../store/transaction';

/** Our payment ids: also VNPay's vnp_TxnRef, so letters and digits only. */
export const PAYMENT_ID = /^[0-9a-f]{32}$/;

/** `late-success`: the money was taken but pays no fee; recorded for an admin to apply or refund. */
export type SettleOutcome = 'not-found' | 'amount-mismatch' | 'already-settled' | 'recorded' | 'late-success';

const MAX_ATTEMPTS = 8;
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** Math.min(attempt, 5)));

/**
 * Applies an authenticated callback. PAID commits the payment, the dossier's fee state (and its
 * resumption from PAYMENT_REQUIRED) and `payment.confirmed` in one transaction conditional on the
 * payment being open: of any number of concurrent callbacks exactly one wins; the others re-read
 * and find it settled. Idempotent on the payment id (= the gateway's order reference).
 */
export async function settle(callback: PaymentCallback, options: { log: Logger; correlationId?: string; now?: () => Date }): Promise<SettleOutcome> {
  const now = options.now ?? (() => new Date());
  const log = options.log.child({ paymentId: callback.paymentId, provider: callback.provider });
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const payment = PAYMENT_ID.test(callback.paymentId) ? await getPayment(callback.paymentId) : undefined;
    if (!payment || payment.provider !== callback.provider) return 'not-found';
    const decision = decidePaymentCallback(payment, callback);
    if (decision.kind === 'amount-mismatch') {
      log.warn('payment.amount_mismatch', { expected: payment.amount, reported: callback.amount });
      return 'amount-mismatch';
    }
    if (decision.kind === 'already-settled') return 'already-settled';
    const at = now().toISOString();
    let outcome: SettleOutcome = 'recorded';
    try {
      if (decision.kind === 'late-success') outcome = await recordLateSuccess(payment, callback, at, `reported paid after ${payment.state}`, log, options.correlationId);
      else if (decision.to === 'PAID') outcome = await confirm(payment, callback, at, log, options.correlationId);
      else {
        const reason = callback.reason ?? 'failed';
        await commitSettlement(payment, { to: 'FAILED', at, providerRef: callback.providerRef, reason }, [
          outboxEvent(events.paymentFailed, { paymentId: payment.id, dossierId: payment.dossierId, provider: payment.provider, reason }, { correlationId: options.correlationId }),
        ]);
      }
    } catch (error) {
      if (error instanceof SettlementRaceError || error instanceof ConflictError || error instanceof ConditionFailedError || error instanceof TransactionCanceledException) {
        await pause(attempt);
        continue;
      }
      throw error;
    }
    if (isOpen(payment)) await releaseOpenPayment(payment.dossierId, payment.id);
    if (outcome === 'recorded') log.info('payment.settled', { state: decision.kind === 'settle' ? decision.to : 'LATE_SUCCESS' });
    return outcome;
  }
  throw new ServiceUnavailableError('The payment is being settled concurrently; retry.');
}

/**
 * Money taken that pays no fee: the payment becomes LATE_SUCCESS (listed for an admin, who applies or
 * refunds it), with `payment.late_success` and a structured warning that the alarm counts.
 */
async function recordLateSuccess(payment: Payment, callback: PaymentCallback, at: string, reason: string, log: Logger, correlationId?: string): Promise<SettleOutcome> {
  await commitSettlement(payment, { to: 'LATE_SUCCESS', at, providerRef: callback.providerRef, reason }, [
    outboxEvent(
      events.paymentLateSuccess,
      { paymentId: payment.id, dossierId: payment.dossierId, amount: payment.amount, provider: payment.provider, providerRef: callback.providerRef, previousState: payment.state, reason },
      { correlationId },
    ),
  ]);
  log.warn('payment.late_success', { previousState: payment.state, amount: payment.amount, providerRef: callback.providerRef, reason });
  return 'late-success';
}

/**
 * PAID: the payment, the dossier's fee (and its resumption from PAYMENT_REQUIRED) and
 * `payment.confirmed` in one transaction, conditional on both being as read. Only money that pays
 * the fee due now is applied to it; any other is a late success, so one fee is never paid twice.
 */
async function confirm(payment: Payment, callback: PaymentCallback, at: string, log: Logger, correlationId?: string): Promise<SettleOutcome> {
  const dossier = await getDossier(payment.dossierId);
  if (!dossier) throw new Error(`payment ${payment.id} refers to a missing dossier`);
  const refusal = whyFeeRefuses(dossier, payment);
  if (refusal) return recordLateSuccess(payment, callback, at, refusal, log, correlationId);
  await applyToFee(dossier, payment, { at, providerRef: callback.providerRef, correlationId, writes: settlementWrites(payment, { to: 'PAID', at, providerRef: callback.providerRef }) });
  return 'recorded';
}

/** Commits `payment` as the one that paid the dossier's fee, with `writes` (the payment's own transition). */
export async function applyToFee(dossier: Dossier, payment: Payment, options: { at: string; providerRef: string; correlationId?: string; writes?: readonly TransactItem[]; note?: string }): Promise<void> {
  const { at, providerRef, correlationId } = options;
  // A paid fee resumes a dossier that waits for it; in any other status only its fee state changes.
  const resume = dossier.status === 'PAYMENT_REQUIRED' ? decide(dossier, 'pay', 'citizen') : undefined;
  // The system records the payment (the citizen paid the gateway, not us): it never makes a person's next action stale.
  const change = changeDossier(dossier, {
    action: 'pay',
    actor: SYSTEM_ACTOR,
    at: new Date(at),
    ...(resume ? { decision: resume } : {}),
    set: { fee: { amount: dossier.fee.amount, state: 'PAID', paymentId: payment.id } },
    note: options.note ?? `Fee of ${payment.amount} VND paid online by the applicant (${payment.provider} ${providerRef}).`,
  });
  await commitDossierChange({
    ...change,
    events: [outboxEvent(events.paymentConfirmed, { paymentId: payment.id, dossierId: dossier.id, amount: payment.amount, provider: payment.provider, providerRef }, { correlationId })],
    ...(options.writes ? { alsoWrite: { settlement: options.writes } } : {}),
  });
}

/** Closes a payment the gateway never completed, after its expiry. False if something else settled it first. */
export async function expirePayment(payment: Payment, at: string): Promise<boolean> {
  try {
    await commitSettlement(payment, { to: 'EXPIRED', at, reason: 'expired' }, [outboxEvent(events.paymentFailed, { paymentId: payment.id, dossierId: payment.dossierId, provider: payment.provider, reason: 'expired' })]);
  } catch (error) {
    if (error instanceof SettlementRaceError) return false;
    throw error;
  }
  await releaseOpenPayment(payment.dossierId, payment.id);
  return true;
}

/** A payment as its owner sees it; another citizen gets 404. */
export async function paymentOf(id: string, ownerSub: string): Promise<Payment> {
  const payment = PAYMENT_ID.test(id) ? await getPayment(id) : undefined;
  if (!payment || payment.ownerSub !== ownerSub) throw new NotFoundError('No such payment.');
  return payment;
}
