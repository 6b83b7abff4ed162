import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import Stripe from 'stripe';
import { VNPay } from 'vnpay';
import { HashAlgorithm } from 'vnpay/enums';
import { ignoreLogger } from 'vnpay/utils';
import { Webhook } from 'standardwebhooks';
import { localVnpayEnv } from '../../infra/local/payment-simulator';
import { standardSignature } from '../../shared/payments/signed-webhook';
import { currentNames, emulatorClients, type TestResponse, useLocalWorld } from '../support/local';
import {
  arrangeDossier,
  arrangeWebhookPayment,
  HASH_SECRET,
  historyOf,
  ipnFieldsFor,
  outboxEventsAbout,
  reloadDossier,
  setPaymentEnv,
  signedIpn,
  STANDARD_WEBHOOK_SECRET,
  TMN_CODE,
  WEBHOOK_SECRET,
  startVnpaySimulator,
  type VnpaySimulatorServer,
} from './support';

const { gateway } = useLocalWorld();
let simulator: VnpaySimulatorServer;
let simulatorUrl: string;
let citizen: string;
let otherCitizen: string;
const stripe = new Stripe('sk_test_unused');

beforeAll(async () => {
  // The local VNPay simulator in front of nothing but itself; its IPNs go to the gateway.
  simulator = await startVnpaySimulator(gateway.url);
  simulatorUrl = simulator.url;
  // Before the first request: handlers read payment settings on first use.
  setPaymentEnv({ ...localVnpayEnv(simulatorUrl, { tmnCode: TMN_CODE, hashSecret: HASH_SECRET }), PAYMENT_RETURN_URL: `${gateway.url}/payments/vnpay/return` });
  citizen = await gateway.token('citizen', { sub: 'citizen-a' });
  otherCitizen = await gateway.token('citizen', { sub: 'citizen-b' });
});
afterAll(async () => {
  await simulator?.close();
});

async function startPayment(dossierId: string, options: { key?: string; token?: string } = {}) {
  return gateway.request('POST', `/dossiers/${dossierId}/payments`, { token: options.token ?? citizen, json: { provider: 'vnpay' }, headers: { 'idempotency-key': options.key ?? randomUUID() } });
}

/** A dossier waiting for its fee, with an open VNPay payment. */
async function openPayment(amount = 50_000) {
  const dossier = await arrangeDossier({ fee: { amount, state: 'DUE' } });
  const res = await startPayment(dossier.id);
  expect(res.status).toBe(201);
  const payment = await res.json();
  return { dossier, payment, txnRef: new URL(payment.redirectUrl).searchParams.get('vnp_TxnRef')! };
}

const ipn = (query: string) => gateway.request('GET', `/webhooks/vnpay/ipn?${query}`);
const paymentState = async (id: string) => (await (await gateway.request('GET', `/payments/${id}`, { token: citizen })).json()).state;

