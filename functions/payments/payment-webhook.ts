import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { acceptSignedWebhook } from '../../shared/payments/callbacks';
import { SIGNATURE_HEADER } from '../../shared/payments/signed-webhook';

/** POST /webhooks/payments/{provider}: a gateway's signed JSON webhook, checked on the exact raw body. */
export const handler = httpHandler(contracts.paymentWebhook, async ({ params, headers, rawBody, log, correlationId }) => {
  const outcome = await acceptSignedWebhook({ provider: params.provider, signatureHeader: headers[SIGNATURE_HEADER], rawBody, log, correlationId });
  return ok({ received: true, outcome });
});
