import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { acceptSignedWebhook, answerPaygovConfirm } from '../../shared/payments/callbacks';

/** POST /webhooks/payments/{provider}: a gateway's signed JSON webhook (either scheme), or PayGov's confirm callback, checked on the exact raw body. */
export const handler = httpHandler(contracts.paymentWebhook, async ({ params, headers, rawBody, log, correlationId }) => {
  if (params.provider === 'paygov') return ok(await answerPaygovConfirm(rawBody, { log, correlationId }));
  const outcome = await acceptSignedWebhook({ provider: params.provider, headers, rawBody, log, correlationId });
  return ok({ received: true, outcome });
});
