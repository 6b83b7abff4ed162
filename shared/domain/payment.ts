/**
 * A payment (thanh toán trực tuyến) of a dossier's fee (phí, lệ phí), and the pure rules of its
 * lifecycle: which transitions exist and what a gateway's callback does to a payment. No AWS here.
 */
import * as z from 'zod';
import type { Dossier, DossierFee } from './dossier';
import type { DossierStatus } from './dossier-lifecycle';
import { IllegalTransitionError } from './errors';
import type { Agency, CheckoutProvider, Procedure } from './procedure';

/**
 * LATE_SUCCESS: the gateway took the money but it paid no fee: it came after the payment had FAILED
 * or EXPIRED, or when the fee was no longer due as this payment (paid by another, changed, or the
 * dossier ended). An admin resolves it: applied to the fee (→ PAID) or refunded (→ REFUNDED).
 */
export const PaymentState = z.enum(['CREATED', 'PENDING', 'PAID', 'FAILED', 'EXPIRED', 'LATE_SUCCESS', 'PARTIALLY_REFUNDED', 'REFUNDED']);
export type PaymentState = z.infer<typeof PaymentState>;

/** A payment of one dossier's fee through one provider. Money is integer VND (invariant 4). */
export interface Payment {
  /** Also the gateway's order reference (vnp_TxnRef): unique, ASCII letters and digits. */
  id: string;
  dossierId: string;
  /** The citizen who started it; only they may see it. */
  ownerSub: string;
  provider: string;
  amount: number;
  state: PaymentState;
  createdAt: string;
  updatedAt: string;
  /** The gateway refuses to take the money after this instant (vnp_ExpireDate). */
  expiresAt: string;
  /** Where the citizen's browser goes to pay. */
  redirectUrl?: string;
  /** The gateway's own transaction number, once it reported one. */
  providerRef?: string;
  paidAt?: string;
  failureReason?: string;
  /** Set when the money was taken but paid no fee (state LATE_SUCCESS, and kept once resolved). */
  lateSuccess?: { at: string; providerRef: string; previousState: PaymentState; reason: string; resolution?: LateSuccessResolution };
  /** Integer VND given back so far. */
  refunded?: number;
  /** Integer VND reserved by refunds the gateway has not answered yet (shared/domain/refund.ts). */
  refundsPending?: number;
  /** Bumped by every change: writes are conditional on the revision read. */
  revision?: number;
}

/** How an admin resolved a late success: applied to the fee, or refunded (then `refundId`). */
export interface LateSuccessResolution {
  by: 'apply' | 'refund';
  at: string;
  actorSub: string;
  reason?: string;
  refundId?: string;
}

/** The allowed transitions, as data. CREATED is the record before a redirect URL exists. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  CREATED: ['PENDING', 'PAID', 'FAILED', 'EXPIRED', 'LATE_SUCCESS'],
  PENDING: ['PAID', 'FAILED', 'EXPIRED', 'LATE_SUCCESS'],
  PAID: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  PARTIALLY_REFUNDED: ['PARTIALLY_REFUNDED', 'REFUNDED'],
  // The gateway reports a success after we had closed the payment.
  FAILED: ['LATE_SUCCESS'],
  EXPIRED: ['LATE_SUCCESS'],
  // Resolved by an admin: applied to the fee, or given back.
  LATE_SUCCESS: ['PAID', 'REFUNDED'],
  REFUNDED: [],
};

/** States in which the gateway may still settle a payment: a callback can move it. */
export const OPEN_PAYMENT_STATES: readonly PaymentState[] = ['CREATED', 'PENDING'];

export const isOpen = (payment: Pick<Payment, 'state'>) => OPEN_PAYMENT_STATES.includes(payment.state);

/** Throws IllegalTransitionError unless the table allows `from → to`. */
export function assertPaymentTransition(from: PaymentState, to: PaymentState): void {
  if (!PAYMENT_TRANSITIONS[from].includes(to)) throw new IllegalTransitionError(`A payment cannot go from ${from} to ${to}.`);
}

/** What a gateway told us about a payment, already authenticated and parsed by its provider adapter. */
export interface PaymentCallback {
  paymentId: string;
  /** The amount the gateway says it took, integer VND. */
  amount: number;
  outcome: 'paid' | 'failed';
  provider: string;
  /** The gateway's transaction number. */
  providerRef: string;
  /** Why it failed, e.g. the gateway's response code. */
  reason?: string;
}

/** What to do with a callback. The order of the checks is VNPay's: amount (04), then already confirmed (02). */
export type CallbackDecision = { kind: 'amount-mismatch' } | { kind: 'already-settled'; state: PaymentState } | { kind: 'late-success' } | { kind: 'settle'; to: 'PAID' | 'FAILED' };

/**
 * Decides a callback. A wrong amount never marks a payment paid (invariant 4), whatever its state;
 * a success for a payment we had closed (FAILED, EXPIRED) is a late success, kept for an admin; any
 * other callback for a settled payment changes nothing (duplicates are safe). `settle` PAID still
 * depends on the dossier (feeTakes): money that pays no fee becomes a late success too.
 */
