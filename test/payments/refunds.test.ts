import { randomUUID } from 'node:crypto';
import { VNPay } from 'vnpay';
import { HashAlgorithm } from 'vnpay/enums';
import { hash, ignoreLogger } from 'vnpay/utils';
import { localVnpayEnv, type SimulatorRecords } from '../../infra/local/payment-simulator';
import { Procedure } from '../../shared/domain/procedure';
import { createLogger } from '../../shared/logger';
import { invalidateCatalogue, putProcedure } from '../../shared/store/catalogue';
import { retryPendingRefunds } from '../../shared/payments/refunds';
import { vnpDate } from '../../shared/payments/vnpay';
import { useLocalWorld } from '../support/local';
import { arrangeDossier, HASH_SECRET, historyOf, ipnFieldsFor, outboxEventsAbout, reloadDossier, setPaymentEnv, signedIpn, TMN_CODE, startVnpaySimulator, type VnpaySimulatorServer } from './support';

/**
 * Refunds through the local VNPay simulator, which checks each refund request as VNPay does (its
 * HMAC-SHA512 over the pipe-joined fields, the paid amount) and fails on demand.
 */
const { gateway } = useLocalWorld();
let simulator: VnpaySimulatorServer;
let simulatorUrl: string;
let citizen: string;
let admin: string;
const log = createLogger();

beforeAll(async () => {
  simulator = await startVnpaySimulator(gateway.url);
  simulatorUrl = simulator.url;
  setPaymentEnv({ ...localVnpayEnv(simulatorUrl, { tmnCode: TMN_CODE, hashSecret: HASH_SECRET }), PAYMENT_RETURN_URL: `${gateway.url}/payments/vnpay/return` });
  citizen = await gateway.token('citizen', { sub: 'citizen-a' });
  admin = await gateway.token('admin', { sub: 'admin-1' });
});
afterAll(async () => {
  await simulator?.close();
});
afterEach(async () => {
  await faults({ refund: 'ok' });
});

const faults = async (set: Record<string, string>) => (await fetch(`${simulatorUrl}/_simulator/vnpay/_faults`, { method: 'POST', body: JSON.stringify(set) })).json();
const records = async () => (await (await fetch(`${simulatorUrl}/_simulator/vnpay/_records`)).json()) as SimulatorRecords;
const refundsSentFor = async (paymentId: string) => (await records()).refunds.filter((refund) => refund.txnRef === paymentId);

/** A dossier whose fee was paid through the simulator's payment page, as a citizen pays it. */
async function paidPayment(amount = 50_000, dossierOverrides: Parameters<typeof arrangeDossier>[0] = {}) {
  const dossier = await arrangeDossier({ fee: { amount, state: 'DUE' }, ...dossierOverrides });
  const started = await gateway.request('POST', `/dossiers/${dossier.id}/payments`, { token: citizen, json: { provider: 'vnpay' }, headers: { 'idempotency-key': randomUUID() } });
  expect(started.status).toBe(201);
  const payment = await started.json();
  const q = new URL(payment.redirectUrl).search.slice(1);
  const paid = await fetch(`${simulatorUrl}/_simulator/vnpay/pay`, { method: 'POST', body: new URLSearchParams({ q, outcome: 'success' }), redirect: 'manual' });
  expect(paid.headers.get('x-simulator-ipn-rspcode')).toBe('00');
  return { dossier, paymentId: payment.paymentId as string };
}

const refund = (paymentId: string, json: unknown, options: { key?: string; token?: string } = {}) =>
  gateway.request('POST', `/admin/payments/${paymentId}/refunds`, { token: options.token ?? admin, json, headers: { 'idempotency-key': options.key ?? randomUUID() } });
const paymentOf = async (id: string) => (await gateway.request('GET', `/payments/${id}`, { token: citizen })).json();

