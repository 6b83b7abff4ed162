import { createHash, randomUUID } from 'node:crypto';
import { createPaygovSimulator, localPaygovEnv, PAYGOV_SIMULATOR_PATH, type PaygovSimulator } from '../../infra/local/paygov-simulator';
import { Procedure } from '../../shared/domain/procedure';
import { createLogger } from '../../shared/logger';
import { reconcilePayments } from '../../shared/payments/reconcile';
import { invalidateCatalogue, putAgency, putProcedure, putUnit } from '../../shared/store/catalogue';
import { download, readPdf } from '../slips/support';
import { useLocalWorld } from '../support/local';
import { figures } from '../reliability/support';
import { arrangeDossier, historyOf, outboxEventsAbout, reloadDossier, setPaymentEnv } from './support';

/**
 * PayGov (the national payment platform) end to end: INIT through the local gateway, the citizen
 * paying on the PayGov simulator, its confirm callback, QUERY by the reconciliation schedule, and
 * its refusals. Checksums are recomputed here from NATIONAL-INTERFACES.md §2.5, independently of
 * shared/payments/paygov.ts.
 */
const PARTNER = 'MOTCUAPG';
const SECRET = 'paygov-test-secret-0123456789abcdef';
const BENEFICIARY = { account: '0011001234567', bankCode: 'VCB', name: 'UBND PHUONG BA DINH' };

let paygov: PaygovSimulator;
// The simulator is mounted on the gateway's port, as `npm start` mounts it.
const { gateway } = useLocalWorld({ gateway: { extras: [(req, res) => paygov?.handle(req, res) ?? false] } });
let citizen: string;
let admin: string;

/** SHA-256 of the fields in PayGov's order, `|`-joined, the secret last (§2.5). */
const sha256 = (values: unknown[], secret = SECRET) =>
  createHash('sha256')
    .update([...values.map((v) => (v === undefined || v === null ? '' : String(v))), secret].join('|'), 'utf8')
    .digest('hex');
const IPN_ORDER = ['LoaiBanTin', 'MaLoi', 'MaDoiTac', 'MaThamChieu', 'SoTien', 'MaTienTe', 'MaGiaoDich', 'MaNganHang', 'ThoiGianGD', 'ThongTinGiaoDich'] as const;
function confirm(fields: Partial<Record<(typeof IPN_ORDER)[number], string | number>>, secret = SECRET) {
  const message = { LoaiBanTin: 'IPN', MaLoi: '00', MaDoiTac: PARTNER, MaTienTe: 'VND', MaGiaoDich: 'PG123456789', MaNganHang: 'VCB', ThoiGianGD: '20261201093000', ThongTinGiaoDich: 'THANH TOAN HO SO', ...fields };
  return {
    ...message,
    MaXacThuc: sha256(
      IPN_ORDER.map((field) => message[field]),
      secret,
    ),
  };
}

beforeAll(async () => {
  paygov = createPaygovSimulator({ gatewayUrl: gateway.url, partnerCode: PARTNER, secret: SECRET });
  // Before the first request: handlers read payment settings on first use.
  setPaymentEnv({ ...localPaygovEnv(gateway.url, { partnerCode: PARTNER, secret: SECRET }), PAYMENT_RETURN_URL: `${gateway.url}/payments/vnpay/return` });
  await putUnit({ id: 'phuong-ba-dinh', name: 'Phường Ba Đình', tier: 'commune' });
  // The agency pays through PayGov into its beneficiary account; one without an account cannot.
  await putAgency({ id: 'ubnd-ba-dinh', code: 'UBBD', name: 'UBND phường Ba Đình', unitId: 'phuong-ba-dinh', kind: 'commune-committee', beneficiary: BENEFICIARY, paymentProvider: 'paygov' });
  await putAgency({ id: 'ubnd-kim-ma', code: 'UBKM', name: 'UBND phường Kim Mã', unitId: 'phuong-ba-dinh', kind: 'commune-committee', paymentProvider: 'paygov' });
  const procedure = (code: string, extra: Record<string, unknown> = {}) =>
    Procedure.parse({
      code,
      name: 'Đăng ký khai sinh',
      field: 'Hộ tịch',
      level: 4,
      mode: 'FULLY_ONLINE',
      tier: 'commune',
      agencyKind: 'commune-committee',
      fee: { kind: 'fixed', amount: 50_000 },
      processingTime: { amount: 1, unit: 'working-days' },
      applicationForm: { type: 'object' },
      delivery: ['online'],
      ...extra,
    });
  await putProcedure(procedure('1.001193'));
  // A procedure's own choice wins over its agency's.
  await putProcedure(procedure('1.000894', { paymentProvider: 'vnpay' }));
  invalidateCatalogue();
  citizen = await gateway.token('citizen', { sub: 'citizen-a' });
  admin = await gateway.token('admin', { sub: 'admin-1' });
});

