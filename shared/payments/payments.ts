/**
 * The payment use cases: start a payment of a dossier's fee, and settle it exactly once from
 * whichever callback arrives first (IPN, signed webhook or reconciliation).
 */
import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { events } from '../../events/catalog';
import { changeDossier, SYSTEM_ACTOR } from '../domain/dossier';
import { decide } from '../domain/dossier-lifecycle';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '../domain/errors';
import { asciiText, assertPaymentTransition, decidePaymentCallback, isOpen, whyNotPayable, type Payment, type PaymentCallback } from '../domain/payment';
import type { Logger } from '../http/logger';
import { commitDossierChange, getDossier } from '../store/dossiers';
import { outboxEvent } from '../store/outbox';
import { commitSettlement, createPayment, getOpenPaymentLock, getPayment, OpenPaymentExistsError, releaseOpenPayment, SettlementRaceError, settlementWrites } from '../store/payments';
import { providerNamed, type CheckoutProviderName } from './provider';
import { paymentTimings } from './secrets';
import { ConditionFailedError } from '../store/transaction';

/** After vnp_ExpireDate the lock holds a little longer, for a callback already on its way. */
const LOCK_GRACE_SECONDS = 5 * 60;
/** Our payment ids: also VNPay's vnp_TxnRef, so letters and digits only. */
export const PAYMENT_ID = /^[0-9a-f]{32}$/;

export interface StartPayment {
  dossierId: string;
  ownerSub: string;
  provider: CheckoutProviderName;
  ipAddr: string;
  returnUrl: string;
  locale?: 'vn' | 'en';
  now?: Date;
}

/** Starts paying a dossier's due fee: one open payment per fee; answers the gateway's redirect URL. */
export async function startPayment(input: StartPayment): Promise<Payment> {
  const dossier = await getDossier(input.dossierId);
  if (!dossier || dossier.ownerSub !== input.ownerSub) throw new NotFoundError('No such dossier.');
  const refusal = whyNotPayable(dossier);
  if (refusal) throw new ConflictError(refusal.detail, refusal.code);

  const now = input.now ?? new Date();
  const expiresAt = new Date(now.getTime() + paymentTimings().expireMinutes * 60_000);
  assertPaymentTransition('CREATED', 'PENDING');
  // The redirect URL is built before the write, so the payment is stored straight as PENDING (its history says CREATED → PENDING).
  const draft: Payment = {
    id: randomUUID().replace(/-/g, ''),
    dossierId: dossier.id,
    ownerSub: dossier.ownerSub,
    provider: input.provider,
    amount: dossier.fee.amount,
    state: 'PENDING',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAt: expiresAt.toISOString(),
  };
  const redirectUrl = await providerNamed(input.provider).checkoutUrl({
    payment: draft,
    orderInfo: asciiText(`Thanh toan le phi ho so ${dossier.code ?? dossier.id}`),
    returnUrl: input.returnUrl,
    ipAddr: input.ipAddr,
    ...(input.locale ? { locale: input.locale } : {}),
  });
  const payment: Payment = { ...draft, redirectUrl };
  const lockedUntil = Math.floor(expiresAt.getTime() / 1000) + LOCK_GRACE_SECONDS;
  try {
    await createPayment(payment, { dossierVersion: dossier.version, lockedUntil });
  } catch (error) {
    if (!(error instanceof OpenPaymentExistsError)) throw error;
    // The lock may be left by a payment that settled but could not release it: replace it then.
    const lock = await getOpenPaymentLock(dossier.id);
    const holder = lock && (await getPayment(lock.paymentId));
    if (!lock || !holder || isOpen(holder)) throw new OpenPaymentExistsError(lock?.paymentId);
    await createPayment(payment, { dossierVersion: dossier.version, lockedUntil, staleLockOf: lock.paymentId });
  }
  return payment;
}

export type SettleOutcome = 'not-found' | 'amount-mismatch' | 'already-settled' | 'recorded';

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
    if (decision.kind === 'already-settled') {
      // Money taken for a payment we already closed (expired or failed): an operator must refund it.
      if (callback.outcome === 'paid' && decision.state !== 'PAID') log.warn('payment.late_success', { state: decision.state, providerRef: callback.providerRef });
      return 'already-settled';
    }
    const at = now().toISOString();
    try {
      if (decision.to === 'PAID') await confirm(payment, callback, at, options.correlationId);
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
    await releaseOpenPayment(payment.dossierId, payment.id);
    log.info('payment.settled', { state: decision.to });
    return 'recorded';
  }
  throw new ServiceUnavailableError('The payment is being settled concurrently; retry.');
}

async function confirm(payment: Payment, callback: PaymentCallback, at: string, correlationId?: string): Promise<void> {
  const dossier = await getDossier(payment.dossierId);
  if (!dossier) throw new Error(`payment ${payment.id} refers to a missing dossier`);
  const covers = payment.amount >= dossier.fee.amount;
  // A paid fee resumes a dossier that waits for it; in any other status only its fee state changes.
  const resume = covers && dossier.status === 'PAYMENT_REQUIRED' ? decide(dossier, 'pay', 'citizen') : undefined;
  // The system records the payment (the citizen paid the gateway, not us): it never makes a person's next action stale.
  const change = changeDossier(dossier, {
    action: 'pay',
    actor: SYSTEM_ACTOR,
    at: new Date(at),
    ...(resume ? { decision: resume } : {}),
    set: { fee: { amount: dossier.fee.amount, state: covers ? 'PAID' : dossier.fee.state } },
    note: `Fee of ${payment.amount} VND paid online by the applicant (${payment.provider} ${callback.providerRef}).`,
  });
  await commitDossierChange({
    ...change,
    events: [outboxEvent(events.paymentConfirmed, { paymentId: payment.id, dossierId: dossier.id, amount: payment.amount, provider: payment.provider, providerRef: callback.providerRef }, { correlationId })],
    alsoWrite: { settlement: settlementWrites(payment, { to: 'PAID', at, providerRef: callback.providerRef }) },
  });
}

/** Closes a payment the gateway never completed, after its expiry. False if something else settled it first. */
export async function expirePayment(payment: Payment, at: string): Promise<boolean> {
  try {
    await commitSettlement(payment, { to: 'EXPIRED', at, reason: 'expired' }, [
      outboxEvent(events.paymentFailed, { paymentId: payment.id, dossierId: payment.dossierId, provider: payment.provider, reason: 'expired' }),
    ]);
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
