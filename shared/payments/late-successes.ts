/**
 * Late successes: money a gateway took that paid no fee, kept (state LATE_SUCCESS) for an admin to
 * resolve: applied to the dossier's fee when it still takes exactly this money (→ PAID), or refunded
 * in full through the gateway (→ REFUNDED). Either way the payment's history and its `lateSuccess.resolution` say who, when and why.
 */
import { ConflictError, NotFoundError } from '../domain/errors';
import { assertPaymentTransition, whyFeeRefuses, type Payment } from '../domain/payment';
import { refundableAmount, type Refund } from '../domain/refund';
import type { Logger } from '../logger';
import { getDossier } from '../store/dossiers';
import { getPayment, listLateSuccessPayments, paymentHistory, paymentTransitionWrites } from '../store/payments';
import { listRefunds } from '../store/refunds';
import { failedOn } from '../store/transaction';
import { applyToFee, PAYMENT_ID } from './payments';
import type { Fetch } from './provider';
import { refundView, requestRefund } from './refunds';
import { paymentView } from './view';

/** A payment as an admin sees it: with the gateway's reference and the late success, if any. */
export const adminPaymentView = (payment: Payment) => ({
  ...paymentView(payment),
  ownerSub: payment.ownerSub,
  ...(payment.providerRef ? { providerRef: payment.providerRef } : {}),
  ...(payment.lateSuccess ? { lateSuccess: payment.lateSuccess } : {}),
});

export async function listLateSuccesses(limit: number) {
  const payments = await listLateSuccessPayments(limit);
  return payments.filter((payment) => payment.lateSuccess).map((payment) => ({ ...adminPaymentView(payment), lateSuccess: payment.lateSuccess! }));
}

/** A payment with its history and refunds, for admins. */
export async function adminPayment(id: string) {
  const payment = PAYMENT_ID.test(id) ? await getPayment(id) : undefined;
  if (!payment) throw new NotFoundError('No such payment.');
  const [history, refunds] = await Promise.all([paymentHistory(id), listRefunds(id)]);
  return { ...adminPaymentView(payment), history, refunds: refunds.map(refundView) };
}

export interface Resolution {
  paymentId: string;
  by: 'apply' | 'refund';
  reason: string;
  /** The request's Idempotency-Key: the refund's id is derived from it. */
  key: string;
  actorSub: string;
  log: Logger;
  correlationId?: string;
  now?: () => Date;
  fetch?: Fetch;
}

const MAX_ATTEMPTS = 5;

/** Resolves a late success: `apply` pays the dossier's fee with it, `refund` gives it all back. */
export async function resolveLateSuccess(input: Resolution): Promise<{ payment: Payment; refund?: Refund }> {
  const now = input.now ?? (() => new Date());
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const payment = PAYMENT_ID.test(input.paymentId) ? await getPayment(input.paymentId) : undefined;
    if (!payment) throw new NotFoundError('No such payment.');
    if (payment.state !== 'LATE_SUCCESS' || !payment.lateSuccess) throw new ConflictError(`This payment is ${payment.state}, not an unresolved late success.`, 'NOT_A_LATE_SUCCESS');
    if (payment.refundsPending) throw new ConflictError('A refund of this late success is in progress; it resolves it once the gateway answers.', 'REFUND_IN_PROGRESS');

    if (input.by === 'refund') {
      const refund = await requestRefund({
        paymentId: payment.id,
        amount: refundableAmount(payment),
        reason: input.reason,
        key: `late-success:${input.key}`,
        actorSub: input.actorSub,
        purpose: 'late-success',
        states: ['LATE_SUCCESS'],
        log: input.log,
        ...(input.correlationId ? { correlationId: input.correlationId } : {}),
        now,
        ...(input.fetch ? { fetch: input.fetch } : {}),
      });
      return { payment: (await getPayment(payment.id)) ?? payment, refund };
    }

    const dossier = await getDossier(payment.dossierId);
    if (!dossier) throw new NotFoundError('The dossier of this payment no longer exists.');
    const refusal = whyFeeRefuses(dossier, payment);
    if (refusal) throw new ConflictError(`This money cannot pay the dossier's fee: ${refusal}. Refund it instead.`, 'FEE_REFUSES_PAYMENT');
    assertPaymentTransition('LATE_SUCCESS', 'PAID');
    const at = now().toISOString();
    const providerRef = payment.lateSuccess.providerRef || payment.providerRef || '';
    const applied: Payment = {
      ...payment,
      state: 'PAID',
      paidAt: at,
      updatedAt: at,
      lateSuccess: { ...payment.lateSuccess, resolution: { by: 'apply', at, actorSub: input.actorSub, reason: input.reason } },
    };
    try {
      await applyToFee(dossier, payment, {
        at,
        providerRef,
        ...(input.correlationId ? { correlationId: input.correlationId } : {}),
        writes: paymentTransitionWrites(payment, applied, `late success applied to the fee by ${input.actorSub}: ${input.reason}`),
        note: `Khoản thanh toán đến muộn ${payment.amount} VND được ghi nhận cho lệ phí (${payment.provider} ${providerRef}): ${input.reason}`,
      });
    } catch (error) {
      // The dossier or the payment moved meanwhile: decide again on what is stored now.
      if (error instanceof ConflictError || failedOn(error, 'settlement')) continue;
      throw error;
    }
    input.log.info('payment.late_success_applied', { paymentId: payment.id, amount: payment.amount });
    return { payment: applied };
  }
  throw new ConflictError('The payment or its dossier is being changed concurrently; retry.', 'CONFLICT');
}
