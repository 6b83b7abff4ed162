import { randomUUID } from 'node:crypto';
import { ConflictError, ServiceUnavailableError } from '../domain/errors';
import { asciiText, type Payment } from '../domain/payment';
import type { Refund } from '../domain/refund';
import { initRequest, lookupRequest, readInitResponse, readQueryResponse, type PaygovReceiptInfo } from './paygov';
import { paygovSettings, vnpaySettings, type PaygovSettings } from './secrets';
import { buildPaymentUrl, queryDrRequest, readQueryDrResponse, readRefundResponse, refundRequest } from './vnpay';

/** What a gateway says about a payment when asked (reconciliation). */
export type ProviderStatus = { kind: 'paid'; amount: number | undefined; providerRef: string } | { kind: 'failed'; reason: string } | { kind: 'pending' } | { kind: 'not-found' } | { kind: 'unknown'; detail: string };

export interface CheckoutInput {
  payment: Payment;
  /** ASCII description shown by the gateway. */
  orderInfo: string;
  returnUrl: string;
  ipAddr: string;
  locale?: 'vn' | 'en';
  /** What a gateway that issues its own receipt needs (PayGov's ThongTinBienLai); undefined when the agency has no beneficiary account. */
  receipt?: PaygovReceiptInfo;
  fetch?: Fetch;
}

export type Fetch = typeof fetch;

/** What a gateway answered to a refund: through, refused for good, or nothing sure (timeout, 5xx, an unsure code): ask again. */
export type ProviderRefundResult = { kind: 'refunded'; providerRef: string } | { kind: 'refused'; code: string; message: string } | { kind: 'unknown'; detail: string };

/** A payment gateway behind one interface (the port); callbacks are authenticated by each route's adapter. */
export interface PaymentProvider {
  readonly name: string;
  /** The URL the citizen's browser is sent to, to pay. */
  checkoutUrl(input: CheckoutInput): Promise<string>;
  /** Asks the gateway what became of a payment; `fetch` is injectable so tests use a fake gateway. */
  query(payment: Payment, options: { now: Date; fetch: Fetch; orderInfo: string }): Promise<ProviderStatus>;
  /** Whether refund() is integrated; a refund is refused before anything is reserved otherwise. */
  readonly refunds: boolean;
  /** Asks the gateway to give `refund.amount` of a paid payment back; the same refund may be sent again after an unknown outcome. */
  refund(payment: Payment, refund: Refund, options: { now: Date; fetch: Fetch }): Promise<ProviderRefundResult>;
  /** The gateway's own receipt of a paid payment (PayGov's GET_BILL), as a PDF; undefined when it issues none or cannot now. */
  bill?(payment: Payment, options: { fetch: Fetch }): Promise<Uint8Array | undefined>;
}

/** How long a refund call may take before its outcome counts as unknown (kept well inside the idempotency lock). */
const REFUND_TIMEOUT_MS = 8000;

/** The address our server calls VNPay's API from; VNPay only logs it. */
const SERVER_IP = '127.0.0.1';

