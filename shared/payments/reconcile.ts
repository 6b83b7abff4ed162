/**
 * Reconciliation: payments still open some minutes after creation are asked about at their gateway
 * (a lost IPN must not leave a citizen's paid fee unpaid); those the gateway never completed are
 * EXPIRED once past their expiry.
 */
import type { Payment } from '../domain/payment';
import type { Logger } from '../logger';
import { openPaymentsCreatedBefore } from '../store/payments';
import { expirePayment, settle } from './payments';
import { providerNamed, type Fetch, type ProviderStatus } from './provider';
import { paymentTimings } from './secrets';

/** A gateway accepts no payment after expiry; wait a little longer for its last callbacks. */
const EXPIRY_GRACE_MS = 5 * 60_000;

export interface ReconcileReport {
  checked: number;
  paid: number;
  failed: number;
  expired: number;
  lateSuccesses: number;
  /** Settled by a callback between the listing and the question. */
  settledMeanwhile: number;
  stillOpen: number;
  errors: number;
}

/** What asking the gateway did to one open payment. */
export type GatewayOutcome = 'paid' | 'failed' | 'expired' | 'late-success' | 'settled-meanwhile' | 'still-open' | 'error';

/**
 * Asks a payment's gateway what became of it and settles it accordingly: paid (or a late success if
 * the money pays no fee), failed, or EXPIRED once past its expiry when the gateway never completed
 * it. An unreachable or unsure gateway never expires a payment that might have been paid.
 */
export async function settleFromGateway(payment: Payment, options: { log: Logger; now: Date; fetch?: Fetch }): Promise<GatewayOutcome> {
  const { log, now } = options;
  let status: ProviderStatus;
  try {
    status = await providerNamed(payment.provider).query(payment, { now, fetch: options.fetch ?? fetch, orderInfo: `Truy van giao dich ${payment.id}` });
  } catch (error) {
    status = { kind: 'unknown', detail: error instanceof Error ? error.name : 'query failed' };
  }
  const clock = { log, now: () => now };
  if (status.kind === 'paid') {
    const outcome = await settle({ paymentId: payment.id, amount: status.amount ?? Number.NaN, outcome: 'paid', provider: payment.provider, providerRef: status.providerRef }, clock);
    if (outcome === 'recorded') return 'paid';
    if (outcome === 'late-success') return 'late-success';
    return outcome === 'already-settled' ? 'settled-meanwhile' : 'error';
  }
  if (status.kind === 'failed') {
    const outcome = await settle({ paymentId: payment.id, amount: payment.amount, outcome: 'failed', provider: payment.provider, providerRef: '', reason: status.reason }, clock);
    return outcome === 'recorded' ? 'failed' : 'settled-meanwhile';
  }
  if ((status.kind === 'pending' || status.kind === 'not-found') && now.getTime() > Date.parse(payment.expiresAt) + EXPIRY_GRACE_MS) {
    return (await expirePayment(payment, now.toISOString())) ? 'expired' : 'settled-meanwhile';
  }
  if (status.kind === 'unknown') log.warn('payment.reconcile_unknown', { detail: status.detail });
  return 'still-open';
}

export async function reconcilePayments(options: { log: Logger; now?: Date; fetch?: Fetch }): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - paymentTimings().reconcileAfterMinutes * 60_000).toISOString();
  const payments = await openPaymentsCreatedBefore(cutoff);
  const report: ReconcileReport = { checked: 0, paid: 0, failed: 0, expired: 0, lateSuccesses: 0, settledMeanwhile: 0, stillOpen: 0, errors: 0 };
  const counter: Record<GatewayOutcome, keyof ReconcileReport> = {
    paid: 'paid',
    failed: 'failed',
    expired: 'expired',
    'late-success': 'lateSuccesses',
    'settled-meanwhile': 'settledMeanwhile',
    'still-open': 'stillOpen',
    error: 'errors',
  };
  for (const payment of payments) {
    report.checked += 1;
    const log = options.log.child({ paymentId: payment.id, provider: payment.provider });
    try {
      report[counter[await settleFromGateway(payment, { log, now, ...(options.fetch ? { fetch: options.fetch } : {}) })]] += 1;
    } catch (error) {
      report.errors += 1;
      log.error('payment.reconcile_failed', { error });
    }
  }
  options.log.info('payment.reconciled', { ...report });
  return report;
}
