import { randomUUID } from 'node:crypto';
import * as fc from 'fast-check';
import Stripe from 'stripe';
import { paymentKeys } from '../../shared/store/keys';
import { type TestResponse, useLocalWorld } from '../support/local';
import { arrangeDossier, arrangeWebhookPayment, ipnFieldsFor, outboxEventsAbout, setPaymentEnv, signedIpn, WEBHOOK_SECRET } from '../payments/support';
import { dossierState, figures, partition } from './support';

/**
 * The gateways' callbacks under attack: forged signatures, stale timestamps, replays, wrong amounts,
 * unknown orders. Each is rejected as the protocol says (VNPay: RspCode; signed webhooks: 4xx
 * problem+json), and the payment, the dossier and the outbox are exactly as before.
 */
const TAMPER_RUNS = Number(process.env.RELIABILITY_TAMPER_RUNS ?? 40);

const { gateway } = useLocalWorld();
let citizenToken: string;
const stripe = new Stripe('sk_test_unused');
let cases = 0;
let rejected = 0;

beforeAll(async () => {
  setPaymentEnv(); // before the first request
  citizenToken = await gateway.token('citizen', { sub: 'citizen-a' });
});
afterAll(() => {
  figures('webhooks', { cases, rejectedAsSpecified: rejected, stateChanges: 0 });
});

async function openVnpayPayment(amount = 50_000) {
  const dossier = await arrangeDossier({ fee: { amount, state: 'DUE' } });
  const res = await gateway.request('POST', `/dossiers/${dossier.id}/payments`, { token: citizenToken, json: { provider: 'vnpay' }, headers: { 'idempotency-key': randomUUID() } });
  expect(res.status).toBe(201);
  return { dossier, paymentId: (await res.json()).paymentId as string };
}

/** Everything a callback could change: the dossier's and the payment's partitions, and the outbox. */
async function stateOf(dossierId: string, paymentId: string) {
  return { ...(await dossierState(dossierId)), payment: await partition(paymentKeys.payment(paymentId).pk) };
}

/** Runs `attack`, checks it was answered as expected, and that nothing changed. */
async function expectRejected(dossierId: string, paymentId: string, attack: () => Promise<void>) {
  const before = await stateOf(dossierId, paymentId);
  cases += 1;
  await attack();
  expect(await stateOf(dossierId, paymentId)).toEqual(before);
  rejected += 1;
}

const ipn = async (query: string) => {
  const res = await gateway.request('GET', `/webhooks/vnpay/ipn?${query}`);
  expect(res.status).toBe(200); // VNPay reads the RspCode, not the HTTP status
  return (await res.json()) as { RspCode: string; Message: string };
};

describe('GET /webhooks/vnpay/ipn', () => {
  it('answers 97 to a forged checksum, a tampered parameter and a missing hash', async () => {
    const { dossier, paymentId } = await openVnpayPayment();
    const fields = ipnFieldsFor(paymentId, 50_000);
    await expectRejected(dossier.id, paymentId, async () => expect((await ipn(signedIpn(fields, 'SOMEONE-ELSES-SECRET-0123456789AB'))).RspCode).toBe('97'));
    await expectRejected(dossier.id, paymentId, async () => expect((await ipn(signedIpn(fields).replace('vnp_Amount=5000000', 'vnp_Amount=500000'))).RspCode).toBe('97'));
    await expectRejected(dossier.id, paymentId, async () => expect((await ipn(signedIpn(fields).replace(/&vnp_SecureHash=[^&]+/, ''))).RspCode).toBe('97'));
    await expectRejected(dossier.id, paymentId, async () => expect((await ipn(signedIpn(fields).replace(/vnp_SecureHash=[0-9a-f]+/, (hash) => hash.slice(0, -1) + (hash.endsWith('0') ? '1' : '0')))).RspCode).toBe('97'));
  });

  it('answers 97 to any single parameter changed after signing (property)', async () => {
    const { dossier, paymentId } = await openVnpayPayment();
    const fields = ipnFieldsFor(paymentId, 50_000);
    const signed = new URLSearchParams(signedIpn(fields));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(fields)), fc.string({ minLength: 1, maxLength: 20 }), async (name, value) => {
        fc.pre(value !== fields[name]);
        const forged = new URLSearchParams(signed);
        forged.set(name, value);
        await expectRejected(dossier.id, paymentId, async () => expect((await ipn(forged.toString())).RspCode).toBe('97'));
      }),
      { numRuns: TAMPER_RUNS },
    );
  });

  it('answers 04 to a signed IPN of another amount, and 01 to an unknown order or another merchant', async () => {
    const { dossier, paymentId } = await openVnpayPayment();
    await expectRejected(dossier.id, paymentId, async () => expect(await ipn(signedIpn(ipnFieldsFor(paymentId, 49_999)))).toEqual({ RspCode: '04', Message: 'Invalid amount' }));
    await expectRejected(dossier.id, paymentId, async () => expect((await ipn(signedIpn(ipnFieldsFor(paymentId, 0)))).RspCode).toBe('04'));
    await expectRejected(dossier.id, paymentId, async () => expect((await ipn(signedIpn(ipnFieldsFor(randomUUID().replace(/-/g, ''), 50_000)))).RspCode).toBe('01'));
    await expectRejected(dossier.id, paymentId, async () => expect((await ipn(signedIpn({ ...ipnFieldsFor(paymentId, 50_000), vnp_TmnCode: 'OTHERSHOP' }))).RspCode).toBe('01'));
  });

  it('answers 02 to a replay of a confirmed IPN, without a second change or event', async () => {
    const { dossier, paymentId } = await openVnpayPayment();
    const query = signedIpn(ipnFieldsFor(paymentId, 50_000));
    expect((await ipn(query)).RspCode).toBe('00');
    await expectRejected(dossier.id, paymentId, async () => expect((await ipn(query)).RspCode).toBe('02'));
    // A replayed "failed" report of the same order cannot undo the payment either.
    await expectRejected(dossier.id, paymentId, async () => expect((await ipn(signedIpn(ipnFieldsFor(paymentId, 50_000, 'cancelled')))).RspCode).toBe('02'));
    expect(await outboxEventsAbout('payment.confirmed', paymentId)).toHaveLength(1);
  });
});

