import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { created } from '../../shared/http/response';
import { paymentReturnUrl } from '../../shared/payments/secrets';
import { startPayment } from '../../shared/payments/start';
import { clientIp, paymentView } from '../../shared/payments/view';

/** POST /dossiers/{id}/payments: start paying the fee due; answers the gateway's redirect URL. */
export const handler = httpHandler(contracts.startPayment, async ({ params, body, caller, event, log }) => {
  const payment = await startPayment({
    dossierId: params.id,
    ownerSub: caller.sub,
    provider: body.provider,
    ipAddr: clientIp(event),
    // The stage's setting, never the request's Host or X-Forwarded-Proto (they are the caller's to forge).
    returnUrl: paymentReturnUrl(),
    log,
    ...(body.locale ? { locale: body.locale } : {}),
  });
  log.info('payment.started', { paymentId: payment.id, dossierId: payment.dossierId, provider: payment.provider });
  return created(paymentView(payment), `/payments/${payment.id}`);
});
