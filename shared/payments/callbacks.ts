/**
 * The gateways' callbacks, authenticated before anything is read: VNPay's IPN (a signed GET), the
 * browser's return from VNPay (display only), signed JSON webhooks, and PayGov's confirm callback.
 */
import { ConflictError, NotFoundError, UnprocessableError, ValidationError } from '../domain/errors';
import type { PaymentState } from '../domain/payment';
import type { Logger } from '../logger';
import { config } from '../config';
import { getDossier } from '../store/dossiers';
import { getPayment, recordWebhookDelivery } from '../store/payments';
import { otherLanguageHref, renderReturnPage, returnLanguage } from './return-page';
import { InvalidSignatureError, PaygovRefusal } from './errors';
import { fieldErrors } from '../http/validation';
import { amountOf, CONFIRM_REFUSALS, confirmAnswer, PaygovConfirmBody, verifyMaXacThuc } from './paygov';
import { PAYMENT_ID, settle, type SettleOutcome } from './payments';
import { paygovSettings, vnpaySettings, webhookSecret } from './secrets';
import { DEFAULT_TOLERANCE_SECONDS, isStandardWebhook, PaymentWebhookBody, SIGNATURE_HEADER, verifySignatureHeader, verifyStandardWebhook } from './signed-webhook';
import { IPN_ANSWERS, ipnFields, isPaid, queryParams, verifySignedParams, type IpnAnswer } from './vnpay';
import { say } from '../domain/field-messages';

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
  const outcome = await settle(
    {
      paymentId: fields.txnRef,
      amount: fields.amount ?? Number.NaN,
      outcome: isPaid(fields) ? 'paid' : 'failed',
      provider: 'vnpay',
      providerRef: fields.transactionNo,
      reason: `vnp_ResponseCode ${fields.responseCode}, vnp_TransactionStatus ${fields.transactionStatus}`,
    },
    options,
  );
  return IPN_ANSWER_OF[outcome];
}

/** What the browser's return page shows: our stored state, never the query's claim. */
export interface ReturnView {
  verified: boolean;
  paymentId?: string;
  state?: PaymentState;
  amount?: number;
  dossierId?: string;
  dossierCode?: string;
}

async function viewOf(paymentId: string, provider: string): Promise<ReturnView> {
  const payment = PAYMENT_ID.test(paymentId) ? await getPayment(paymentId) : undefined;
  if (!payment || payment.provider !== provider) return { verified: true };
  const dossier = await getDossier(payment.dossierId);
  return { verified: true, paymentId: payment.id, state: payment.state, amount: payment.amount, dossierId: payment.dossierId, ...(dossier?.code ? { dossierCode: dossier.code } : {}) };
}

export async function vnpayReturnView(rawQueryString: string): Promise<ReturnView> {
  const settings = await vnpaySettings();
  const params = queryParams(rawQueryString);
  // Only a link VNPay signed shows anything, so payment ids cannot be probed through this page.
  if (!verifySignedParams(params, settings.hashSecret)) return { verified: false };
  return viewOf(ipnFields(params).txnRef, 'vnpay');
}

/**
 * PayGov sends the browser back with `data` = MaThamChieu (our payment id), unsigned: the id is 128
 * random bits, and the page shows no personal data, only the dossier's code, amount and outcome.
 */
export async function paygovReturnView(rawQueryString: string): Promise<ReturnView> {
  const reference = new URLSearchParams(rawQueryString).get('data') ?? '';
  const view = await viewOf(reference, 'paygov');
  return view.state ? view : { verified: false };
}