describe('POST /admin/payments/{id}/refunds', () => {
  it('refunds a payment in full: the gateway is asked once, the payment and the fee are REFUNDED, one payment.refunded', async () => {
    const { dossier, paymentId } = await paidPayment(50_000);
    const res = await refund(paymentId, { amount: 50_000, reason: 'Thu nhầm lệ phí' });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ paymentId, dossierId: dossier.id, amount: 50_000, state: 'SUCCEEDED', purpose: 'admin', requestedBy: 'admin-1', attempts: 1, providerRef: expect.stringMatching(/^\d{8}$/) });

    expect(await paymentOf(paymentId)).toMatchObject({ state: 'REFUNDED', refunded: 50_000 });
    expect(await paymentOf(paymentId)).not.toHaveProperty('refundsPending');
    expect((await reloadDossier(dossier.id)).fee).toEqual({ amount: 50_000, state: 'REFUNDED', paymentId, refunded: 50_000 });
    expect(await outboxEventsAbout('payment.refunded', paymentId)).toHaveLength(1);
    expect((await historyOf(`DOSSIER#${dossier.id}`)).filter((entry) => entry.action === 'refund')).toHaveLength(1);
    expect((await historyOf(`PAYMENT#${paymentId}`)).map((entry) => entry.to)).toEqual(expect.arrayContaining(['PAID', 'REFUNDED']));

    const sent = await refundsSentFor(paymentId);
    expect(sent).toEqual([expect.objectContaining({ requestId: body.refundId, amount: 50_000, transactionType: '02', createBy: 'admin-1', responseCode: '00' })]);
    // A payment refunded in full takes no more.
    const more = await refund(paymentId, { amount: 1, reason: 'again' });
    expect([more.status, (await more.json()).code]).toEqual([409, 'PAYMENT_NOT_REFUNDABLE']);
  });

  it('refunds in parts up to the paid total (PARTIALLY_REFUNDED, then REFUNDED) and refuses beyond it with 422', async () => {
    const { dossier, paymentId } = await paidPayment(50_000);
    const tooMuch = await refund(paymentId, { amount: 50_001, reason: 'quá số tiền' });
    expect(tooMuch.status).toBe(422);
    expect(await tooMuch.json()).toMatchObject({ code: 'REFUND_EXCEEDS_PAID', errors: [{ path: 'body.amount' }] });

    expect((await (await refund(paymentId, { amount: 20_000, reason: 'Hoàn một phần' })).json()).state).toBe('SUCCEEDED');
    expect(await paymentOf(paymentId)).toMatchObject({ state: 'PARTIALLY_REFUNDED', refunded: 20_000 });
    expect((await reloadDossier(dossier.id)).fee).toMatchObject({ state: 'PARTIALLY_REFUNDED', refunded: 20_000 });

    const beyond = await refund(paymentId, { amount: 30_001, reason: 'quá phần còn lại' });
    expect([beyond.status, (await beyond.json()).code]).toEqual([422, 'REFUND_EXCEEDS_PAID']);
    expect((await (await refund(paymentId, { amount: 30_000, reason: 'Hoàn phần còn lại' })).json()).state).toBe('SUCCEEDED');
    expect(await paymentOf(paymentId)).toMatchObject({ state: 'REFUNDED', refunded: 50_000 });
    expect((await reloadDossier(dossier.id)).fee).toMatchObject({ state: 'REFUNDED', refunded: 50_000 });
    expect((await refundsSentFor(paymentId)).map((sent) => [sent.amount, sent.transactionType])).toEqual([
      [20_000, '03'],
      [30_000, '03'],
    ]);
    expect(await outboxEventsAbout('payment.refunded', paymentId)).toHaveLength(2);

    const listed = await (await gateway.request('GET', `/admin/payments/${paymentId}/refunds`, { token: admin })).json();
    expect(listed.items.map((item: { amount: number; state: string }) => [item.amount, item.state])).toEqual([
      [20_000, 'SUCCEEDED'],
      [30_000, 'SUCCEEDED'],
    ]);
  });

  it('never refunds more than was paid when refunds with different keys race', async () => {
    const { dossier, paymentId } = await paidPayment(50_000);
    const answers = await Promise.all(Array.from({ length: 6 }, () => refund(paymentId, { amount: 20_000, reason: 'đồng thời' })));
    const outcomes = await Promise.all(answers.map(async (res) => [res.status, (await res.json()).code ?? 'SUCCEEDED']));
    console.log(
      `[refunds] ${answers.length} concurrent refunds of 20 000 VND on a 50 000 VND payment, different keys → ${outcomes.filter(([status]) => status === 201).length} through, ${outcomes.filter(([status]) => status === 422).length} × 422`,
    );
    expect(outcomes.filter(([status]) => status === 201)).toHaveLength(2);
    expect(outcomes.filter(([status, code]) => status === 422 && code === 'REFUND_EXCEEDS_PAID')).toHaveLength(4);
    const sent = await refundsSentFor(paymentId);
    expect(sent.reduce((sum, one) => sum + one.amount, 0)).toBe(40_000);
    expect(await paymentOf(paymentId)).toMatchObject({ state: 'PARTIALLY_REFUNDED', refunded: 40_000 });
    expect((await reloadDossier(dossier.id)).fee).toMatchObject({ state: 'PARTIALLY_REFUNDED', refunded: 40_000 });
    expect(await outboxEventsAbout('payment.refunded', paymentId)).toHaveLength(2);
  });

  it('answers a retry with the same Idempotency-Key with the same refund, asking the gateway once', async () => {
    const { paymentId } = await paidPayment(30_000);
    const [first, second] = await Promise.all([refund(paymentId, { amount: 10_000, reason: 'một lần' }, { key: 'refund-once' }), refund(paymentId, { amount: 10_000, reason: 'một lần' }, { key: 'refund-once' })]);
    const [a, b] = [await first.json(), await second.json()];
    expect(a.refundId).toBe(b.refundId);
    expect([first.status, second.status].sort()).toEqual([201, 201]);
    expect(await refundsSentFor(paymentId)).toHaveLength(1);
    expect((await paymentOf(paymentId)).refunded).toBe(10_000);
    const otherBody = await refund(paymentId, { amount: 20_000, reason: 'một lần' }, { key: 'refund-once' });
    expect(otherBody.status).toBe(422);
  });

  it('keeps a refund whose call failed PENDING and reserved, and the schedule sends it again until it is through', async () => {
    const { dossier, paymentId } = await paidPayment(50_000);
    await faults({ refund: 'unavailable' });
    const res = await refund(paymentId, { amount: 50_000, reason: 'Rút hồ sơ' });
    expect(res.status).toBe(202);
    const pending = await res.json();
    expect(pending).toMatchObject({ state: 'PENDING', attempts: 1, lastError: 'refund HTTP 503' });
    expect(await paymentOf(paymentId)).toMatchObject({ state: 'PAID', refundsPending: 50_000 });
    // Reserved: nothing more can be promised meanwhile.
    expect((await refund(paymentId, { amount: 1, reason: 'thêm' })).status).toBe(422);

    // Listed for admins while it waits.
    const waiting = (await (await gateway.request('GET', '/admin/payments/pending-refunds', { token: admin })).json()).items;
    expect(waiting).toContainEqual(expect.objectContaining({ refundId: pending.refundId, state: 'PENDING', attempts: 1, lastError: 'refund HTTP 503' }));
    expect((await gateway.request('GET', '/admin/payments/pending-refunds', { token: citizen })).status).toBe(403);
    // Not due yet: the schedule leaves it alone.
    expect((await retryPendingRefunds({ log })).checked).toBe(0);
    // Still down when the schedule comes: still PENDING, nothing lost.
    const later = new Date(Date.now() + 10 * 60_000);
    expect(await retryPendingRefunds({ log, now: later })).toMatchObject({ checked: 1, stillPending: 1 });
    await faults({ refund: 'ok' });
    expect(await retryPendingRefunds({ log, now: new Date(Date.now() + 60 * 60_000) })).toMatchObject({ checked: 1, refunded: 1 });

    expect(await paymentOf(paymentId)).toMatchObject({ state: 'REFUNDED', refunded: 50_000 });
    expect((await reloadDossier(dossier.id)).fee.state).toBe('REFUNDED');
    const listed = (await (await gateway.request('GET', `/admin/payments/${paymentId}/refunds`, { token: admin })).json()).items;
    expect(listed).toEqual([expect.objectContaining({ refundId: pending.refundId, state: 'SUCCEEDED', attempts: 3 })]);
    expect((await refundsSentFor(paymentId)).map((sent) => sent.requestId)).toEqual([pending.refundId, pending.refundId, pending.refundId]);
    expect(await outboxEventsAbout('payment.refunded', paymentId)).toHaveLength(1);
    const after = (await (await gateway.request('GET', '/admin/payments/pending-refunds', { token: admin })).json()).items;
    expect(after.map((item: { refundId: string }) => item.refundId)).not.toContain(pending.refundId);
  });

  it('never refunds twice when the gateway made the refund but its answer was lost', async () => {
    const { paymentId } = await paidPayment(40_000);
    await faults({ refund: 'lost' });
    const res = await refund(paymentId, { amount: 15_000, reason: 'mất kết nối' });
    expect(res.status).toBe(202);
    const pending = await res.json();
    await faults({ refund: 'ok' });
    expect(await retryPendingRefunds({ log, now: new Date(Date.now() + 10 * 60_000) })).toMatchObject({ refunded: 1 });
    // The same request id: the gateway answers its first refund again rather than making another.
    const sent = await refundsSentFor(paymentId);
    expect(sent.map((one) => [one.requestId, one.responseCode])).toEqual([
      [pending.refundId, '00'],
      [pending.refundId, '00'],
    ]);
    expect(await paymentOf(paymentId)).toMatchObject({ state: 'PARTIALLY_REFUNDED', refunded: 15_000 });
    expect(await outboxEventsAbout('payment.refunded', paymentId)).toHaveLength(1);
  });

  it('records a refund the gateway refuses as FAILED, frees what it reserved, and emits payment.refund_failed', async () => {
    const { dossier, paymentId } = await paidPayment(50_000);
    await faults({ refund: 'refuse' });
    const res = await refund(paymentId, { amount: 10_000, reason: 'bị từ chối' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ state: 'FAILED', failure: { code: 'vnp_ResponseCode 95' } });
    const after = await paymentOf(paymentId);
    expect(after.state).toBe('PAID');
    expect(after).not.toHaveProperty('refundsPending');
    expect((await reloadDossier(dossier.id)).fee.state).toBe('PAID');
    expect(await outboxEventsAbout('payment.refund_failed', paymentId)).toHaveLength(1);
    expect(await outboxEventsAbout('payment.refunded', paymentId)).toHaveLength(0);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const { paymentId } = await paidPayment(50_000);
    const cases: Array<[unknown, number, string]> = [
      [{ amount: 1.5, reason: 'lẻ' }, 400, 'VALIDATION_FAILED'],
      [{ amount: 0, reason: 'không' }, 400, 'VALIDATION_FAILED'],
      [{ amount: -5, reason: 'âm' }, 400, 'VALIDATION_FAILED'],
      [{ amount: '50000', reason: 'chuỗi' }, 400, 'VALIDATION_FAILED'],
      [{ amount: 1000 }, 400, 'VALIDATION_FAILED'],
      [{ amount: 1000, reason: 'x', extra: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [json, status, code] of cases) {
      const res = await refund(paymentId, json);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect([status, (await res.json()).code]).toEqual([status, code]);
    }
    const noKey = await gateway.request('POST', `/admin/payments/${paymentId}/refunds`, { token: admin, json: { amount: 1000, reason: 'x' } });
    expect((await noKey.json()).code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await refund(paymentId, { amount: 1000, reason: 'x' }, { token: citizen })).status).toBe(403);
    expect((await refund('0123456789abcdef0123456789abcdef', { amount: 1000, reason: 'x' })).status).toBe(404);
    expect((await refund('not-a-payment', { amount: 1000, reason: 'x' })).status).toBe(404);
    expect(await refundsSentFor(paymentId)).toHaveLength(0);
    expect(await paymentOf(paymentId)).toMatchObject({ state: 'PAID' });

    // A payment not paid (still open) has nothing to refund.
    const open = await arrangeDossier();
    const started = await (await gateway.request('POST', `/dossiers/${open.id}/payments`, { token: citizen, json: {}, headers: { 'idempotency-key': randomUUID() } })).json();
    const notPaid = await refund(started.paymentId, { amount: 1000, reason: 'x' });
    expect([notPaid.status, (await notPaid.json()).code]).toEqual([409, 'PAYMENT_NOT_REFUNDABLE']);
  });
});

