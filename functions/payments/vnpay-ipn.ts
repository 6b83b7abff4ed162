import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { answerVnpayIpn } from '../../shared/payments/callbacks';
import { IPN_ANSWERS } from '../../shared/payments/vnpay';

/**
 * GET /webhooks/vnpay/ipn: VNPay's server-to-server callback. Every answer is HTTP 200 with
 * { RspCode, Message } as VNPay's protocol wants; an unexpected failure is 99, which VNPay retries.
 */
export const handler = httpHandler(contracts.vnpayIpn, async ({ event, log, correlationId }) => {
  try {
    const answer = await answerVnpayIpn(event.rawQueryString ?? '', { log, correlationId });
    log.info('payment.ipn_answered', { rspCode: answer.RspCode });
    return ok(answer);
  } catch (error) {
    log.error('payment.ipn_failed', { error });
    return ok(IPN_ANSWERS.unknown);
  }
});
