/**
 * Reconciliation: payments still open some minutes after creation are asked about at their gateway
 * (a lost IPN must not leave a citizen's paid fee unpaid); those the gateway never completed are
 * EXPIRED once past their expiry.
 */
import type { Logger } from '../http/logger';
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
  stillOpen: number;
  errors: number;
}

export async function reconcilePayments(options: { log: Logger; now?: Date; fetch?: Fetch }): Promise<ReconcileReport> {
  const now = options.now ?? new Date();
  const fetchImpl = options.fetch ?? fetch;
  const cutoff = new Date(now.getTime() - paymentTimings().reconcileAfterMinutes * 60_000).toISOString();
  const payments = await openPaymentsCreatedBefore(cutoff);
  const report: ReconcileReport = { checked: 0, paid: 0, failed: 0, expired: 0, stillOpen: 0, errors: 0 };
  for (const payment of payments) {
    report.checked += 1;
    const log = options.log.child({ paymentId: payment.id, provider: payment.provider });
    try {
      let status: ProviderStatus;
      try {
        status = await providerNamed(payment.provider).query(payment, { now, fetch: fetchImpl, orderInfo: `Truy van giao dich ${payment.id}` });
      } catch (error) {
        status = { kind: 'unknown', detail: error instanceof Error ? error.name : 'query failed' };
      }
      const clock = { log, now: () => now };
      if (status.kind === 'paid') {
        const outcome = await settle({ paymentId: payment.id, amount: status.amount ?? Number.NaN, outcome: 'paid', provider: payment.provider, providerRef: status.providerRef }, clock);
        if (outcome === 'recorded') report.paid += 1;
        else if (outcome === 'amount-mismatch') report.errors += 1;
      } else if (status.kind === 'failed') {
        const outcome = await settle({ paymentId: payment.id, amount: payment.amount, outcome: 'failed', provider: payment.provider, providerRef: '', reason: status.reason }, clock);
        if (outcome === 'recorded') report.failed += 1;
      } else if ((status.kind === 'pending' || status.kind === 'not-found') && now.getTime() > Date.parse(payment.expiresAt) + EXPIRY_GRACE_MS) {
        if (await expirePayment(payment, now.toISOString())) report.expired += 1;
      } else {
        // Unknown (gateway unreachable or unsure): never expire what might have been paid.
        if (status.kind === 'unknown') log.warn('payment.reconcile_unknown', { detail: status.detail });
        report.stillOpen += 1;
      }
    } catch (error) {
      report.errors += 1;
      log.error('payment.reconcile_failed', { error });
    }
  }
  options.log.info('payment.reconciled', { ...report });
  return report;
}
