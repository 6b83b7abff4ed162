import { randomUUID } from 'node:crypto';
import { asciiText, type Payment } from '../domain/payment';
import type { Refund } from '../domain/refund';
import { vnpaySettings } from './secrets';
import { buildPaymentUrl, queryDrRequest, readQueryDrResponse, readRefundResponse, refundRequest } from './vnpay';

/** What a gateway says about a payment when asked (reconciliation). */
export type ProviderStatus =
  | { kind: 'paid'; amount: number | undefined; providerRef: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'pending' }
  | { kind: 'not-found' }
  | { kind: 'unknown'; detail: string };

export interface CheckoutInput {
  payment: Payment;
  /** ASCII description shown by the gateway. */
  orderInfo: string;
  returnUrl: string;
  ipAddr: string;
  locale?: 'vn' | 'en';
}

export type Fetch = typeof fetch;

/** What a gateway answered to a refund: through, refused for good, or nothing sure (timeout, 5xx, an unsure code): ask again. */
export type ProviderRefundResult =
  | { kind: 'refunded'; providerRef: string }
  | { kind: 'refused'; code: string; message: string }
  | { kind: 'unknown'; detail: string };

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
      payUrl: settings.payUrl, tmnCode: settings.tmnCode, hashSecret: settings.hashSecret,
      txnRef: payment.id, amount: payment.amount, orderInfo, returnUrl, ipAddr,
      createdAt: new Date(payment.createdAt), expiresAt: new Date(payment.expiresAt), ...(locale ? { locale } : {}),
    });
  },
  async query(payment, { now, fetch: fetchImpl, orderInfo }) {
    const settings = await vnpaySettings();
    const body = queryDrRequest({
      tmnCode: settings.tmnCode, hashSecret: settings.hashSecret, requestId: randomUUID().replace(/-/g, ''),
      txnRef: payment.id, orderInfo, transactionDate: new Date(payment.createdAt), now, ipAddr: SERVER_IP,
    });
    const response = await fetchImpl(settings.queryUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
    if (!response.ok) return { kind: 'unknown', detail: `querydr HTTP ${response.status}` };
    const answer = readQueryDrResponse((await response.json()) as Record<string, unknown>, settings.hashSecret);
    switch (answer.kind) {
      case 'paid': return { kind: 'paid', amount: answer.amount, providerRef: answer.transactionNo };
      case 'failed': return { kind: 'failed', reason: answer.reason };
      case 'pending': return { kind: 'pending' };
      case 'not-found': return { kind: 'not-found' };
      case 'invalid-checksum': return { kind: 'unknown', detail: 'querydr answer with an invalid checksum' };
      case 'error': return { kind: 'unknown', detail: `querydr vnp_ResponseCode ${answer.responseCode}` };
    }
  },
  refunds: true,
  async refund(payment, refund, { now, fetch: fetchImpl }) {
    const settings = await vnpaySettings();
    const body = refundRequest({
      tmnCode: settings.tmnCode, hashSecret: settings.hashSecret,
      // The refund's own id on every attempt: VNPay can tell a retry from a second refund.
      requestId: refund.id.slice(0, 32), txnRef: payment.id, amount: refund.amount,
      transactionType: refund.amount === payment.amount ? '02' : '03',
      transactionNo: payment.lateSuccess?.providerRef || payment.providerRef || '0',
      transactionDate: new Date(payment.createdAt), createBy: asciiText(refund.requestedBy, 250) || 'motcua',
      orderInfo: asciiText(`Hoan tien ${refund.amount} VND: ${refund.reason}`), now, ipAddr: SERVER_IP,
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

/**
 * A gateway that reports through signed JSON webhooks (`POST /webhooks/payments/{provider}`). Its
 * checkout and status APIs differ per gateway and none is integrated yet: only its callbacks are.
 */
export function signedWebhookProvider(name: string): PaymentProvider {
  return {
    name,
    checkoutUrl: async () => { throw new Error(`provider ${name} has no checkout integration`); },
    query: async () => ({ kind: 'unknown', detail: `provider ${name} has no status API integration` }),
    refunds: false,
    refund: async () => ({ kind: 'refused', code: 'NOT_INTEGRATED', message: `provider ${name} has no refund integration` }),
  };
}

/** Providers a citizen may start a payment with. */
export const CHECKOUT_PROVIDERS = ['vnpay'] as const;
export type CheckoutProviderName = (typeof CHECKOUT_PROVIDERS)[number];

export function providerNamed(name: string): PaymentProvider {
  return name === 'vnpay' ? vnpayProvider : signedWebhookProvider(name);
}
