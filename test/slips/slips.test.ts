import { resolve } from 'node:path';
import type { EventBridgeEvent } from 'aws-lambda';
import { projectRoot } from '../../infra/local/paths';
import { toVnIso } from '../../shared/domain/vietnam-time';
import { SYSTEM_NAME } from '../../shared/slips/qr';
import { useLocalWorld } from '../support/local';
import { agencyA, agencyB, procedure, seedCatalogue } from '../agency/support';
import { download, readPdf } from './support';

// The public address the QR links point at (the portal); the test follows each link's path on the gateway.
const PUBLIC = 'https://dichvucong.tinh-test.gov.vn';
process.env.PUBLIC_BASE_URL = PUBLIC;
// Each slip is rendered, stored, downloaded and parsed in another process: slow on a shared 2-core machine.
jest.setTimeout(240_000);
const settle = () => pipeline.settle(120_000);

const { gateway, events: pipeline } = useLocalWorld({ seed: seedCatalogue, events: true });
let citizen: string;
let stranger: string;
let officer: string;
let otherOfficer: string;

beforeAll(async () => {
  citizen = await gateway.token('citizen', { sub: 'citizen-slips', nationalId: '001088012345' });
  stranger = await gateway.token('citizen', { sub: 'citizen-other' });
  officer = await gateway.token('officer', { sub: 'officer-slips', agencyId: agencyA.id });
  otherOfficer = await gateway.token('officer', { sub: 'officer-b', agencyId: agencyB.id });
}, 60_000);

let keys = 0;
const post = async (token: string, path: string, json: unknown = {}) => {
  const res = await gateway.request('POST', path, { token, json, headers: { 'idempotency-key': `slips-${++keys}` } });
  const body = await res.json();
  if (res.status >= 300) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
  return body;
};
const applicant = { fullName: 'Trần Văn Cường', nationalId: '001088012345', phone: '0987654321', address: 'Thôn Đông, xã Một' };

/** A dossier submitted by the citizen through the API and routed to agency A. */
async function submitted(): Promise<{ id: string; code: string }> {
  const draft = await post(citizen, '/dossiers', { procedureCode: procedure.code, unitId: 'xa-mot', applicant, answers: { child: { fullName: 'Trần Minh Khôi' } }, delivery: { method: 'desk' } });
  const done = await post(citizen, `/dossiers/${draft.id}/submit`);
  await settle();
  return { id: draft.id, code: done.code };
}

type Slip = { id: string; kind: string; form: string; documentName: string; issuedAt: string; verifyUrl: string; sha256: string; download: { url: string } };
const slipsOf = async (id: string, token = citizen): Promise<Slip[]> => {
  const res = await gateway.request('GET', `/dossiers/${id}/slips`, { token });
  expect(res.status).toBe(200);
  return (await res.json()).items;
};