describe('POST /webhooks/payments/{provider}', () => {
  const post = (body: string, header: string | undefined, provider = 'acme') =>
    gateway.request('POST', `/webhooks/payments/${provider}`, { body, headers: { 'content-type': 'application/json', ...(header ? { 'webhook-signature': header } : {}) } });
  const event = (paymentId: string, amount = 50_000) => JSON.stringify({ id: `evt_${randomUUID()}`, type: 'payment.succeeded', data: { paymentId, amount, providerRef: 'acme_txn_1' } });
  const sign = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
    stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, ...(options.timestamp ? { timestamp: options.timestamp } : {}) });
  const refused = async (res: TestResponse, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect((await res.json()).code).toBe(code);
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a forged signature, a tampered body, a missing or malformed header with 401', async () => {
    const { dossier, paymentId } = await arrangeWebhookPayment('acme');
    const body = event(paymentId);
    await expectRejected(dossier.id, paymentId, async () => refused(await post(body, sign(body, { secret: 'whsec_forger_0123456789abcdef' })), 401, 'INVALID_SIGNATURE'));
    await expectRejected(dossier.id, paymentId, async () => refused(await post(body.replace('acme_txn_1', 'acme_txn_2'), sign(body)), 401, 'INVALID_SIGNATURE'));
    await expectRejected(dossier.id, paymentId, async () => refused(await post(body, undefined), 401, 'INVALID_SIGNATURE'));
    await expectRejected(dossier.id, paymentId, async () => refused(await post(body, `t=${now()},v1=${'0'.repeat(64)}`), 401, 'INVALID_SIGNATURE'));
    await expectRejected(dossier.id, paymentId, async () => refused(await post(body, 'v1=abc,t=notanumber'), 401, 'INVALID_SIGNATURE'));
  });

  it('refuses a stale timestamp, and one too far in the future, with 401 SIGNATURE_EXPIRED', async () => {
    const { dossier, paymentId } = await arrangeWebhookPayment('acme');
    const body = event(paymentId);
    await expectRejected(dossier.id, paymentId, async () => refused(await post(body, sign(body, { timestamp: now() - 6 * 60 })), 401, 'SIGNATURE_EXPIRED'));
    await expectRejected(dossier.id, paymentId, async () => refused(await post(body, sign(body, { timestamp: now() + 6 * 60 })), 401, 'SIGNATURE_EXPIRED'));
  });

  it('refuses a replayed delivery with 409 WEBHOOK_REPLAYED after settling once', async () => {
    const { dossier, paymentId } = await arrangeWebhookPayment('acme');
    const body = event(paymentId);
    const header = sign(body);
    expect((await post(body, header)).status).toBe(200);
    await expectRejected(dossier.id, paymentId, async () => refused(await post(body, header), 409, 'WEBHOOK_REPLAYED'));
    // The same event, freshly signed: acknowledged as a duplicate, no second change.
    await expectRejected(dossier.id, paymentId, async () => expect(await (await post(body, sign(body, { timestamp: now() + 1 }))).json()).toEqual({ received: true, outcome: 'already-settled' }));
    expect(await outboxEventsAbout('payment.confirmed', paymentId)).toHaveLength(1);
  });

  it("refuses an amount mismatch (422), an unknown order, an unknown provider and another provider's payment (404)", async () => {
    const { dossier, paymentId } = await arrangeWebhookPayment('acme', 50_000);
    const cheap = event(paymentId, 5_000);
    await expectRejected(dossier.id, paymentId, async () => refused(await post(cheap, sign(cheap)), 422, 'AMOUNT_MISMATCH'));
    const unknown = event(randomUUID().replace(/-/g, ''));
    await expectRejected(dossier.id, paymentId, async () => refused(await post(unknown, sign(unknown)), 404, 'NOT_FOUND'));
    const body = event(paymentId);
    await expectRejected(dossier.id, paymentId, async () => expect((await post(body, sign(body), 'nobody')).status).toBe(404));
    const vnpay = await openVnpayPayment();
    const other = event(vnpay.paymentId);
    await expectRejected(vnpay.dossier.id, vnpay.paymentId, async () => refused(await post(other, sign(other)), 404, 'NOT_FOUND'));
  });
});