export const vnpayProvider: PaymentProvider = {
  name: 'vnpay',
  async checkoutUrl({ payment, orderInfo, returnUrl, ipAddr, locale }) {
    const settings = await vnpaySettings();
    return buildPaymentUrl({
      payUrl: settings.payUrl,
      tmnCode: settings.tmnCode,
      hashSecret: settings.hashSecret,
      txnRef: payment.id,
      amount: payment.amount,
      orderInfo,
      returnUrl,
      ipAddr,
      createdAt: new Date(payment.createdAt),
      expiresAt: new Date(payment.expiresAt),
      ...(locale ? { locale } : {}),
    });
  },
  async query(payment, { now, fetch: fetchImpl, orderInfo }) {
    const settings = await vnpaySettings();
    const body = queryDrRequest({
      tmnCode: settings.tmnCode,
      hashSecret: settings.hashSecret,
      requestId: randomUUID().replace(/-/g, ''),
      txnRef: payment.id,
      orderInfo,
      transactionDate: new Date(payment.createdAt),
      now,
      ipAddr: SERVER_IP,
    });
    const response = await fetchImpl(settings.queryUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
    if (!response.ok) return { kind: 'unknown', detail: `querydr HTTP ${response.status}` };
    const answer = readQueryDrResponse((await response.json()) as Record<string, unknown>, settings.hashSecret);
    switch (answer.kind) {
      case 'paid':
        return { kind: 'paid', amount: answer.amount, providerRef: answer.transactionNo };
      case 'failed':
        return { kind: 'failed', reason: answer.reason };
      case 'pending':
        return { kind: 'pending' };
      case 'not-found':
        return { kind: 'not-found' };
      case 'invalid-checksum':
        return { kind: 'unknown', detail: 'querydr answer with an invalid checksum' };
      case 'error':
        return { kind: 'unknown', detail: `querydr vnp_ResponseCode ${answer.responseCode}` };
    }
  },
  refunds: true,
  async refund(payment, refund, { now, fetch: fetchImpl }) {
    const settings = await vnpaySettings();
    const body = refundRequest({
      tmnCode: settings.tmnCode,
      hashSecret: settings.hashSecret,
      // The refund's own id on every attempt: VNPay can tell a retry from a second refund.
      requestId: refund.id.slice(0, 32),
      txnRef: payment.id,
      amount: refund.amount,
      transactionType: refund.amount === payment.amount ? '02' : '03',
      transactionNo: payment.lateSuccess?.providerRef || payment.providerRef || '0',
      transactionDate: new Date(payment.createdAt),
      createBy: asciiText(refund.requestedBy, 250) || 'motcua',
      orderInfo: asciiText(`Hoan tien ${refund.amount} VND: ${refund.reason}`),
      now,
      ipAddr: SERVER_IP,
    });
    let response: Response;
    try {
      response = await fetchImpl(settings.queryUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(REFUND_TIMEOUT_MS) });
    } catch (error) {
      return { kind: 'unknown', detail: `refund call failed: ${error instanceof Error ? error.name : 'error'}` };
    }
    if (!response.ok) return { kind: 'unknown', detail: `refund HTTP ${response.status}` };
    let json: Record<string, unknown>;
    try {
      json = (await response.json()) as Record<string, unknown>;
    } catch {
      return { kind: 'unknown', detail: 'refund answer is not JSON' };
    }
    const answer = readRefundResponse(json, settings.hashSecret);
    if (answer.kind === 'refunded') return { kind: 'refunded', providerRef: answer.transactionNo };
    if (answer.kind === 'refused') return { kind: 'refused', code: `vnp_ResponseCode ${answer.responseCode}`, message: answer.message };
    return { kind: 'unknown', detail: answer.detail };
  },
};

/** How long an INIT, QUERY or GET_BILL call to PayGov may take. */
const PAYGOV_TIMEOUT_MS = 8000;