const start = (dossierId: string, json: Record<string, unknown> = {}) => gateway.request('POST', `/dossiers/${dossierId}/payments`, { token: citizen, json, headers: { 'idempotency-key': randomUUID() } });
const post = (message: unknown) => gateway.request('POST', '/webhooks/payments/paygov', { body: typeof message === 'string' ? message : JSON.stringify(message), headers: { 'content-type': 'application/json' } });
const paymentState = async (id: string) => (await (await gateway.request('GET', `/payments/${id}`, { token: citizen })).json()).state;
const pay = (ref: string, outcome: 'success' | 'failure' = 'success') => fetch(`${gateway.url}${PAYGOV_SIMULATOR_PATH}/pay`, { method: 'POST', body: new URLSearchParams({ ref, outcome }), redirect: 'manual' });
const log = createLogger();
const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

async function openPayment(overrides: Parameters<typeof arrangeDossier>[0] = {}) {
  const dossier = await arrangeDossier(overrides);
  const res = await start(dossier.id);
  expect(res.status).toBe(201);
  const payment = await res.json();
  return { dossier, payment, paymentId: payment.paymentId as string };
}

/** Nothing about this payment or its dossier changed. */
async function expectNothingWritten(paymentId: string, dossier: { id: string; version: number }) {
  expect(await paymentState(paymentId)).toBe('PENDING');
  expect((await reloadDossier(dossier.id)).version).toBe(dossier.version);
  expect((await historyOf(`PAYMENT#${paymentId}`)).filter((entry) => entry.to !== 'PENDING')).toHaveLength(0);
  expect(await outboxEventsAbout('payment.confirmed', paymentId)).toHaveLength(0);
  expect(await outboxEventsAbout('payment.failed', paymentId)).toHaveLength(0);
}

