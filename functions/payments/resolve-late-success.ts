import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { accepted, ok } from '../../shared/http/response';
import { adminPaymentView, resolveLateSuccess } from '../../shared/payments/late-successes';
import { refundView } from '../../shared/payments/refunds';

/** POST /admin/payments/{id}/resolve-late-success: apply a late success to the fee, or refund it (202 while the refund is PENDING). */
export const handler = httpHandler(contracts.resolveLateSuccess, async ({ params, body, headers, caller, log, correlationId }) => {
  const { payment, refund } = await resolveLateSuccess({ paymentId: params.id, by: body.by, reason: body.reason, key: headers['idempotency-key']!, actorSub: caller.sub, log, correlationId });
  const answer = { payment: adminPaymentView(payment), ...(refund ? { refund: refundView(refund) } : {}) };
  return refund?.state === 'PENDING' ? accepted(answer) : ok(answer);
});
