import { randomUUID } from 'node:crypto';
import { localVnpayEnv } from '../../infra/local/payment-simulator';
import { Procedure } from '../../shared/domain/procedure';
import { invalidateCatalogue, putAgency, putProcedure, putUnit } from '../../shared/store/catalogue';
import { useLocalWorld } from '../support/local';
import { download, readPdf } from '../slips/support';
import { arrangeDossier, HASH_SECRET, setPaymentEnv, TMN_CODE, startVnpaySimulator, type VnpaySimulatorServer } from './support';

/** The e-receipt (biên lai) of a payment, downloaded as a citizen does and read back with pdf.js. */
const { gateway } = useLocalWorld();
let simulator: VnpaySimulatorServer;
let simulatorUrl: string;
let citizen: string;
let admin: string;

beforeAll(async () => {
  simulator = await startVnpaySimulator(gateway.url);
  simulatorUrl = simulator.url;
  setPaymentEnv({ ...localVnpayEnv(simulatorUrl, { tmnCode: TMN_CODE, hashSecret: HASH_SECRET }), PAYMENT_RETURN_URL: `${gateway.url}/payments/vnpay/return` });
  await putUnit({ id: 'phuong-ba-dinh', name: 'Phường Ba Đình', tier: 'commune' });
  await putAgency({
    id: 'ubnd-ba-dinh',
    code: 'UBBD',
    name: 'UBND phường Ba Đình',
    unitId: 'phuong-ba-dinh',
    kind: 'commune-committee',
    beneficiary: { account: '0011001234567', bankCode: 'VCB', name: 'UBND PHUONG BA DINH' },
  });
  await putProcedure(
    Procedure.parse({
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      field: 'Hộ tịch',
      level: 4,
      mode: 'FULLY_ONLINE',
      tier: 'commune',
      agencyKind: 'commune-committee',
      fee: { kind: 'rules', rules: [{ field: 'late', equals: true, amount: 125_000, label: 'Lệ phí đăng ký khai sinh quá hạn' }], otherwise: 0 },
      processingTime: { amount: 1, unit: 'working-days' },
      applicationForm: { type: 'object' },
      delivery: ['online'],
    }),
  );
  invalidateCatalogue();
  citizen = await gateway.token('citizen', { sub: 'citizen-a' });
  admin = await gateway.token('admin', { sub: 'admin-1' });
});
afterAll(async () => {
  await simulator?.close();
});

async function paid(amount = 125_000, organisation?: { taxCode: string; name: string }) {
  const dossier = await arrangeDossier({
    fee: { amount, state: 'DUE' },
    answers: { late: true },
    applicant: { fullName: 'Nguyễn Thị Ánh Tuyết', nationalId: '001099012345', address: 'Số 5 phố Đội Cấn, phường Ba Đình', ...(organisation ? { organisation } : {}) },
  });
  const started = await (await gateway.request('POST', `/dossiers/${dossier.id}/payments`, { token: citizen, json: {}, headers: { 'idempotency-key': randomUUID() } })).json();
  const q = new URL(started.redirectUrl).search.slice(1);
  await fetch(`${simulatorUrl}/_simulator/vnpay/pay`, { method: 'POST', body: new URLSearchParams({ q, outcome: 'success' }), redirect: 'manual' });
  return { dossier, paymentId: started.paymentId as string };
}
const receipt = (paymentId: string, token = citizen) => gateway.request('GET', `/payments/${paymentId}/receipt`, { token });
async function receiptText(paymentId: string) {
  const res = await receipt(paymentId);
  expect(res.status).toBe(200);
  const file = await download((await res.json()).download.url);
  expect([file.status, file.contentType]).toEqual([200, 'application/pdf']);
  return (await readPdf(file.bytes)).text.replace(/\s+/g, ' ');
}

describe('GET /payments/{id}/receipt', () => {
  it('is a Vietnamese PDF receipt: payer, amount in figures and words, fee line, dossier, agency and its account, time, references', async () => {
    const { dossier, paymentId } = await paid();
    const { providerRef, paidAt } = await (await gateway.request('GET', `/admin/payments/${paymentId}`, { token: admin })).json();
    const text = await receiptText(paymentId);
    for (const expected of [
      'BIÊN LAI THU PHÍ, LỆ PHÍ',
      'UBND PHƯỜNG BA ĐÌNH',
      'Độc lập - Tự do - Hạnh phúc',
      'Nguyễn Thị Ánh Tuyết',
      '********2345',
      'Số 5 phố Đội Cấn',
      dossier.code!,
      'Đăng ký khai sinh (mã 1.001193)',
      'Lệ phí đăng ký khai sinh quá hạn',
      '125.000',
      'Tổng cộng',
      'Một trăm hai mươi lăm nghìn đồng',
      '0011001234567 tại ngân hàng VCB (UBND PHUONG BA DINH)',
      'Cổng thanh toán VNPAY',
      providerRef,
      paymentId,
      'Phường Ba Đình, ngày',
    ])
      expect(text).toContain(expected);
    // The moment of payment, in Vietnam time.
    const local = new Date(Date.parse(paidAt) + 7 * 3600_000);
    expect(text).toContain(
      `${String(local.getUTCHours()).padStart(2, '0')} giờ ${String(local.getUTCMinutes()).padStart(2, '0')} phút, ngày ${local.getUTCDate()} tháng ${local.getUTCMonth() + 1} năm ${local.getUTCFullYear()}`,
    );
    expect(text).not.toContain('001099012345');
    expect(text).not.toContain('Đã hoàn trả');
  });

  it('prints the tax code (mã số thuế) of an organisation that pays, beside its name and its representative', async () => {
    const { paymentId } = await paid(125_000, { taxCode: '0101234567-001', name: 'Công ty TNHH Thương mại Ánh Dương' });
    const text = await receiptText(paymentId);
    for (const expected of ['Tổ chức: Công ty TNHH Thương mại Ánh Dương', 'Mã số thuế: 0101234567-001', 'Người nộp tiền: Nguyễn Thị Ánh Tuyết', '********2345']) expect(text).toContain(expected);
    expect(text).not.toContain('001099012345');
    // A person's receipt has no tax code line.
    const person = await paid();
    expect(await receiptText(person.paymentId)).not.toContain('Mã số thuế');
  });

  it('prints what was refunded', async () => {
    const { paymentId } = await paid();
    const refund = await gateway.request('POST', `/admin/payments/${paymentId}/refunds`, { token: admin, json: { amount: 25_000, reason: 'Thu thừa' }, headers: { 'idempotency-key': randomUUID() } });
    expect((await refund.json()).state).toBe('SUCCEEDED');
    const text = await receiptText(paymentId);
    expect(text).toContain('Đã hoàn trả');
    expect(text).toContain('25.000 đồng (Hai mươi lăm nghìn đồng)');
  });

  it('is 404 for another citizen and 409 for a payment that paid nothing', async () => {
    const { paymentId } = await paid();
    expect((await receipt(paymentId, await gateway.token('citizen', { sub: 'citizen-b' }))).status).toBe(404);
    const open = await arrangeDossier();
    const started = await (await gateway.request('POST', `/dossiers/${open.id}/payments`, { token: citizen, json: {}, headers: { 'idempotency-key': randomUUID() } })).json();
    const res = await receipt(started.paymentId);
    expect([res.status, (await res.json()).code]).toEqual([409, 'RECEIPT_NOT_AVAILABLE']);
  });
});
