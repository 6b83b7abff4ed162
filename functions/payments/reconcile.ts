import { createLogger } from '../../shared/http/logger';
import { reconcilePayments, type ReconcileReport } from '../../shared/payments/reconcile';

/** Scheduled (events/rules.ts `payment-reconciliation`): asks the gateways about payments still open. */
export async function handler(): Promise<ReconcileReport> {
  return reconcilePayments({ log: createLogger({ service: 'motcua', job: 'payment-reconciliation' }) });
}