describe('PayGov INIT → payment → confirm callback', () => {
  it('opens the payment through INIT, and the confirm callback pays the fee once: PAID, payment.confirmed', async () => {
    const { dossier, payment, paymentId } = await openPayment();
    expect(payment).toMatchObject({ provider: 'paygov', amount: 50_000, state: 'PENDING' });
    expect(payment.redirectUrl).toBe(`${gateway.url}${PAYGOV_SIMULATOR_PATH}/pay?ref=${paymentId}`);

    const init = paygov.records.inits.find((call) => call.reference === paymentId)!;
    const m = init.message as Record<string, string> & { ThongTinBienLai: Record<string, unknown> };
    expect(m).toMatchObject({ LoaiBanTin: 'INIT', PhienBan: '1.0.6', MaDoiTac: PARTNER, MaThamChieu: paymentId, SoTien: '50000', LoaiHinhThanhToan: 'PAY', MaTienTe: 'VND', NgonNgu: 'vi-VN' });
    expect(m.MaXacThuc).toBe(
      sha256(
        ['LoaiBanTin', 'PhienBan', 'MaDoiTac', 'MaThamChieu', 'SoTien', 'LoaiHinhThanhToan', 'MaKenhThanhToan', 'MaThietBi', 'NgonNgu', 'MaTienTe', 'MaNganHang', 'ThongTinGiaoDich', 'ThoiGianGD', 'Ip'].map((f) => m[f]),
      ),
    );
    expect(m.ThoiGianGD).toMatch(/^\d{14}$/);
    expect(m.ThongTinGiaoDich).toMatch(/^[\x20-\x7e]+$/);
    // The agency's beneficiary account from the catalogue, on the receipt PayGov issues.
    expect(m.ThongTinBienLai).toMatchObject({
      MaHoSo: dossier.code,
      MaTTHC: '1.001193',
      MaDVC: '1.001193.01',
      MaDonVi: 'UBBD',
      TKThuHuong: BENEFICIARY.account,
      MaNHThuHuong: 'VCB',
      TenTKThuHuong: BENEFICIARY.name,
      HoTenNguoiNop: 'Nguyễn Văn A',
    });

    const paid = await pay(paymentId);
    expect(paid.status).toBe(302);
    expect(paid.headers.get('x-simulator-confirm-status')).toBe('200');
    expect(paid.headers.get('location')).toBe(`${gateway.url}/payments/paygov/return?data=${paymentId}`);
    const call = paygov.records.confirms.find((c) => c.reference === paymentId)!;
    // PayGov's answer: HTTP 200, MaLoi and MaXacThuc echoed, our partner code.
    expect(call.answer).toEqual({ MaLoi: '00', MoTaLoi: '', MaDoiTac: PARTNER, ThoiGianGD: expect.stringMatching(/^\d{14}$/), MaXacThuc: expect.stringMatching(/^[0-9a-f]{64}$/) });

    expect(await paymentState(paymentId)).toBe('PAID');
    expect(await reloadDossier(dossier.id)).toMatchObject({ status: 'PROCESSING', fee: { amount: 50_000, state: 'PAID', paymentId }, version: dossier.version + 1 });
    expect(await outboxEventsAbout('payment.confirmed', paymentId)).toHaveLength(1);
    const { providerRef } = await (await gateway.request('GET', `/admin/payments/${paymentId}`, { token: admin })).json();
    expect(providerRef).toMatch(/^PG\d{10}$/);
  });

  it('records a failure as FAILED with payment.failed, and the fee can be paid again', async () => {
    const { dossier, paymentId } = await openPayment();
    expect((await pay(paymentId, 'failure')).headers.get('x-simulator-confirm-status')).toBe('200');
    expect(await paymentState(paymentId)).toBe('FAILED');
    expect(await outboxEventsAbout('payment.failed', paymentId)).toHaveLength(1);
    expect((await reloadDossier(dossier.id)).fee.state).toBe('DUE');
    expect((await start(dossier.id)).status).toBe(201);
  });

  it('applies a redelivered callback once: 2 deliveries and 10 concurrent repeats, one PAID, one event, the same answer', async () => {
    const { dossier, paymentId } = await openPayment();
    paygov.setFaults({ confirm: 'twice' });
    try {
      await pay(paymentId);
    } finally {
      paygov.setFaults({ confirm: 'send' });
    }
    const deliveries = paygov.records.confirms.filter((c) => c.reference === paymentId);
    expect(deliveries.map((c) => c.status)).toEqual([200, 200]);
    const again = confirm({ MaThamChieu: paymentId, SoTien: 50_000 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const res = await post(again);
        return [res.status, await res.json()] as const;
      }),
    );
    expect(answers.every(([status, body]) => status === 200 && body.MaLoi === '00' && body.MaXacThuc === again.MaXacThuc)).toBe(true);
    expect(await outboxEventsAbout('payment.confirmed', paymentId)).toHaveLength(1);
    expect((await historyOf(`PAYMENT#${paymentId}`)).filter((entry) => entry.to === 'PAID')).toHaveLength(1);
    expect((await historyOf(`DOSSIER#${dossier.id}`)).filter((entry) => entry.action === 'pay')).toHaveLength(1);
    figures('paygov-duplicates', { deliveries: deliveries.length + answers.length, paidTransitions: 1 });
  });
});

