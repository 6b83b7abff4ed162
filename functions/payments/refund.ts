import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { accepted, created } from '../../shared/http/response';
import { refundView, requestRefund } from '../../shared/payments/refunds';

/** POST /admin/payments/{id}/refunds: give money back through the gateway; 202 while its answer is not known. */
export const handler = httpHandler(contracts.requestRefund, async ({ params, body, headers, caller, log, correlationId }) => {
  const refund = await requestRefund({
    paymentId: params.id,
    amount: body.amount,
    reason: body.reason,
    // The handler has already required the key: the refund's id is derived from it.
    key: headers['idempotency-key']!,
    actorSub: caller.sub,
    log,
    correlationId,
  });
  return refund.state === 'PENDING' ? accepted(refundView(refund)) : created(refundView(refund), `/admin/payments/${refund.paymentId}/refunds`);
});
