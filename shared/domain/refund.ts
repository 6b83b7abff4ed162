/**
 * Refunds (hoàn tiền) of a payment, and their pure rules: how much may still go back, what a payment
 * and its dossier's fee become once a refund is through. No AWS here.
 *
 * A refund is reserved on its payment before the gateway is asked (`refundsPending`), in the same
 * conditional write that records it: concurrent refunds can never promise more than was paid, and a
 * refund the gateway has not answered stays PENDING (retried by the reconciliation schedule) rather
 * than lost.
 */
import * as z from 'zod';
import type { DossierFee } from './dossier';
import type { DossierStatus } from './dossier-lifecycle';
import type { Payment, PaymentState } from './payment';

/** PENDING: reserved, the gateway not (surely) answered yet; SUCCEEDED: the money went back; FAILED: the gateway refused. */
export const RefundState = z.enum(['PENDING', 'SUCCEEDED', 'FAILED']);
export type RefundState = z.infer<typeof RefundState>;

/** Why a refund was made: an admin's request, the resolution of a late success, or a withdrawal the procedure refunds. */
export const RefundPurpose = z.enum(['admin', 'late-success', 'withdrawal']);
export type RefundPurpose = z.infer<typeof RefundPurpose>;

export interface Refund {
  id: string;
  paymentId: string;
  dossierId: string;
  /** Integer VND. */
  amount: number;
  reason: string;
  purpose: RefundPurpose;
  state: RefundState;
  /** The admin's sub, or `system`. */
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
  /** Calls made to the gateway so far. */
  attempts: number;
  /** While PENDING: when the reconciliation schedule may ask the gateway again. */
  nextAttemptAt?: string;
  /** What went wrong with the last call whose outcome is unknown (timeout, HTTP 5xx, an unsure answer). */
  lastError?: string;
  /** The gateway's number of the refund transaction. */
  providerRef?: string;
  /** The gateway's refusal. */
  failure?: { code: string; message: string };
}

/** States of a payment whose money can be given back by an admin's refund. */
export const REFUNDABLE_STATES: readonly PaymentState[] = ['PAID', 'PARTIALLY_REFUNDED'];

/** What is left to give back: paid, minus refunded, minus refunds in flight. */
export const refundableAmount = (payment: Pick<Payment, 'amount' | 'refunded' | 'refundsPending'>) => payment.amount - (payment.refunded ?? 0) - (payment.refundsPending ?? 0);

/** Why `amount` cannot be refunded from `payment` now, or undefined. */
export function whyNotRefundable(
  payment: Pick<Payment, 'state' | 'amount' | 'refunded' | 'refundsPending'>,
  amount: number,
  states: readonly PaymentState[] = REFUNDABLE_STATES,
): { code: 'PAYMENT_NOT_REFUNDABLE' | 'REFUND_EXCEEDS_PAID'; detail: string } | undefined {
  if (!states.includes(payment.state)) return { code: 'PAYMENT_NOT_REFUNDABLE', detail: `A payment in state ${payment.state} cannot be refunded here.` };
  const left = refundableAmount(payment);
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > left) {
    return { code: 'REFUND_EXCEEDS_PAID', detail: `At most ${left} VND of this payment can still be refunded (${payment.amount} paid, ${payment.refunded ?? 0} refunded, ${payment.refundsPending ?? 0} in progress).` };
  }
  return undefined;
}

/** The payment with `amount` more reserved for a refund in flight. */
export const withRefundReserved = (payment: Payment, amount: number, at: string): Payment => ({ ...payment, refundsPending: (payment.refundsPending ?? 0) + amount, updatedAt: at });

/**
 * The payment once a refund of `amount` is through (or refused: `succeeded` false frees the
 * reservation). A late success that is refunded goes straight to REFUNDED (it paid no fee).
 */
export function afterRefund(payment: Payment, amount: number, succeeded: boolean, at: string): Payment {
  const pending = Math.max(0, (payment.refundsPending ?? 0) - amount);
  const { refundsPending: _pending, ...rest } = payment;
  const base: Payment = { ...rest, ...(pending ? { refundsPending: pending } : {}), updatedAt: at };
  if (!succeeded) return base;
  const refunded = (payment.refunded ?? 0) + amount;
  const state: PaymentState = payment.state === 'LATE_SUCCESS' || refunded >= payment.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  return { ...base, refunded, state };
}

/** The dossier's fee once the payment that paid it has `refunded` VND back; a fee some other payment paid is unchanged. */
export function feeAfterRefund(fee: DossierFee, payment: Pick<Payment, 'id' | 'refunded'>): DossierFee {
  if (fee.paymentId !== payment.id || !payment.refunded) return fee;
  return { ...fee, refunded: payment.refunded, state: payment.refunded >= fee.amount ? 'REFUNDED' : 'PARTIALLY_REFUNDED' };
}

/** Statuses before processing starts: a withdrawal from one of them is refunded where the procedure says so. */
export const BEFORE_PROCESSING: readonly DossierStatus[] = ['SUBMITTED', 'RECEIVED'];

/** Whether withdrawing a dossier now refunds its paid fee by itself (the procedure's `refundOnEarlyWithdrawal`). */
export function refundsOnWithdrawal(procedure: { refundOnEarlyWithdrawal?: boolean } | undefined, dossier: { status: DossierStatus; fee: DossierFee }): boolean {
  return !!procedure?.refundOnEarlyWithdrawal && BEFORE_PROCESSING.includes(dossier.status) && dossier.fee.state === 'PAID' && !!dossier.fee.paymentId;
}

/** When a PENDING refund is asked about again after `attempts` calls: 1, 2, 4 … minutes, at most an hour. */
export function nextAttemptAt(now: Date, attempts: number): string {
  return new Date(now.getTime() + Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000).toISOString();
}

/** After this many calls without a sure answer, a PENDING refund is reported (error log) at every further try. */
export const REFUND_ATTEMPTS_BEFORE_ALARM = 5;