/** The return page of either gateway: 200 with the payment, 400 for a link that shows none. */
export async function returnPage(provider: 'vnpay' | 'paygov', request: { rawQueryString: string; lang?: string; acceptLanguage?: string }): Promise<{ status: number; html: string }> {
  const view = provider === 'vnpay' ? await vnpayReturnView(request.rawQueryString) : await paygovReturnView(request.rawQueryString);
  const lang = returnLanguage(request.lang, request.acceptLanguage);
  const { frontendUrl } = config();
  const html = renderReturnPage(
    {
      verified: view.verified,
      ...(view.state ? { state: view.state, amount: view.amount!, dossierId: view.dossierId! } : {}),
      ...(view.dossierCode ? { dossierCode: view.dossierCode } : {}),
      ...(frontendUrl ? { frontendUrl } : {}),
      // A link that shows nothing does not carry its query on either (no payment id is echoed).
      otherLanguageHref: otherLanguageHref(view.state ? request.rawQueryString : '', lang),
    },
    lang,
  );
  return { status: view.state ? 200 : 400, html };
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
  const check = isStandardWebhook(input.headers) ? verifyStandardWebhook(input.headers, input.rawBody, secret, now) : verifySignatureHeader(input.headers[SIGNATURE_HEADER], input.rawBody, secret, now);
  if (!check.ok) {
    input.log.warn('payment.webhook_rejected', { reason: check.reason });
    if (check.reason === 'stale') throw new InvalidSignatureError('The webhook signature is older than the tolerance.', 'SIGNATURE_EXPIRED');
    throw new InvalidSignatureError('The webhook signature is missing or does not match the body.');
  }
  let body: PaymentWebhookBody;
  try {
    body = PaymentWebhookBody.parse(JSON.parse(input.rawBody));
  } catch {
    throw new ValidationError('The webhook body is not a payment event.', [{ path: 'body', message: say('paymentEventShape') }]);
  }
  if (!(await recordWebhookDelivery(input.provider, check.signature, check.timestamp + 2 * DEFAULT_TOLERANCE_SECONDS))) {
    throw new ConflictError('This webhook delivery was already received.', 'WEBHOOK_REPLAYED');
  }
  const outcome = await settle(
    {
      paymentId: body.data.paymentId,
      amount: body.data.amount,
      outcome: body.type === 'payment.succeeded' ? 'paid' : 'failed',
      provider: input.provider,
      providerRef: body.data.providerRef,
      reason: body.data.reason ?? body.type,
    },
    { log: input.log, ...(input.correlationId ? { correlationId: input.correlationId } : {}) },
  );
  if (outcome === 'not-found') throw new NotFoundError('No such payment.');
  if (outcome === 'amount-mismatch') throw new UnprocessableError("The amount differs from the payment's.", 'AMOUNT_MISMATCH');
  return outcome;
}

/**
 * PayGov's confirm callback (`POST /webhooks/payments/paygov`). MaXacThuc over the IPN's fields in
 * PayGov's order (paygov.ts) is checked on the raw body, in constant time, before anything else is
 * read: a forged or unreadable call is 401 whatever it holds. Then: a well-formed message (400, field
 * paths), our partner code and a reference we sent (404), SoTien in VND equal to the payment's (422),
 * and it is settled like any callback: MaLoi "00" PAID, any other FAILED; a repeat changes nothing and
 * gets the same answer (HTTP 200, the fields echoed).
 */
export async function answerPaygovConfirm(rawBody: string, options: { log: Logger; correlationId?: string }) {
  const settings = await paygovSettings();
  let message: unknown;
  try {
    message = JSON.parse(rawBody);
  } catch {
    message = undefined;
  }
  const fields = message && typeof message === 'object' && !Array.isArray(message) ? (message as Record<string, unknown>) : {};
  if (!verifyMaXacThuc('IPN', fields, settings.secret)) {
    options.log.warn('payment.paygov_confirm_rejected', { reason: 'checksum' });
    // Its own MaDoiTac echoed, not ours: an anonymous caller learns nothing from a refusal.
    const echoed = typeof fields.MaDoiTac === 'string' ? fields.MaDoiTac.slice(0, 64) : '';
    throw new PaygovRefusal(401, 'INVALID_CHECKSUM', 'MaXacThuc does not match the message.', { ...confirmAnswer(fields, echoed), ...CONFIRM_REFUSALS.invalidChecksum });
  }
  const answer = confirmAnswer(fields, settings.partnerCode);
  const parsed = PaygovConfirmBody.safeParse(fields);
  if (!parsed.success)
    throw new PaygovRefusal(400, 'VALIDATION_FAILED', 'The confirm message is malformed; see errors for each field.', { ...answer, ...CONFIRM_REFUSALS.invalidMessage }, fieldErrors(parsed.error, 'body'));
  const body = parsed.data;
  if (body.MaDoiTac !== settings.partnerCode) throw new PaygovRefusal(404, 'NOT_FOUND', 'No such transaction for this partner code.', { ...answer, ...CONFIRM_REFUSALS.notFound });
  const amount = (body.MaTienTe ?? 'VND') === 'VND' ? amountOf(body.SoTien) : undefined;
  const outcome = await settle(
    {
      paymentId: body.MaThamChieu,
      amount: amount ?? Number.NaN,
      outcome: body.MaLoi === '00' ? 'paid' : 'failed',
      provider: 'paygov',
      providerRef: body.MaGiaoDich ?? '',
      reason: `MaLoi ${body.MaLoi}`,
    },
    options,
  );
  if (outcome === 'not-found') throw new PaygovRefusal(404, 'NOT_FOUND', 'No such transaction (MaThamChieu).', { ...answer, ...CONFIRM_REFUSALS.notFound });
  if (outcome === 'amount-mismatch') {
    throw new PaygovRefusal(422, 'AMOUNT_MISMATCH', "SoTien differs from the payment's amount (integer VND).", { ...answer, ...CONFIRM_REFUSALS.amountMismatch }, [
      { path: 'body.SoTien', message: say('differsFromPaymentAmount') },
    ]);
  }
  options.log.info('payment.paygov_confirm_answered', { outcome });
  return answer;
}
