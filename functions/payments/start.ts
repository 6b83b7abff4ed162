import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { created } from '../../shared/http/response';
import { startPayment } from '../../shared/payments/payments';
import { vnpaySettings } from '../../shared/payments/secrets';
import { clientIp, defaultReturnUrl, paymentView } from '../../shared/payments/view';

/** POST /dossiers/{id}/payments: start paying the fee due; answers the gateway's redirect URL. */
export const handler = httpHandler(contracts.startPayment, async ({ params, body, caller, event, log }) => {
  const settings = await vnpaySettings();
  const payment = await startPayment({
    dossierId: params.id,
    ownerSub: caller.sub,
    provider: body.provider,
    ipAddr: clientIp(event),
    returnUrl: settings.returnUrl ?? defaultReturnUrl(event),
    ...(body.locale ? { locale: body.locale } : {}),
  });
  log.info('payment.started', { paymentId: payment.id, dossierId: payment.dossierId, provider: payment.provider });
  return created(paymentView(payment), `/payments/${payment.id}`);
});