async function callPaygov(settings: PaygovSettings, url: string, body: unknown, fetchImpl: Fetch): Promise<Response> {
  return fetchImpl(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(settings.accessToken ? { authorization: `Bearer ${settings.accessToken}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(PAYGOV_TIMEOUT_MS),
  });
}

/**
 * PayGov, the national payment platform (NATIONAL-INTERFACES.md §2, paygov.ts): INIT answers the
 * payment page, its confirm callback settles (callbacks.ts), QUERY reconciles, GET_BILL fetches the
 * receipt it issues. Our payment id is its MaThamChieu. No refund API is documented: refunds are
 * refused before anything is reserved.
 */
export const paygovProvider: PaymentProvider = {
  name: 'paygov',
  async checkoutUrl({ payment, orderInfo, ipAddr, locale, receipt, fetch: fetchImpl }) {
    if (!receipt) throw new ConflictError('The agency has no beneficiary account for the national payment platform.', 'BENEFICIARY_MISSING');
    const settings = await paygovSettings();
    const body = initRequest({
      partnerCode: settings.partnerCode,
      secret: settings.secret,
      reference: payment.id,
      amount: payment.amount,
      description: orderInfo,
      at: new Date(payment.createdAt),
      ip: ipAddr,
      locale: locale === 'en' ? 'en-US' : 'vi-VN',
      receipt,
    });
    let response: Response;
    try {
      response = await callPaygov(settings, settings.initUrl, body, fetchImpl ?? fetch);
    } catch {
      throw new ServiceUnavailableError('The national payment platform did not answer; retry in a minute.', 30);
    }
    const answer = readInitResponse(response.ok ? await response.json().catch(() => undefined) : undefined);
    if (answer.kind === 'refused')
      throw new ConflictError(`The national payment platform refused to open the payment (${response.ok ? answer.detail : `HTTP ${response.status}`}); retry later.`, 'PAYMENT_GATEWAY_REFUSED');
    return answer.url;
  },
  async query(payment, { fetch: fetchImpl }) {
    const settings = await paygovSettings();
    const body = lookupRequest('QUERY', { partnerCode: settings.partnerCode, secret: settings.secret, reference: payment.id, initiatedAt: new Date(payment.createdAt) });
    const response = await callPaygov(settings, settings.queryUrl, body, fetchImpl);
    if (!response.ok) return { kind: 'unknown', detail: `QUERY HTTP ${response.status}` };
    const json = await response.json().catch(() => undefined);
    if (!json || typeof json !== 'object') return { kind: 'unknown', detail: 'QUERY answer is not JSON' };
    const answer = readQueryResponse(json as Record<string, unknown>, settings.secret);
    switch (answer.kind) {
      case 'paid':
        return { kind: 'paid', amount: answer.amount, providerRef: answer.transactionNo };
      case 'failed':
        return { kind: 'failed', reason: answer.reason };
      case 'pending':
        return { kind: 'pending' };
      case 'not-found':
        return { kind: 'not-found' };
      case 'invalid-checksum':
        return { kind: 'unknown', detail: 'QUERY answer with an invalid MaXacThuc' };
      case 'error':
        return { kind: 'unknown', detail: `QUERY MaLoi ${answer.code}` };
    }
  },
  refunds: false,
  refund: async () => ({ kind: 'refused', code: 'NOT_INTEGRATED', message: 'PayGov has no refund integration' }),
  async bill(payment, { fetch: fetchImpl }) {
    try {
      const settings = await paygovSettings();
      const body = lookupRequest('GET_BILL', { partnerCode: settings.partnerCode, secret: settings.secret, reference: payment.id, initiatedAt: new Date(payment.createdAt) });
      const response = await callPaygov(settings, settings.billUrl, body, fetchImpl);
      const bytes = new Uint8Array(await response.arrayBuffer());
      // The answer is the PDF itself (§2.6): anything else is no receipt.
      return response.ok && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-' ? bytes : undefined;
    } catch {
      return undefined;
    }
  },
};

/**
 * A gateway that reports through signed JSON webhooks (`POST /webhooks/payments/{provider}`). Its
 * checkout and status APIs differ per gateway and none is integrated yet: only its callbacks are.
 */
export function signedWebhookProvider(name: string): PaymentProvider {
  return {
    name,
    checkoutUrl: async () => {
      throw new Error(`provider ${name} has no checkout integration`);
    },
    query: async () => ({ kind: 'unknown', detail: `provider ${name} has no status API integration` }),
    refunds: false,
    refund: async () => ({ kind: 'refused', code: 'NOT_INTEGRATED', message: `provider ${name} has no refund integration` }),
  };
}

/** Providers a citizen may start a payment with. */
export type { CheckoutProvider as CheckoutProviderName } from '../domain/procedure';

export function providerNamed(name: string): PaymentProvider {
  return name === 'vnpay' ? vnpayProvider : name === 'paygov' ? paygovProvider : signedWebhookProvider(name);
}