describe('PayGov refusals write nothing', () => {
  it("refuses a forged MaXacThuc with 401 in PayGov's answer shape, whatever the body", async () => {
    const { dossier, paymentId } = await openPayment();
    paygov.setFaults({ confirm: 'forged' });
    try {
      await pay(paymentId);
    } finally {
      paygov.setFaults({ confirm: 'send' });
    }
    expect(paygov.records.confirms.find((c) => c.reference === paymentId)!.status).toBe(401);

    const forged = await post(confirm({ MaThamChieu: paymentId, SoTien: 50_000 }, 'not-the-shared-secret-000000'));
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toBe('application/problem+json');
    expect(await forged.json()).toMatchObject({ status: 401, code: 'INVALID_CHECKSUM', MaLoi: '97', MoTaLoi: expect.stringContaining('MaXacThuc'), MaDoiTac: PARTNER });
    // A valid checksum over other fields is forged too, and so is anything unreadable.
    const tampered = { ...confirm({ MaThamChieu: paymentId, SoTien: 5_000 }), SoTien: 50_000 };
    expect((await post(tampered)).status).toBe(401);
    for (const body of ['not json', '[]', '{}', JSON.stringify({ MaThamChieu: paymentId, MaLoi: '00' })]) expect((await post(body)).status).toBe(401);
    // A refusal tells a stranger nothing: its own partner code echoed, not ours.
    const stranger = await post(confirm({ MaThamChieu: paymentId, SoTien: 50_000, MaDoiTac: 'SOMEONE' }, 'guessed-secret-0000000000'));
    expect(await stranger.json()).toMatchObject({ status: 401, MaDoiTac: 'SOMEONE' });
    await expectNothingWritten(paymentId, dossier);
  });

  it("refuses an amount other than the payment's with 422 AMOUNT_MISMATCH (MaLoi 04)", async () => {
    const { dossier, paymentId } = await openPayment();
    paygov.setFaults({ confirm: 'amount-mismatch' });
    try {
      await pay(paymentId);
    } finally {
      paygov.setFaults({ confirm: 'send' });
    }
    const call = paygov.records.confirms.find((c) => c.reference === paymentId)!;
    expect([call.soTien, call.status]).toEqual([51_000, 422]);
    expect(call.answer).toMatchObject({ code: 'AMOUNT_MISMATCH', MaLoi: '04', errors: [{ path: 'body.SoTien' }] });
    const fewer = await post(confirm({ MaThamChieu: paymentId, SoTien: 49_999 }));
    expect([fewer.status, (await fewer.json()).code]).toEqual([422, 'AMOUNT_MISMATCH']);
    expect((await post(confirm({ MaThamChieu: paymentId, SoTien: 50_000, MaTienTe: 'USD' }))).status).toBe(422);
    await expectNothingWritten(paymentId, dossier);
  });

  it('refuses a signed message that is not a confirm (400, field paths) or names what we never sent (404)', async () => {
    const { dossier, paymentId } = await openPayment();
    const fraction = await post(confirm({ MaThamChieu: paymentId, SoTien: '50000.5' }));
    expect(fraction.status).toBe(400);
    expect((await fraction.json()).errors.map((e: { path: string }) => e.path)).toContain('body.SoTien');
    const unknown = await post(confirm({ MaThamChieu: 'f'.repeat(32), SoTien: 50_000 }));
    expect([unknown.status, (await unknown.json()).MaLoi]).toEqual([404, '01']);
    const otherPartner = await post(confirm({ MaThamChieu: paymentId, SoTien: 50_000, MaDoiTac: 'OTHER' }));
    expect(otherPartner.status).toBe(404);
    await expectNothingWritten(paymentId, dossier);
  });

  it('stores no payment when INIT is refused (409) or cannot be made, and chooses the gateway from the catalogue', async () => {
    const dossier = await arrangeDossier();
    paygov.setFaults({ init: 'error' });
    const refused = await start(dossier.id);
    paygov.setFaults({ init: 'unavailable' });
    const unavailable = await start(dossier.id);
    paygov.setFaults({ init: 'ok' });
    expect([refused.status, (await refused.json()).code]).toEqual([409, 'PAYMENT_GATEWAY_REFUSED']);
    expect([unavailable.status, (await unavailable.json()).code]).toEqual([409, 'PAYMENT_GATEWAY_REFUSED']);
    // Nothing held the fee: the next try opens the payment.
    expect((await start(dossier.id)).status).toBe(201);

    const noAccount = await arrangeDossier({ agencyId: 'ubnd-kim-ma' });
    const missing = await start(noAccount.id);
    expect([missing.status, (await missing.json()).code]).toEqual([409, 'BENEFICIARY_MISSING']);
    const viaVnpay = await arrangeDossier({ procedureCode: '1.000894' });
    const wrong = await start(viaVnpay.id, { provider: 'paygov' });
    expect(wrong.status).toBe(422);
    expect(await wrong.json()).toMatchObject({ code: 'PROVIDER_NOT_OFFERED', errors: [{ path: 'body.provider' }] });
    for (const { id, version } of [noAccount, viaVnpay]) expect((await reloadDossier(id)).version).toBe(version);
  });

  it('refuses refunds through PayGov before reserving anything (no refund API)', async () => {
    const { paymentId } = await openPayment();
    await pay(paymentId);
    const res = await gateway.request('POST', `/admin/payments/${paymentId}/refunds`, { token: admin, json: { amount: 10_000, reason: 'Thu thừa' }, headers: { 'idempotency-key': randomUUID() } });
    expect([res.status, (await res.json()).code]).toEqual([409, 'REFUNDS_NOT_SUPPORTED']);
  });
});