export function decidePaymentCallback(payment: Pick<Payment, 'amount' | 'state'>, callback: Pick<PaymentCallback, 'amount' | 'outcome'>): CallbackDecision {
  if (!Number.isSafeInteger(callback.amount) || callback.amount !== payment.amount) return { kind: 'amount-mismatch' };
  if (!isOpen(payment)) {
    return callback.outcome === 'paid' && (payment.state === 'FAILED' || payment.state === 'EXPIRED') ? { kind: 'late-success' } : { kind: 'already-settled', state: payment.state };
  }
  return { kind: 'settle', to: callback.outcome === 'paid' ? 'PAID' : 'FAILED' };
}

/**
 * Whether this payment's money pays the dossier's fee now: the fee is still due, for exactly this
 * amount, and the dossier can still take it. Otherwise the money is owed back (a late success), so
 * that one fee is never paid twice (two PAID payments) nor paid with the wrong amount.
 */
export function whyFeeRefuses(dossier: Pick<Dossier, 'status' | 'fee'>, payment: Pick<Payment, 'amount'>): string | undefined {
  if (dossier.fee.state !== 'DUE') return `the fee is ${dossier.fee.state}`;
  if (dossier.fee.amount !== payment.amount) return `the fee due is ${dossier.fee.amount} VND, not ${payment.amount}`;
  if (!PAYABLE_STATUSES.includes(dossier.status)) return `the dossier is ${dossier.status}`;
  return undefined;
}

/** A result is handed over only once nothing is owed: never while the fee is DUE (it could then never be paid). */
export function whyNotReturnable(dossier: Pick<Dossier, 'fee'>): { code: 'FEE_DUE'; detail: string } | undefined {
  if (dossier.fee.state === 'DUE' && dossier.fee.amount > 0) return { code: 'FEE_DUE', detail: 'The fee of this dossier is still due: it must be paid before the result is returned.' };
  return undefined;
}

/**
 * The fee of a dossier that ends without a result (withdrawn, not accepted, stopped): what was owed is
 * no longer owed; what was paid is owed back, explicitly (refunds move it on from REFUND_DUE).
 */
export function feeWhenEnded(fee: DossierFee): DossierFee {
  if (fee.state === 'DUE') return { ...fee, state: 'CANCELLED' };
  if (fee.state === 'PAID') return { ...fee, state: 'REFUND_DUE' };
  return fee;
}

/**
 * Dossier statuses in which a due fee may be paid: from submission until the result is ready, and
 * while RESOLVED (a fee may be collected before the result is handed over). Not a draft (its fee
 * still changes with its answers) and not a terminal status.
 */
export const PAYABLE_STATUSES: readonly DossierStatus[] = ['SUBMITTED', 'RECEIVED', 'PROCESSING', 'SUPPLEMENT_REQUESTED', 'PAYMENT_REQUIRED', 'RESOLVED'];

/** The gateway a dossier's fee is paid through: the procedure's, else its agency's, else VNPay (nothing set changes nothing). */
export function paymentProviderFor(procedure: Pick<Procedure, 'paymentProvider'> | undefined, agency: Pick<Agency, 'paymentProvider'> | undefined): CheckoutProvider {
  return procedure?.paymentProvider ?? agency?.paymentProvider ?? 'vnpay';
}

/** Why a dossier's fee cannot be paid now, or undefined when it can. */
export function whyNotPayable(dossier: Pick<Dossier, 'status' | 'fee'>): { code: 'NO_FEE_DUE' | 'FEE_ALREADY_PAID' | 'NOT_PAYABLE_NOW'; detail: string } | undefined {
  if (dossier.fee.state === 'PAID') return { code: 'FEE_ALREADY_PAID', detail: 'The fee of this dossier is already paid.' };
  if (dossier.fee.state !== 'DUE' || dossier.fee.amount <= 0) return { code: 'NO_FEE_DUE', detail: 'No fee is due for this dossier.' };
  if (!PAYABLE_STATUSES.includes(dossier.status)) return { code: 'NOT_PAYABLE_NOW', detail: `A fee cannot be paid while the dossier is ${dossier.status}.` };
  return undefined;
}

/** The result (kết quả) may be downloaded once ready and no fee is still due. */
export function whyResultUnavailable(dossier: Pick<Dossier, 'status' | 'fee' | 'result'>): { code: 'RESULT_NOT_READY' | 'FEE_DUE'; detail: string } | undefined {
  if (dossier.status !== 'RESOLVED' && dossier.status !== 'RETURNED') return { code: 'RESULT_NOT_READY', detail: 'The result of this dossier is not ready yet.' };
  if (!dossier.result) return { code: 'RESULT_NOT_READY', detail: 'This dossier has no result.' };
  if (dossier.fee.state === 'DUE') return { code: 'FEE_DUE', detail: 'Pay the fee of this dossier to receive its result.' };
  return undefined;
}

/** ASCII only, as VNPay requires of vnp_OrderInfo: Vietnamese marks removed, đ → d. */
export function asciiText(text: string, maxLength = 255): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\x20-\x7e]/g, '')
    .slice(0, maxLength);
}
