/** The refund a withdrawal makes by itself (the procedure's refundOnEarlyWithdrawal), to be committed with the withdrawal. */
import type { Dossier } from '../domain/dossier';
import { AppError } from '../domain/errors';
import { refundableAmount, withRefundReserved } from '../domain/refund';
import { getPayment } from '../store/payments';
import { refundWrite, reserveWrites } from '../store/refunds';
import type { NamedWrites } from '../store/transaction';
import { newRefund } from './refunds';

/**
 * The writes of a full refund of what is left of the fee's payment: PENDING and reserved, due at once
 * (attempts 0), so the next payment-reconciliation run sends it. Undefined when nothing is left to refund.
 */
export async function withdrawalRefund(dossier: Dossier, at: Date): Promise<{ writes: NamedWrites } | undefined> {
  const payment = dossier.fee.paymentId ? await getPayment(dossier.fee.paymentId) : undefined;
  if (!payment) return undefined;
  const amount = refundableAmount(payment);
  if (amount <= 0) return undefined;
  let refund;
  try {
    refund = { ...newRefund(payment, { amount, reason: 'Rút hồ sơ trước khi xử lý', key: `withdrawal:${dossier.id}`, actorSub: 'system', purpose: 'withdrawal' }, at), attempts: 0, nextAttemptAt: at.toISOString() };
  } catch (error) {
    // Never in the way of a withdrawal: the fee stays REFUND_DUE, for an admin to refund.
    if (error instanceof AppError) return undefined;
    throw error;
  }
  return { writes: { settlement: reserveWrites(payment, withRefundReserved(payment, amount, refund.createdAt), refund), refund: refundWrite(refund) } };
}