describe('POST /dossiers/{id}/payments', () => {
  it('answers a VNPay payment URL that the vnpay package verifies', async () => {
    const { dossier, payment } = await openPayment(125_000);
    expect(payment).toMatchObject({ dossierId: dossier.id, provider: 'vnpay', amount: 125_000, state: 'PENDING' });

    const url = new URL(payment.redirectUrl);
    const vnpay = new VNPay({ tmnCode: TMN_CODE, secureSecret: HASH_SECRET, vnpayHost: simulatorUrl, hashAlgorithm: HashAlgorithm.SHA512, loggerFn: ignoreLogger });
    const verified = vnpay.verifyReturnUrl(Object.fromEntries(url.searchParams) as never);
    expect(verified.isVerified).toBe(true);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      vnp_Version: '2.1.0',
      vnp_Command: 'pay',
      vnp_TmnCode: TMN_CODE,
      vnp_Amount: '12500000',
      vnp_CurrCode: 'VND',
      vnp_TxnRef: payment.paymentId,
      vnp_ReturnUrl: expect.stringMatching(/\/payments\/vnpay\/return$/),
      vnp_IpAddr: '127.0.0.1',
    });
    expect(params.vnp_OrderInfo).toMatch(/^[\x20-\x7e]+$/);
    expect(params.vnp_OrderInfo).toContain(dossier.code);
    // GMT+7, and the expiry 15 minutes after creation.
    const gmt7 = (iso: string) => new Date(Date.parse(iso) + 7 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 14);
    expect(params.vnp_CreateDate).toBe(gmt7(payment.createdAt));
    expect(params.vnp_ExpireDate).toBe(gmt7(payment.expiresAt));
    expect(Date.parse(payment.expiresAt) - Date.parse(payment.createdAt)).toBe(15 * 60_000);
    // Sorted parameters, the hash last.
    const keys = [...url.searchParams.keys()];
    expect(keys.slice(0, -1)).toEqual([...keys.slice(0, -1)].sort());
    expect(keys.at(-1)).toBe('vnp_SecureHash');
  });

  it('replays the first answer for the same Idempotency-Key', async () => {
    const dossier = await arrangeDossier();
    const first = await startPayment(dossier.id, { key: 'pay-once' });
    const again = await startPayment(dossier.id, { key: 'pay-once' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()).paymentId).toBe((await first.json()).paymentId);
  });

  it('keeps one open payment per fee at a time', async () => {
    const { dossier } = await openPayment();
    const second = await startPayment(dossier.id);
    expect(second.status).toBe(409);
    expect((await second.json()).code).toBe('PAYMENT_ALREADY_OPEN');
  });

  it('opens a new payment once the previous one failed', async () => {
    const { dossier, payment } = await openPayment();
    expect(await (await ipn(signedIpn(ipnFieldsFor(payment.paymentId, 50_000, 'cancelled')))).json()).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    const next = await startPayment(dossier.id);
    expect(next.status).toBe(201);
    expect((await next.json()).paymentId).not.toBe(payment.paymentId);
  });

  it("is 404 for another citizen's dossier and 409 when no fee is due", async () => {
    const dossier = await arrangeDossier();
    expect((await startPayment(dossier.id, { token: otherCitizen })).status).toBe(404);
    const free = await arrangeDossier({ status: 'PROCESSING', resumeStatus: null, fee: { amount: 0, state: 'NONE' } });
    const res = await startPayment(free.id);
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('NO_FEE_DUE');
    const draft = await arrangeDossier({ status: 'DRAFT', resumeStatus: null });
    expect((await (await startPayment(draft.id)).json()).code).toBe('NOT_PAYABLE_NOW');
  });
});

