/**
 * The gateways' callbacks, authenticated before anything is read: VNPay's IPN (a signed GET), the
 * browser's return from VNPay (display only), and signed JSON webhooks.
 */
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../domain/errors';
import type { PaymentState } from '../domain/payment';
import type { Logger } from '../http/logger';
import { getPayment, recordWebhookDelivery } from '../store/payments';
import { InvalidSignatureError } from './errors';
import { PAYMENT_ID, settle, type SettleOutcome } from './payments';
import { vnpaySettings, webhookSecret } from './secrets';
import { DEFAULT_TOLERANCE_SECONDS, isStandardWebhook, PaymentWebhookBody, SIGNATURE_HEADER, verifySignatureHeader, verifyStandardWebhook } from './signed-webhook';
import { IPN_ANSWERS, ipnFields, isPaid, queryParams, verifySignedParams, type IpnAnswer } from './vnpay';

const IPN_ANSWER_OF: Record<SettleOutcome, IpnAnswer> = {
  'not-found': IPN_ANSWERS.orderNotFound,
  'amount-mismatch': IPN_ANSWERS.invalidAmount,
  'already-settled': IPN_ANSWERS.alreadyConfirmed,
  recorded: IPN_ANSWERS.confirmed,
  // Recorded too (for an admin to apply or refund): VNPay need not send it again.
  'late-success': IPN_ANSWERS.confirmed,
};

/**
 * VNPay's IPN, checked in VNPay's order: checksum (97) → order exists (01) → amount (04) → not yet
 * confirmed (02) → recorded (00). A failed payment is recorded as FAILED and answered 00 too.
 */
export async function answerVnpayIpn(rawQueryString: string, options: { log: Logger; correlationId?: string }): Promise<IpnAnswer> {
  const settings = await vnpaySettings();
  const params = queryParams(rawQueryString);
  if (!verifySignedParams(params, settings.hashSecret)) {
    options.log.warn('payment.ipn_rejected', { reason: 'checksum' });
    return IPN_ANSWERS.invalidChecksum;
  }
  const fields = ipnFields(params);
  if (fields.tmnCode !== settings.tmnCode) return IPN_ANSWERS.orderNotFound;
  const outcome = await settle({
    paymentId: fields.txnRef,
    amount: fields.amount ?? Number.NaN,
    outcome: isPaid(fields) ? 'paid' : 'failed',
    provider: 'vnpay',
    providerRef: fields.transactionNo,
    reason: `vnp_ResponseCode ${fields.responseCode}, vnp_TransactionStatus ${fields.transactionStatus}`,
  }, options);
  return IPN_ANSWER_OF[outcome];
}

/** What the browser's return page shows: our stored state, never the query's claim. */
export interface ReturnView {
  verified: boolean;
  paymentId?: string;
  state?: PaymentState;
  amount?: number;
}

export async function vnpayReturnView(rawQueryString: string): Promise<ReturnView> {
  const settings = await vnpaySettings();
  const params = queryParams(rawQueryString);
  // Only a link VNPay signed shows anything, so payment ids cannot be probed through this page.
  if (!verifySignedParams(params, settings.hashSecret)) return { verified: false };
  const { txnRef } = ipnFields(params);
  const payment = PAYMENT_ID.test(txnRef) ? await getPayment(txnRef) : undefined;
  return payment ? { verified: true, paymentId: payment.id, state: payment.state, amount: payment.amount } : { verified: true };
}

/**
 * A signed JSON webhook, in either scheme (signed-webhook.ts): signature over the exact raw body
 * (401), within 5 minutes (401 SIGNATURE_EXPIRED), once per signature or Standard Webhooks id (409
 * WEBHOOK_REPLAYED), then settled like an IPN.
 */
export async function acceptSignedWebhook(input: { provider: string; headers: Readonly<Record<string, string | undefined>>; rawBody: string; now?: Date; log: Logger; correlationId?: string }): Promise<SettleOutcome> {
  const secret = await webhookSecret(input.provider);
  if (!secret) throw new NotFoundError('No such payment provider.');
  const now = input.now ?? new Date();
  const check = isStandardWebhook(input.headers)
    ? verifyStandardWebhook(input.headers, input.rawBody, secret, now)
    : verifySignatureHeader(input.headers[SIGNATURE_HEADER], input.rawBody, secret, now);
  if (!check.ok) {
    input.log.warn('payment.webhook_rejected', { reason: check.reason });
    if (check.reason === 'stale') throw new InvalidSignatureError('The webhook signature is older than the tolerance.', 'SIGNATURE_EXPIRED');
    throw new InvalidSignatureError('The webhook signature is missing or does not match the body.');
  }
  let body: PaymentWebhookBody;
  try {
    body = PaymentWebhookBody.parse(JSON.parse(input.rawBody));
  } catch {
    throw new ValidationError('The webhook body is not a payment event.', [{ path: 'body', message: 'expected { id, type, data: { paymentId, amount, providerRef } }' }]);
  }
  if (!(await recordWebhookDelivery(input.provider, check.signature, check.timestamp + 2 * DEFAULT_TOLERANCE_SECONDS))) {
    throw new ConflictError('This webhook delivery was already received.', 'WEBHOOK_REPLAYED');
  }
  const outcome = await settle({
    paymentId: body.data.paymentId,
    amount: body.data.amount,
    outcome: body.type === 'payment.succeeded' ? 'paid' : 'failed',
    provider: input.provider,
    providerRef: body.data.providerRef,
    reason: body.data.reason ?? body.type,
  }, { log: input.log, ...(input.correlationId ? { correlationId: input.correlationId } : {}) });
  if (outcome === 'not-found') throw new NotFoundError('No such payment.');
  if (outcome === 'amount-mismatch') throw new UnprocessableError('The amount differs from the payment\'s.', 'AMOUNT_MISMATCH');
  return outcome;
}
