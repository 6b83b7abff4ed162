import { randomUUID } from 'node:crypto';
import type { Payment } from '../domain/payment';
import { vnpaySettings } from './secrets';
import { buildPaymentUrl, queryDrRequest, readQueryDrResponse } from './vnpay';

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

/** A payment gateway behind one interface (the port); callbacks are authenticated by each route's adapter. */
export interface PaymentProvider {
  readonly name: string;
  /** The URL the citizen's browser is sent to, to pay. */
  checkoutUrl(input: CheckoutInput): Promise<string>;
  /** Asks the gateway what became of a payment; `fetch` is injectable so tests use a fake gateway. */
  query(payment: Payment, options: { now: Date; fetch: Fetch; orderInfo: string }): Promise<ProviderStatus>;
}

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
  };
}

/** Providers a citizen may start a payment with. */
export const CHECKOUT_PROVIDERS = ['vnpay'] as const;
export type CheckoutProviderName = (typeof CHECKOUT_PROVIDERS)[number];

export function providerNamed(name: string): PaymentProvider {
  return name === 'vnpay' ? vnpayProvider : signedWebhookProvider(name);
}