describe('GET /webhooks/vnpay/ipn', () => {
  it('confirms a valid IPN: 00, the payment PAID, the fee PAID and the dossier resumed, one event', async () => {
    const { dossier, payment } = await openPayment();
    const res = await ipn(signedIpn(ipnFieldsFor(payment.paymentId, 50_000)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(await paymentState(payment.paymentId)).toBe('PAID');
    const after = await reloadDossier(dossier.id);
    expect(after).toMatchObject({ status: 'PROCESSING', resumeStatus: null, fee: { amount: 50_000, state: 'PAID' }, version: dossier.version + 1 });
    expect(await outboxEventsAbout('payment.confirmed', payment.paymentId)).toHaveLength(1);
  });

  it('makes exactly one PAID transition and one event out of the same IPN sent 50 times at once', async () => {
    const { dossier, payment } = await openPayment();
    const query = signedIpn(ipnFieldsFor(payment.paymentId, 50_000));
    const answers = await Promise.all(Array.from({ length: 50 }, async () => (await (await ipn(query)).json()).RspCode));
    expect(answers.filter((code) => code === '00')).toHaveLength(1);
    expect(answers.filter((code) => code === '02')).toHaveLength(49);
    expect(await outboxEventsAbout('payment.confirmed', payment.paymentId)).toHaveLength(1);
    expect((await historyOf(`PAYMENT#${payment.paymentId}`)).filter((entry) => entry.to === 'PAID')).toHaveLength(1);
    expect((await historyOf(`DOSSIER#${dossier.id}`)).filter((entry) => entry.action === 'pay')).toHaveLength(1);
    expect((await reloadDossier(dossier.id)).version).toBe(dossier.version + 1);
  });

  it('answers a forged checksum with 97 and changes nothing', async () => {
    const { dossier, payment } = await openPayment();
    const forged = signedIpn(ipnFieldsFor(payment.paymentId, 50_000), 'not-the-merchant-secret-000000');
    expect(await (await ipn(forged)).json()).toEqual({ RspCode: '97', Message: 'Invalid Checksum' });
    // A valid signature over other parameters is forged too.
    const tampered = signedIpn(ipnFieldsFor(payment.paymentId, 50_000)).replace('vnp_ResponseCode=00', 'vnp_ResponseCode=00&vnp_Extra=1');
    expect((await (await ipn(tampered)).json()).RspCode).toBe('97');
    expect((await (await ipn(`vnp_TxnRef=${payment.paymentId}`)).json()).RspCode).toBe('97');
    expect(await paymentState(payment.paymentId)).toBe('PENDING');
    expect(await reloadDossier(dossier.id)).toEqual(dossier);
    expect(await outboxEventsAbout('payment.confirmed', payment.paymentId)).toHaveLength(0);
  });

  it('answers a wrong amount with 04 and never marks the payment paid', async () => {
    const { dossier, payment } = await openPayment();
    expect(await (await ipn(signedIpn(ipnFieldsFor(payment.paymentId, 5_000)))).json()).toEqual({ RspCode: '04', Message: 'Invalid amount' });
    expect(await paymentState(payment.paymentId)).toBe('PENDING');
    expect((await reloadDossier(dossier.id)).fee.state).toBe('DUE');
  });

  it('answers an unknown TxnRef with 01', async () => {
    expect(await (await ipn(signedIpn(ipnFieldsFor('0123456789abcdef0123456789abcdef', 50_000)))).json()).toEqual({ RspCode: '01', Message: 'Order not found' });
    expect((await (await ipn(signedIpn(ipnFieldsFor('not-ours', 50_000)))).json()).RspCode).toBe('01');
  });

  it('records a failed payment (ResponseCode 24) as FAILED and answers 00', async () => {
    const { dossier, payment } = await openPayment();
    expect(await (await ipn(signedIpn(ipnFieldsFor(payment.paymentId, 50_000, 'cancelled')))).json()).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(await paymentState(payment.paymentId)).toBe('FAILED');
    expect(await reloadDossier(dossier.id)).toEqual(dossier);
    expect(await outboxEventsAbout('payment.failed', payment.paymentId)).toHaveLength(1);
    // A success reported after the failure does not pay the fee: it is a late success, kept for an admin.
    const late = signedIpn(ipnFieldsFor(payment.paymentId, 50_000));
    expect((await (await ipn(late)).json()).RspCode).toBe('00');
    expect(await paymentState(payment.paymentId)).toBe('LATE_SUCCESS');
    expect((await reloadDossier(dossier.id)).fee.state).toBe('DUE');
    expect(await outboxEventsAbout('payment.late_success', payment.paymentId)).toHaveLength(1);
    expect((await (await ipn(late)).json()).RspCode).toBe('02');
    expect(await outboxEventsAbout('payment.confirmed', payment.paymentId)).toHaveLength(0);
  });

  it('is not paid when only vnp_ResponseCode says 00', async () => {
    const { payment } = await openPayment();
    const fields = { ...ipnFieldsFor(payment.paymentId, 50_000), vnp_TransactionStatus: '02' };
    expect((await (await ipn(signedIpn(fields))).json()).RspCode).toBe('00');
    expect(await paymentState(payment.paymentId)).toBe('FAILED');
  });
});

describe('GET /admin/payments/late-successes', () => {
  it('lists a success reported after FAILED for admins only, with what the gateway said', async () => {
    const { payment } = await openPayment();
    expect((await (await ipn(signedIpn(ipnFieldsFor(payment.paymentId, 50_000, 'cancelled')))).json()).RspCode).toBe('00');
    expect((await (await ipn(signedIpn(ipnFieldsFor(payment.paymentId, 50_000)))).json()).RspCode).toBe('00');
    const admin = await gateway.token('admin', { sub: 'admin-1' });
    const res = await gateway.request('GET', '/admin/payments/late-successes?limit=100', { token: admin });
    expect(res.status).toBe(200);
    const listed = (await res.json()).items.find((item: { paymentId: string }) => item.paymentId === payment.paymentId);
    expect(listed).toMatchObject({ state: 'LATE_SUCCESS', amount: 50_000, lateSuccess: { providerRef: '14422574', previousState: 'FAILED', reason: 'reported paid after FAILED' } });
    expect((await gateway.request('GET', '/admin/payments/late-successes', { token: citizen })).status).toBe(403);
    // A payment that paid its fee is not listed.
    const paid = await openPayment();
    await ipn(signedIpn(ipnFieldsFor(paid.payment.paymentId, 50_000)));
    const again = (await (await gateway.request('GET', '/admin/payments/late-successes?limit=100', { token: admin })).json()).items;
    expect(again.map((item: { paymentId: string }) => item.paymentId)).not.toContain(paid.payment.paymentId);
  });
});

describe('GET /payments/vnpay/return', () => {
  it('shows the stored state and changes nothing, even for a success claim', async () => {
    const { payment } = await openPayment();
    const res = await gateway.request('GET', `/payments/vnpay/return?${signedIpn(ipnFieldsFor(payment.paymentId, 50_000))}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('data-state="PENDING"');
    expect(await paymentState(payment.paymentId)).toBe('PENDING');
  });

  it('shows nothing for a link VNPay did not sign', async () => {
    const { payment } = await openPayment();
    const res = await gateway.request('GET', `/payments/vnpay/return?vnp_TxnRef=${payment.paymentId}&vnp_SecureHash=00`);
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain(payment.paymentId);
  });
});

describe('GET /payments/{id}', () => {
  it('is 404 for another citizen', async () => {
    const { payment } = await openPayment();
    expect((await gateway.request('GET', `/payments/${payment.paymentId}`, { token: otherCitizen })).status).toBe(404);
  });
});

describe('POST /webhooks/payments/{provider}', () => {
  const post = (body: string, header: string, provider = 'acme') => gateway.request('POST', `/webhooks/payments/${provider}`, { body, headers: { 'content-type': 'application/json', 'webhook-signature': header } });
  const event = (paymentId: string, amount = 50_000, type = 'payment.succeeded') => JSON.stringify({ id: `evt_${randomUUID()}`, type, data: { paymentId, amount, providerRef: 'acme_txn_1' } });
  const sign = (payload: string, options: { secret?: string; timestamp?: number } = {}) =>
    stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret ?? WEBHOOK_SECRET, ...(options.timestamp ? { timestamp: options.timestamp } : {}) });

  it("rejects a forged signature, a tampered body, a stale timestamp and another provider's payment, changing nothing", async () => {
    const { dossier, payment } = await openPayment();
    const body = event(payment.paymentId);

    const forged = await post(body, sign(body, { secret: 'whsec_someone_else_0123456789' }));
    expect(forged.status).toBe(401);
    expect((await forged.json()).code).toBe('INVALID_SIGNATURE');
    const tamperedBody = await post(body.replace('50000', '50001'), sign(body));
    expect(tamperedBody.status).toBe(401);
    const stale = await post(body, sign(body, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }));
    expect(stale.status).toBe(401);
    expect((await stale.json()).code).toBe('SIGNATURE_EXPIRED');
    expect(await paymentState(payment.paymentId)).toBe('PENDING');

    // A VNPay payment cannot be settled by another provider's webhook: not found there.
    const valid = sign(body);
    const wrongProvider = await post(body, valid);
    expect(wrongProvider.status).toBe(404);
    expect(await paymentState(payment.paymentId)).toBe('PENDING');
    expect((await reloadDossier(dossier.id)).fee.state).toBe('DUE');
  });

  it('settles an acme payment once; a replay of the same delivery is refused', async () => {
    const { dossier, paymentId } = await arrangeWebhookPayment('acme');
    const body = event(paymentId);
    const header = sign(body);
    const first = await post(body, header);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, outcome: 'recorded' });
    expect((await reloadDossier(dossier.id)).fee.state).toBe('PAID');

    const replay = await post(body, header);
    expect(replay.status).toBe(409);
    expect((await replay.json()).code).toBe('WEBHOOK_REPLAYED');
    // A fresh delivery of the same event is a duplicate, answered without a second change.
    const again = await post(body, sign(body, { timestamp: Math.floor(Date.now() / 1000) + 1 }));
    expect(await again.json()).toEqual({ received: true, outcome: 'already-settled' });
    expect(await outboxEventsAbout('payment.confirmed', paymentId)).toHaveLength(1);

    const wrongAmount = await arrangeWebhookPayment('acme');
    const cheap = event(wrongAmount.paymentId, 1);
    const res = await post(cheap, sign(cheap));
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('AMOUNT_MISMATCH');
  });

  it('is 404 for a provider it has no secret for', async () => {
    const body = event('0123456789abcdef0123456789abcdef');
    expect((await post(body, sign(body), 'unknown-gateway')).status).toBe(404);
  });
});

describe('POST /webhooks/payments/{provider} with Standard Webhooks', () => {
  // The independent signer: the `standardwebhooks` package, as a gateway following the specification uses it.
  const signer = new Webhook(STANDARD_WEBHOOK_SECRET);
  const event = (paymentId: string, amount = 50_000) => JSON.stringify({ id: `evt_${randomUUID()}`, type: 'payment.succeeded', data: { paymentId, amount, providerRef: 'std_txn_1' } });
  const deliver = (body: string, options: { id?: string; at?: Date; signature?: string } = {}) => {
    const id = options.id ?? `msg_${randomUUID()}`;
    const at = options.at ?? new Date();
    const headers = { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': options.signature ?? signer.sign(id, at, body) };
    return gateway.request('POST', '/webhooks/payments/stdpay', { body, headers });
  };

  it('settles a payment signed by the standardwebhooks package; a redelivery of the same webhook-id is refused', async () => {
    const { dossier, paymentId } = await arrangeWebhookPayment('stdpay');
    const body = event(paymentId);
    const id = `msg_${randomUUID()}`;
    const first = await deliver(body, { id });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, outcome: 'recorded' });
    expect((await reloadDossier(dossier.id)).fee).toMatchObject({ state: 'PAID', paymentId });
    const again = await deliver(body, { id });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('WEBHOOK_REPLAYED');
    expect(await outboxEventsAbout('payment.confirmed', paymentId)).toHaveLength(1);
  });

  it('accepts one of several signatures (rotation), and our signer agrees with the package', async () => {
    const { paymentId } = await arrangeWebhookPayment('stdpay');
    const body = event(paymentId);
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    const ours = standardSignature(id, Math.floor(at.getTime() / 1000), body, STANDARD_WEBHOOK_SECRET);
    expect(ours).toBe(signer.sign(id, at, body));
    const res = await deliver(body, { id, at, signature: `v1,${Buffer.from('an old key signed this').toString('base64')} ${ours}` });
    expect(res.status).toBe(200);
    // And the package verifies what we would send.
    expect(() => signer.verify(body, { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': ours })).not.toThrow();
  });

  it('refuses another key, a tampered body, an id not signed, a stale timestamp; the payment stays open', async () => {
    const { dossier, paymentId } = await arrangeWebhookPayment('stdpay');
    const body = event(paymentId);
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    const stranger = new Webhook('whsec_c29tZW9uZSBlbHNlJ3Mga2V5IDAxMjM0NTY3');
    const cases: Array<[Promise<TestResponse>, string]> = [
      [deliver(body, { id, at, signature: stranger.sign(id, at, body) }), 'INVALID_SIGNATURE'],
      [deliver(body.replace('50000', '50001'), { id, at, signature: signer.sign(id, at, body) }), 'INVALID_SIGNATURE'],
      [deliver(body, { id: `${id}-other`, at, signature: signer.sign(id, at, body) }), 'INVALID_SIGNATURE'],
      [deliver(body, { at: new Date(Date.now() - 6 * 60_000) }), 'SIGNATURE_EXPIRED'],
      [deliver(body, { signature: 'v2,abc' }), 'INVALID_SIGNATURE'],
    ];
    for (const [res, code] of cases) {
      const answer = await res;
      expect([answer.status, (await answer.json()).code]).toEqual([401, code]);
    }
    expect((await reloadDossier(dossier.id)).fee.state).toBe('DUE');
  });
});

describe('the local VNPay simulator', () => {
  it('shows the payment page, sends a signed IPN on Success, and sends the browser back to the return page', async () => {
    const { dossier, payment } = await openPayment();
    expect(payment.redirectUrl.startsWith(`${simulatorUrl}/_simulator/vnpay/pay?`)).toBe(true);
    const page = await fetch(payment.redirectUrl);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('value="success"');
    expect(html).toContain('50.000 VND');

    const q = new URL(payment.redirectUrl).search.slice(1);
    const chosen = await fetch(`${simulatorUrl}/_simulator/vnpay/pay`, { method: 'POST', body: new URLSearchParams({ q, outcome: 'success' }), redirect: 'manual' });
    expect(chosen.status).toBe(302);
    expect(chosen.headers.get('x-simulator-ipn-rspcode')).toBe('00');
    expect(await paymentState(payment.paymentId)).toBe('PAID');
    expect((await reloadDossier(dossier.id)).status).toBe('PROCESSING');

    const back = await fetch(chosen.headers.get('location')!);
    expect(back.status).toBe(200);
    expect(await back.text()).toContain('data-state="PAID"');
  });

  it('records Failure as FAILED', async () => {
    const { payment } = await openPayment();
    const q = new URL(payment.redirectUrl).search.slice(1);
    const chosen = await fetch(`${simulatorUrl}/_simulator/vnpay/pay`, { method: 'POST', body: new URLSearchParams({ q, outcome: 'failure' }), redirect: 'manual' });
    expect(chosen.headers.get('x-simulator-ipn-rspcode')).toBe('00');
    expect(await paymentState(payment.paymentId)).toBe('FAILED');
  });

  it('refuses a payment URL with a bad signature, as VNPay does', async () => {
    const { payment } = await openPayment();
    const res = await fetch(payment.redirectUrl.replace('vnp_Amount=5000000', 'vnp_Amount=100'));
    expect(res.status).toBe(400);
  });
});

describe('GET /dossiers/{id}/result', () => {
  it('gives the owner a presigned GET of the result document that works, and 404 to another citizen', async () => {
    const objectKey = `results/${randomUUID()}/quyet-dinh.pdf`;
    const dossier = await arrangeDossier({ status: 'RESOLVED', resumeStatus: null, fee: { amount: 50_000, state: 'PAID' }, result: { objectKey, decision: 'Cấp giấy chứng nhận', resolvedAt: new Date().toISOString() } });
    const s3 = emulatorClients().s3;
    await s3.send(new PutObjectCommand({ Bucket: currentNames().documentsBucket, Key: objectKey, Body: '%PDF-1.7 ket qua', ContentType: 'application/pdf' }));
    s3.destroy();

    const res = await gateway.request('GET', `/dossiers/${dossier.id}/result`, { token: citizen });
    expect(res.status).toBe(200);
    const result = await res.json();
    expect(result).toMatchObject({ dossierId: dossier.id, status: 'RESOLVED', decision: 'Cấp giấy chứng nhận' });
    const download = await fetch(result.download.url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('%PDF-1.7 ket qua');
    expect(download.headers.get('content-disposition')).toContain(`ket-qua-${dossier.code}.pdf`);

    expect((await gateway.request('GET', `/dossiers/${dossier.id}/result`, { token: otherCitizen })).status).toBe(404);
  });

  it('is 409 before the result is ready, and while the fee is due', async () => {
    const processing = await arrangeDossier({ status: 'PROCESSING', resumeStatus: null, fee: { amount: 0, state: 'NONE' } });
    const notReady = await gateway.request('GET', `/dossiers/${processing.id}/result`, { token: citizen });
    expect(notReady.status).toBe(409);
    expect((await notReady.json()).code).toBe('RESULT_NOT_READY');
    const unpaid = await arrangeDossier({ status: 'RESOLVED', resumeStatus: null, result: { objectKey: 'results/x/y.pdf', resolvedAt: new Date().toISOString() } });
    expect((await (await gateway.request('GET', `/dossiers/${unpaid.id}/result`, { token: citizen })).json()).code).toBe('FEE_DUE');
  });
});
