/**
 * A payment (thanh toán trực tuyến) of a dossier's fee (phí, lệ phí), and the pure rules of its
 * lifecycle: which transitions exist and what a gateway's callback does to a payment. No AWS here.
 */
import * as z from 'zod';
import type { Dossier } from './dossier';
import type { DossierStatus } from './dossier-lifecycle';
import { IllegalTransitionError } from './errors';

export const PaymentState = z.enum(['CREATED', 'PENDING', 'PAID', 'FAILED', 'EXPIRED', 'REFUNDED']);
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
}

/** The allowed transitions, as data. CREATED is the record before a redirect URL exists. */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentState, readonly PaymentState[]>> = {
  CREATED: ['PENDING', 'PAID', 'FAILED', 'EXPIRED'],
  PENDING: ['PAID', 'FAILED', 'EXPIRED'],
  PAID: ['REFUNDED'],
  FAILED: [],
  EXPIRED: [],
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
export type CallbackDecision =
  | { kind: 'amount-mismatch' }
  | { kind: 'already-settled'; state: PaymentState }
  | { kind: 'settle'; to: 'PAID' | 'FAILED' };

/**
 * Decides a callback. A wrong amount never marks a payment paid (invariant 4), whatever its state;
 * a payment that is no longer open is not changed again (duplicates and late callbacks are safe).
 */
export function decidePaymentCallback(payment: Pick<Payment, 'amount' | 'state'>, callback: Pick<PaymentCallback, 'amount' | 'outcome'>): CallbackDecision {
  if (!Number.isSafeInteger(callback.amount) || callback.amount !== payment.amount) return { kind: 'amount-mismatch' };
  if (!isOpen(payment)) return { kind: 'already-settled', state: payment.state };
  return { kind: 'settle', to: callback.outcome === 'paid' ? 'PAID' : 'FAILED' };
}

/**
 * Dossier statuses in which a due fee may be paid: from submission until the result is ready, and
 * while RESOLVED (a fee may be collected before the result is handed over). Not a draft (its fee
 * still changes with its answers) and not a terminal status.
 */
export const PAYABLE_STATUSES: readonly DossierStatus[] = ['SUBMITTED', 'RECEIVED', 'PROCESSING', 'SUPPLEMENT_REQUESTED', 'PAYMENT_REQUIRED', 'RESOLVED'];

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
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]/g, '').slice(0, maxLength);
}
