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
  ...(payment.redirectUrl && isOpen(payment) ? { redirectUrl: payment.redirectUrl } : {}),
});

/** The citizen's IP as API Gateway saw it (VNPay wants vnp_IpAddr). */
export function clientIp(event: HttpEvent): string {
  return (event.requestContext?.http?.sourceIp ?? '127.0.0.1').replace(/^::ffff:/, '');
}

/** This API's own return page, when PAYMENT_RETURN_URL does not name another (e.g. the web app's). */
export function defaultReturnUrl(event: HttpEvent): string {
  const host = event.headers?.host ?? event.requestContext?.domainName ?? 'localhost';
  const proto = event.headers?.['x-forwarded-proto'] ?? (/^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host) ? 'http' : 'https');
  return `${proto}://${host}/payments/vnpay/return`;
}