/** Downloads a slip, reads it back as a person would, follows its QR's verify link. */
async function open(slip: Slip) {
  const file = await download(slip.download.url);
  expect(file.status).toBe(200);
  expect(Buffer.from(file.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
  const pdf = await readPdf(file.bytes);
  expect(pdf.qr).toBeDefined();
  const verifyUrl = new URL(pdf.qr!.verifyUrl);
  expect(verifyUrl.origin).toBe(PUBLIC);
  const verified = await gateway.request('GET', verifyUrl.pathname);
  return { ...pdf, qr: pdf.qr!, verified: { status: verified.status, body: await verified.json() } };
}

describe('statutory slips (TT 01/2018 forms 01-05), through the bus', () => {
  it('issues the receipt and appointment slip (01) on receipt: Vietnamese text, code and dates, QR and verify link', async () => {
    const { id, code } = await submitted();
    expect(await slipsOf(id)).toEqual([]); // submitted, not yet received: no slip
    await post(officer, `/agency/dossiers/${id}/receive`);
    await settle();

    const [receipt, ...others] = await slipsOf(id);
    expect(others).toEqual([]);
    expect(receipt).toMatchObject({ kind: 'receipt', form: '01', documentName: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' });
    const dossier = await (await gateway.request('GET', `/dossiers/${id}`, { token: citizen })).json();
    const opened = await open(receipt!);

    expect(opened.text).toContain('GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
    expect(opened.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(opened.text).toContain(`Mã hồ sơ: ${code}`);
    expect(opened.text).toContain('Trần Văn Cường');
    expect(opened.text).toContain(procedure.name);
    const appointment = new Date(dossier.appointmentAt);
    const local = new Date(appointment.getTime() + 7 * 3600_000);
    expect(opened.text).toContain(`ngày ${local.getUTCDate()} tháng ${local.getUTCMonth() + 1} năm ${local.getUTCFullYear()}`);

    // The QR carries the TT 01/2023 fields, the receipt adds the appointment date.
    expect(opened.qr).toEqual({
      dossierCode: code,
      procedureCode: procedure.code,
      applicantId: applicant.nationalId,
      documentName: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      systemName: SYSTEM_NAME,
      issuedAt: toVnIso(new Date(receipt!.issuedAt)),
      appointmentAt: toVnIso(appointment),
      verifyUrl: receipt!.verifyUrl,
    });
    // The public verify route answers what the QR states, the applicant id masked, and the PDF's hash.
    expect(opened.verified.status).toBe(200);
    expect(opened.verified.body).toEqual({
      valid: true,
      documentKind: 'slip',
      documentName: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả',
      issuer: agencyA.name,
      issuedAt: receipt!.issuedAt,
      dossierCode: code,
      procedureCode: procedure.code,
      applicantId: '********2345',
      systemName: SYSTEM_NAME,
      appointmentAt: toVnIso(appointment),
      sha256: receipt!.sha256,
    });
    expect(JSON.stringify(opened.verified.body)).not.toMatch(/Trần|0987654321|001088012345/);

    // The officer of the agency sees the same slip; another agency's officer and another citizen do not.
    const officerView = await (await gateway.request('GET', `/agency/dossiers/${id}/slips`, { token: officer })).json();
    expect(officerView.items.map((s: Slip) => s.id)).toEqual([receipt!.id]);
    expect((await gateway.request('GET', `/agency/dossiers/${id}/slips`, { token: otherOfficer })).status).toBe(404);
    expect((await gateway.request('GET', `/dossiers/${id}/slips`, { token: stranger })).status).toBe(404);
  });

  it('issues 02 on a supplement request, 04 on an apology with the new date and 05 on resolve; each parsed back and verified', async () => {
    const { id, code } = await submitted();
    await post(officer, `/agency/dossiers/${id}/receive`);
    await post(officer, `/agency/dossiers/${id}/request-supplement`, { reason: 'Họ tên của trẻ cần ghi đầy đủ', papers: ['answers.child.fullName'] });
    await settle();
    await post(citizen, `/dossiers/${id}/supplement`, { answers: { child: { fullName: 'Trần Minh Khôi Nguyên' } } });
    await settle();
    const before = await (await gateway.request('GET', `/dossiers/${id}`, { token: citizen })).json();
    const newDate = new Date(new Date(before.appointmentAt).getTime() + 2 * 24 * 3600_000).toISOString();
    await post(officer, `/agency/dossiers/${id}/reschedule`, { appointmentAt: newDate, reason: 'Cần xác minh thêm với cơ quan công an' });
    await post(officer, `/agency/dossiers/${id}/resolve`, { decision: 'Cấp Giấy khai sinh' });
    await settle();

    const slips = await slipsOf(id);
    expect(slips.map((s) => s.form)).toEqual(['01', '02', '04', '05']);
    const [, supplement, apology, control] = await Promise.all(slips.map(open));

    expect(supplement!.text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(supplement!.text).toContain('Họ tên của trẻ cần ghi đầy đủ');
    expect(supplement!.text).toContain('Thông tin trong tờ khai: child.fullName');
    expect(supplement!.qr).toMatchObject({ dossierCode: code, documentName: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' });
    expect(supplement!.qr.appointmentAt).toBeUndefined();

    const moved = new Date(new Date(newDate).getTime() + 7 * 3600_000);
    const old = new Date(new Date(before.appointmentAt).getTime() + 7 * 3600_000);
    expect(apology!.text).toContain('PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
    expect(apology!.text).toContain('Cần xác minh thêm với cơ quan công an');
    expect(apology!.text).toContain(`ngày ${moved.getUTCDate()} tháng ${moved.getUTCMonth() + 1} năm ${moved.getUTCFullYear()}`);
    expect(apology!.text).toContain(`ngày ${old.getUTCDate()} tháng ${old.getUTCMonth() + 1} năm ${old.getUTCFullYear()}`);
    expect(apology!.qr.appointmentAt).toBe(toVnIso(new Date(newDate)));

    expect(control!.text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    for (const step of ['Nộp hồ sơ', 'Tiếp nhận hồ sơ', 'Yêu cầu bổ sung hồ sơ', 'Bổ sung hồ sơ', 'Có kết quả giải quyết']) expect(control!.text).toContain(step);
    expect(control!.text).toContain('officer-slips');

    for (const opened of [supplement, apology, control]) {
      expect(opened!.verified.status).toBe(200);
      expect(opened!.verified.body.dossierCode).toBe(code);
    }
  });

  it('issues the refusal slip (03) with its reason', async () => {
    const { id, code } = await submitted();
    await post(officer, `/agency/dossiers/${id}/refuse`, { reason: 'Thủ tục không thuộc thẩm quyền của Ủy ban nhân dân xã' });
    await settle();
    const [refusal] = await slipsOf(id);
    expect(refusal).toMatchObject({ kind: 'refusal', form: '03' });
    const opened = await open(refusal!);
    expect(opened.text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
    expect(opened.text).toContain('Thủ tục không thuộc thẩm quyền của Ủy ban nhân dân xã');
    expect(opened.qr.dossierCode).toBe(code);
    expect(opened.verified.body.documentName).toBe('Phiếu từ chối tiếp nhận giải quyết hồ sơ');
  });

  it('makes one slip per event: a redelivered event issues nothing new and keeps the token', async () => {
    const { id } = await submitted();
    await post(officer, `/agency/dossiers/${id}/receive`);
    await settle();
    const [first] = await slipsOf(id);
    const received = pipeline.bus.archive.find((e) => e['detail-type'] === 'dossier.received' && e.detail.data.dossierId === id)!;
    const consumer = ((await import(resolve(projectRoot, 'functions/slips/issue-slip.ts'))) as { handler: (event: EventBridgeEvent<string, unknown>) => Promise<void> }).handler;
    await Promise.all([consumer(received as EventBridgeEvent<string, unknown>), consumer(received as EventBridgeEvent<string, unknown>)]);
    const again = await slipsOf(id);
    expect(again).toHaveLength(1);
    expect(again[0]!.verifyUrl).toBe(first!.verifyUrl);
    expect(again[0]!.id).toBe(first!.id);
  });
});

describe('GET /verify/{token}', () => {
  it('is 404 for an unknown token, a forged one and garbage, with nothing about any dossier', async () => {
    const { id } = await submitted();
    await post(officer, `/agency/dossiers/${id}/receive`);
    await settle();
    const [slip] = await slipsOf(id);
    const token = slip!.verifyUrl.split('/').pop()!;
    const forged = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const candidate of [forged, 'A'.repeat(32), 'not-a-token']) {
      const res = await gateway.request('GET', `/verify/${candidate}`);
      expect(res.status).toBe(404);
      const body = await res.json();
      expect(body.code).toBe('NOT_FOUND');
      expect(JSON.stringify(body)).not.toContain(id);
    }
    expect((await gateway.request('GET', '/verify/..%2F..%2Fetc')).status).toBe(404);
    expect((await gateway.request('GET', `/verify/${token}`)).status).toBe(200);
  });
});

describe('GET /agency/tracking-book (form 06)', () => {
  it('lists the dossiers the agency received in the period, as PDF and as CSV', async () => {
    const a = await submitted();
    const b = await submitted();
    await post(officer, `/agency/dossiers/${a.id}/receive`);
    await post(officer, `/agency/dossiers/${b.id}/receive`);
    await settle();
    const today = toVnIso(new Date()).slice(0, 10);

    const csv = await (await gateway.request('GET', `/agency/tracking-book?from=${today}&to=${today}&format=csv`, { token: officer })).json();
    expect(csv.count).toBeGreaterThanOrEqual(2);
    const text = Buffer.from((await download(csv.download.url)).bytes).toString('utf8');
    expect(text.startsWith('\uFEFFTT,Mã hồ sơ,Tên thủ tục hành chính')).toBe(true);
    expect(text).toContain(`${a.code},${procedure.name}`);
    expect(text).toContain(b.code);

    const pdf = await (await gateway.request('GET', `/agency/tracking-book?from=${today}&to=${today}`, { token: officer })).json();
    const book = await readPdf((await download(pdf.download.url)).bytes);
    expect(book.text).toContain('SỔ THEO DÕI HỒ SƠ');
    const compact = book.text.replace(/\s+/g, '');
    expect(compact).toContain(a.code);
    expect(compact).toContain(b.code);
    expect(compact).toContain('TrầnVănCường');

    // Another agency's book does not have them; a period that runs backwards or is too long is 400.
    const theirs = await (await gateway.request('GET', `/agency/tracking-book?from=${today}&to=${today}&format=csv`, { token: otherOfficer })).json();
    expect(Buffer.from((await download(theirs.download.url)).bytes).toString('utf8')).not.toContain(a.code);
    const backwards = await gateway.request('GET', `/agency/tracking-book?from=2026-02-10&to=2026-02-01`, { token: officer });
    expect(backwards.status).toBe(400);
    expect((await backwards.json()).code).toBe('INVALID_PERIOD');
    expect((await gateway.request('GET', `/agency/tracking-book?from=2026-01-01&to=2026-03-01`, { token: officer })).status).toBe(400);
    expect((await gateway.request('GET', `/agency/tracking-book?from=${today}&to=${today}`, { token: citizen })).status).toBe(403);
  });
});
