import { checkConfigAtInit } from '../../shared/config';
import { createLogger } from '../../shared/logger';
import { reconcilePayments, type ReconcileReport } from '../../shared/payments/reconcile';
import { retryPendingRefunds, type RefundRetryReport } from '../../shared/payments/refunds';

checkConfigAtInit();

/** Scheduled (events/rules.ts `payment-reconciliation`): asks the gateways about payments still open, and again about refunds not surely answered. */
export async function handler(): Promise<ReconcileReport & { refunds: RefundRetryReport }> {
  const log = createLogger({ service: 'motcua', job: 'payment-reconciliation' });
  const report = await reconcilePayments({ log });
  return { ...report, refunds: await retryPendingRefunds({ log }) };
}
