/** Late successes: money a gateway took that paid no fee, kept (state LATE_SUCCESS) for an admin to resolve. */
import { listLateSuccessPayments } from '../store/payments';
import { paymentView } from './view';

export async function listLateSuccesses(limit: number) {
  const payments = await listLateSuccessPayments(limit);
  return payments.filter((payment) => payment.lateSuccess).map((payment) => ({
    ...paymentView(payment),
    ownerSub: payment.ownerSub,
    ...(payment.providerRef ? { providerRef: payment.providerRef } : {}),
    lateSuccess: payment.lateSuccess!,
  }));
}