describe('PayGov QUERY (schedule payment-reconciliation)', () => {
  it('pays a fee whose callback never came, keeps an unanswered one open, expires one never completed', async () => {
    const lost = await openPayment();
    const abandoned = await openPayment();
    const unsure = await openPayment();
    paygov.setFaults({ confirm: 'drop' });
    try {
      await pay(lost.paymentId);
    } finally {
      paygov.setFaults({ confirm: 'send' });
    }
    expect(await paymentState(lost.paymentId)).toBe('PENDING');

    const first = await reconcilePayments({ log, now: minutesFromNow(16) });
    expect(await paymentState(lost.paymentId)).toBe('PAID');
    expect((await reloadDossier(lost.dossier.id)).fee).toMatchObject({ state: 'PAID', paymentId: lost.paymentId });
    expect(await outboxEventsAbout('payment.confirmed', lost.paymentId)).toHaveLength(1);
    expect(await paymentState(abandoned.paymentId)).toBe('PENDING');
    const asked = paygov.records.queries.filter((q) => q.reference === lost.paymentId);
    expect(asked).toEqual([expect.objectContaining({ checksum: true, maLoi: '00', trangThaiGD: '1' })]);

    // PayGov unreachable: nothing expires; answered "not completed" past the expiry: EXPIRED.
    paygov.setFaults({ query: 'unavailable' });
    await reconcilePayments({ log, now: minutesFromNow(40) });
    expect(await paymentState(unsure.paymentId)).toBe('PENDING');
    paygov.setFaults({ query: 'forged' });
    await reconcilePayments({ log, now: minutesFromNow(40) });
    expect(await paymentState(unsure.paymentId)).toBe('PENDING');
    paygov.setFaults({ query: 'ok' });
    await reconcilePayments({ log, now: minutesFromNow(40) });
    expect(await paymentState(abandoned.paymentId)).toBe('EXPIRED');
    expect(await paymentState(unsure.paymentId)).toBe('EXPIRED');
    figures('paygov-reconciliation', { ...first, queries: paygov.records.queries.length });
  });
});

describe('PayGov GET_BILL', () => {
  it('hands out the receipt PayGov issued beside ours', async () => {
    const { paymentId } = await openPayment();
    await pay(paymentId);
    const res = await gateway.request('GET', `/payments/${paymentId}/receipt`, { token: citizen });
    expect(res.status).toBe(200);
    const { download: ours, providerReceipt } = await res.json();
    expect(paygov.records.bills.filter((b) => b.reference === paymentId)).toEqual([expect.objectContaining({ checksum: true })]);
    const bill = await download(providerReceipt.url);
    expect([bill.status, bill.contentType]).toEqual([200, 'application/pdf']);
    expect((await readPdf(bill.bytes)).text).toContain(`MaThamChieu: ${paymentId}`);
    expect((await readPdf((await download(ours.url)).bytes)).text).toContain('Nền tảng thanh toán quốc gia (PayGov)');
  });
});