describe('POST /admin/payments/{id}/resolve-late-success', () => {
  const start = async (dossierId: string) => {
    const res = await gateway.request('POST', `/dossiers/${dossierId}/payments`, { token: citizen, json: {}, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(201);
    return res.json();
  };
  const payAtSimulator = async (redirectUrl: string) => {
    const q = new URL(redirectUrl).search.slice(1);
    const res = await fetch(`${simulatorUrl}/_simulator/vnpay/pay`, { method: 'POST', body: new URLSearchParams({ q, outcome: 'success' }), redirect: 'manual' });
    expect(res.headers.get('x-simulator-ipn-rspcode')).toBe('00');
  };
  /** A payment reported FAILED, then paid at the gateway after all: a late success, the fee still DUE unless `paidByAnother`. */
  async function lateSuccess(options: { paidByAnother?: boolean } = {}) {
    const dossier = await arrangeDossier({ fee: { amount: 50_000, state: 'DUE' } });
    const first = await start(dossier.id);
    expect((await (await gateway.request('GET', `/webhooks/vnpay/ipn?${signedIpn(ipnFieldsFor(first.paymentId, 50_000, 'cancelled'))}`)).json()).RspCode).toBe('00');
    let other: string | undefined;
    if (options.paidByAnother) {
      const second = await start(dossier.id);
      await payAtSimulator(second.redirectUrl);
      other = second.paymentId;
    }
    await payAtSimulator(first.redirectUrl);
    expect((await adminView(first.paymentId)).state).toBe('LATE_SUCCESS');
    return { dossier, paymentId: first.paymentId as string, other };
  }
  const resolve = (paymentId: string, json: unknown, key = randomUUID()) => gateway.request('POST', `/admin/payments/${paymentId}/resolve-late-success`, { token: admin, json, headers: { 'idempotency-key': key } });
  const adminView = async (paymentId: string) => (await gateway.request('GET', `/admin/payments/${paymentId}`, { token: admin })).json();
  const listed = async () => ((await (await gateway.request('GET', '/admin/payments/late-successes?limit=100', { token: admin })).json()).items as Array<{ paymentId: string }>).map((item) => item.paymentId);

  it('applies a late success to the fee it can still pay: PAID, the dossier resumed, payment.confirmed, with history', async () => {
    const { dossier, paymentId } = await lateSuccess();
    expect(await listed()).toContain(paymentId);
    const res = await resolve(paymentId, { by: 'apply', reason: 'Công dân đã chuyển tiền thành công' });
    expect(res.status).toBe(200);
    expect((await res.json()).payment).toMatchObject({
      paymentId,
      state: 'PAID',
      lateSuccess: { previousState: 'FAILED', resolution: { by: 'apply', actorSub: 'admin-1', reason: 'Công dân đã chuyển tiền thành công' } },
    });
    expect(await reloadDossier(dossier.id)).toMatchObject({ status: 'PROCESSING', fee: { state: 'PAID', paymentId } });
    expect(await outboxEventsAbout('payment.confirmed', paymentId)).toHaveLength(1);
    expect(await listed()).not.toContain(paymentId);

    const view = await adminView(paymentId);
    expect(view.history.map((entry: { from: string; to: string }) => `${entry.from}→${entry.to}`)).toEqual(['CREATED→PENDING', 'PENDING→FAILED', 'FAILED→LATE_SUCCESS', 'LATE_SUCCESS→PAID']);
    expect(view.history.at(-1).note).toContain('admin-1');
    const again = await resolve(paymentId, { by: 'refund', reason: 'lần nữa' });
    expect([again.status, (await again.json()).code]).toEqual([409, 'NOT_A_LATE_SUCCESS']);
  });

  it('refuses to apply money the fee no longer takes, and refunds it in full instead, leaving the fee to the payment that paid it', async () => {
    const { dossier, paymentId, other } = await lateSuccess({ paidByAnother: true });
    const apply = await resolve(paymentId, { by: 'apply', reason: 'thử' });
    expect([apply.status, (await apply.json()).code]).toEqual([409, 'FEE_REFUSES_PAYMENT']);

    const res = await resolve(paymentId, { by: 'refund', reason: 'Thanh toán trùng' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.refund).toMatchObject({ state: 'SUCCEEDED', amount: 50_000, purpose: 'late-success' });
    expect(body.payment).toMatchObject({ state: 'REFUNDED', refunded: 50_000, lateSuccess: { resolution: { by: 'refund', actorSub: 'admin-1', refundId: body.refund.refundId } } });
    expect((await reloadDossier(dossier.id)).fee).toEqual({ amount: 50_000, state: 'PAID', paymentId: other });
    expect(await refundsSentFor(paymentId)).toEqual([expect.objectContaining({ amount: 50_000, transactionType: '02', responseCode: '00' })]);
    expect(await outboxEventsAbout('payment.refunded', paymentId)).toHaveLength(1);
    expect(await listed()).not.toContain(paymentId);
    expect((await adminView(paymentId)).history.at(-1)).toMatchObject({ from: 'LATE_SUCCESS', to: 'REFUNDED' });
  });

  it("keeps a late success listed while its refund is PENDING, and resolves it when the schedule gets the gateway's answer", async () => {
    const { paymentId } = await lateSuccess({ paidByAnother: true });
    await faults({ refund: 'unavailable' });
    const res = await resolve(paymentId, { by: 'refund', reason: 'Hoàn tiền' });
    expect(res.status).toBe(202);
    expect((await res.json()).refund).toMatchObject({ state: 'PENDING' });
    expect(await adminView(paymentId)).toMatchObject({ state: 'LATE_SUCCESS', refundsPending: 50_000 });
    expect(await listed()).toContain(paymentId);
    const twice = await resolve(paymentId, { by: 'apply', reason: 'đổi ý' });
    expect([twice.status, (await twice.json()).code]).toEqual([409, 'REFUND_IN_PROGRESS']);

    await faults({ refund: 'ok' });
    expect(await retryPendingRefunds({ log, now: new Date(Date.now() + 10 * 60_000) })).toMatchObject({ refunded: 1 });
    expect(await adminView(paymentId)).toMatchObject({ state: 'REFUNDED', lateSuccess: { resolution: { by: 'refund' } } });
    expect(await listed()).not.toContain(paymentId);
  });

  it('is 404 for an unknown payment and 400 for a bad body', async () => {
    expect((await resolve('0123456789abcdef0123456789abcdef', { by: 'apply', reason: 'x' })).status).toBe(404);
    const bad = await resolve('0123456789abcdef0123456789abcdef', { by: 'keep', reason: 'x' });
    expect([bad.status, (await bad.json()).code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe("withdrawal before processing (the procedure's refundOnEarlyWithdrawal)", () => {
  const procedure = (code: string, refundOnEarlyWithdrawal?: boolean) =>
    Procedure.parse({
      code,
      name: 'Cấp bản sao trích lục hộ tịch',
      field: 'Hộ tịch',
      level: 4,
      mode: 'FULLY_ONLINE',
      tier: 'commune',
      agencyKind: 'commune-committee',
      fee: { kind: 'fixed', amount: 50_000 },
      processingTime: { amount: 1, unit: 'working-days' },
      applicationForm: { type: 'object' },
      delivery: ['online'],
      ...(refundOnEarlyWithdrawal === undefined ? {} : { refundOnEarlyWithdrawal }),
    });
  beforeAll(async () => {
    await putProcedure(procedure('TEST-REFUND-1', true));
    await putProcedure(procedure('TEST-KEEP-1'));
    invalidateCatalogue('PROCEDURE');
  });
  const withdraw = async (dossierId: string) =>
    gateway.request('POST', `/dossiers/${dossierId}/withdraw`, {
      token: await gateway.token('citizen', { sub: 'citizen-a', nationalId: '001099012345' }),
      json: { reason: 'Không còn nhu cầu' },
      headers: { 'idempotency-key': randomUUID() },
    });

  it('refunds the paid fee by itself: recorded with the withdrawal, sent by the schedule, the fee REFUNDED', async () => {
    const { dossier, paymentId } = await paidPayment(50_000, { procedureCode: 'TEST-REFUND-1', status: 'RECEIVED', resumeStatus: null });
    expect((await reloadDossier(dossier.id)).fee.state).toBe('PAID');
    expect((await withdraw(dossier.id)).status).toBe(200);
    expect((await reloadDossier(dossier.id)).fee).toMatchObject({ state: 'REFUND_DUE', paymentId });
    expect(await paymentOf(paymentId)).toMatchObject({ state: 'PAID', refundsPending: 50_000 });
    const [pending] = (await (await gateway.request('GET', `/admin/payments/${paymentId}/refunds`, { token: admin })).json()).items;
    expect(pending).toMatchObject({ state: 'PENDING', purpose: 'withdrawal', amount: 50_000, requestedBy: 'system', attempts: 0 });

    expect(await retryPendingRefunds({ log })).toMatchObject({ refunded: 1 });
    expect(await paymentOf(paymentId)).toMatchObject({ state: 'REFUNDED', refunded: 50_000 });
    expect((await reloadDossier(dossier.id)).fee).toMatchObject({ state: 'REFUNDED', refunded: 50_000 });
    expect(await refundsSentFor(paymentId)).toEqual([expect.objectContaining({ amount: 50_000, transactionType: '02', createBy: 'system', responseCode: '00' })]);
    expect(await outboxEventsAbout('payment.refunded', paymentId)).toHaveLength(1);
  });

  it('leaves the fee REFUND_DUE for an admin when the procedure does not say so, or processing had started', async () => {
    const plain = await paidPayment(50_000, { procedureCode: 'TEST-KEEP-1', status: 'SUBMITTED', resumeStatus: null });
    const started = await paidPayment(50_000, { procedureCode: 'TEST-REFUND-1', status: 'PROCESSING', resumeStatus: null });
    for (const { dossier, paymentId } of [plain, started]) {
      expect((await withdraw(dossier.id)).status).toBe(200);
      expect((await reloadDossier(dossier.id)).fee.state).toBe('REFUND_DUE');
      expect(await paymentOf(paymentId)).not.toHaveProperty('refundsPending');
      expect((await (await gateway.request('GET', `/admin/payments/${paymentId}/refunds`, { token: admin })).json()).items).toEqual([]);
    }
  });
});

describe("the VNPay simulator's refund API", () => {
  it('takes a refund signed by the vnpay package (its HMAC-SHA512 over the pipe-joined fields) and signs its answer as VNPay does', async () => {
    const { paymentId } = await paidPayment(25_000);
    const vnpay = new VNPay({
      tmnCode: TMN_CODE,
      secureSecret: HASH_SECRET,
      vnpayHost: simulatorUrl,
      queryDrAndRefundHost: simulatorUrl,
      hashAlgorithm: HashAlgorithm.SHA512,
      loggerFn: ignoreLogger,
      endpoints: { queryDrRefundEndpoint: '_simulator/vnpay/querydr' },
    });
    const now = Number(vnpDate(new Date()));
    const answer = await vnpay.refund({
      vnp_RequestId: randomUUID().replace(/-/g, ''),
      vnp_TxnRef: paymentId,
      vnp_Amount: 5_000,
      vnp_TransactionType: '03',
      vnp_TransactionDate: now,
      vnp_CreateBy: 'package',
      vnp_CreateDate: now,
      vnp_IpAddr: '127.0.0.1',
      vnp_OrderInfo: 'Hoan tien thu',
    } as never);
    expect(answer.vnp_ResponseCode).toBe('00');
    // The answer's hash, recomputed independently over VNPay's documented field order (amount as sent, ×100).
    const fields = [
      'vnp_ResponseId',
      'vnp_Command',
      'vnp_ResponseCode',
      'vnp_Message',
      'vnp_TmnCode',
      'vnp_TxnRef',
      'vnp_Amount',
      'vnp_BankCode',
      'vnp_PayDate',
      'vnp_TransactionNo',
      'vnp_TransactionType',
      'vnp_TransactionStatus',
      'vnp_OrderInfo',
    ];
    const raw = { ...answer, vnp_Amount: Number(answer.vnp_Amount) * 100, vnp_Message: 'Refund Success' } as unknown as Record<string, unknown>;
    expect(hash(HASH_SECRET, Buffer.from(fields.map((field) => String(raw[field] ?? '')).join('|'), 'utf-8'), HashAlgorithm.SHA512)).toBe(answer.vnp_SecureHash);

    // A forged request is 97; more than is left is 03.
    const forged = new VNPay({
      tmnCode: TMN_CODE,
      secureSecret: 'not-the-merchant-secret-000000',
      vnpayHost: simulatorUrl,
      queryDrAndRefundHost: simulatorUrl,
      hashAlgorithm: HashAlgorithm.SHA512,
      loggerFn: ignoreLogger,
      endpoints: { queryDrRefundEndpoint: '_simulator/vnpay/querydr' },
    });
    const base = { vnp_TxnRef: paymentId, vnp_TransactionType: '03', vnp_TransactionDate: now, vnp_CreateBy: 'package', vnp_CreateDate: now, vnp_IpAddr: '127.0.0.1', vnp_OrderInfo: 'x' };
    expect((await forged.refund({ ...base, vnp_RequestId: randomUUID().replace(/-/g, ''), vnp_Amount: 1_000 } as never)).vnp_ResponseCode).toBe('97');
    expect((await vnpay.refund({ ...base, vnp_RequestId: randomUUID().replace(/-/g, ''), vnp_Amount: 20_001 } as never)).vnp_ResponseCode).toBe('03');
    // And our API refunds what is left of it at the gateway's side too.
    const ours = await refund(paymentId, { amount: 20_000, reason: 'phần còn lại' });
    expect((await ours.json()).state).toBe('SUCCEEDED');
  });
});
