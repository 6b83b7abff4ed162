import { isOpen, type Payment } from '../domain/payment';
import type { HttpEvent } from '../http/handler';

/** A payment as the API shows it; the redirect URL only while it can still be used. */
export const paymentView = (payment: Payment) => ({
  paymentId: payment.id,
  dossierId: payment.dossierId,
  provider: payment.provider,
  amount: payment.amount,
  state: payment.state,
  createdAt: payment.createdAt,
  expiresAt: payment.expiresAt,
  ...(payment.paidAt ? { paidAt: payment.paidAt } : {}),
  ...(payment.refunded ? { refunded: payment.refunded } : {}),
  ...(payment.refundsPending ? { refundsPending: payment.refundsPending } : {}),
  ...(payment.redirectUrl && isOpen(payment) ? { redirectUrl: payment.redirectUrl } : {}),
});

/** The citizen's IP as API Gateway saw it (VNPay wants vnp_IpAddr). */
export function clientIp(event: HttpEvent): string {
  return (event.requestContext?.http?.sourceIp ?? '127.0.0.1').replace(/^::ffff:/, '');
}
