import { signatureHeader } from '../../shared/payments/signed-webhook';
import { SAMPLE_PDF } from '../../infra/local/dvcqg-simulator';
import { act, dossiersWithNationalCode, forwardable, INBOUND_SECRET, useDvcqgWorld, tableSnapshot } from './support';

// Generous: the machine running the suite may be shared; the figures, not the time, are the test.
jest.setTimeout(120_000);

const world = useDvcqgWorld();

const post = (body: unknown, headers: Record<string, string>) => world.request('POST', '/integrations/dvcqg/dossiers', { body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
const signed = (body: unknown, secret = INBOUND_SECRET, at = Math.floor(Date.now() / 1000)) => ({ 'dvcqg-signature': signatureHeader(JSON.stringify(body), secret, at) });

describe('POST /integrations/dvcqg/dossiers', () => {
  it('receives a forwarded dossier as SUBMITTED, with our code beside the national one, an appointment date and an agency', async () => {
    const dossier = forwardable();
    const { status, body } = await world.sim.forward(dossier);
    expect(status).toBe(201);
    expect(body).toMatchObject({ error_code: '0', MaHoSo: dossier.MaHoSo, TrangThaiHoSo: '1', duplicate: false });
    expect(String(body.message)).toContain('thành công');
    expect(body.MaHoSoDonVi).toMatch(/^UBAB-\d{6}-\d{4}$/);
    expect(body.NgayHenTra).toMatch(/^\d{14}$/);
    await world.events.settle();

    // The officer of the agency sees it in the inbox, as any submitted dossier, with its verified paper.
    const view = await (await world.request('GET', `/agency/dossiers/${body.dossierId}`, { token: world.officer })).json();
    expect(view).toMatchObject({ status: 'SUBMITTED', code: body.MaHoSoDonVi, applicant: { fullName: dossier.ChuHoSo } });
    expect(view.papers).toHaveLength(1);
    const paper = await fetch(view.papers[0].download.url);
    expect(Buffer.from(await paper.arrayBuffer()).equals(SAMPLE_PDF)).toBe(true);
    const { getDossier } = await import('../../shared/store/dossiers');
    expect(await getDossier(String(body.dossierId))).toMatchObject({ channel: 'dvcqg', national: { code: dossier.MaHoSo, procedureCode: '1.001193' }, routed: true, agencyId: 'ubnd-xa-an-binh' });
    expect(world.events.bus.archive.filter((e) => e.detail.data.dossierId === body.dossierId).map((e) => e['detail-type'])).toEqual(['dossier.submitted', 'dossier.routed']);

    // Its applicant, signed in here with the identity number DVCQG gave, follows it among the dossiers filed for them.
    const filed = await (await world.request('GET', '/me/dossiers', { token: world.applicant })).json();
    expect(filed.items).toContainEqual(expect.objectContaining({ id: body.dossierId, code: body.MaHoSoDonVi, channel: 'dvcqg', mine: false }));
  });

  it('makes one dossier of a national code forwarded twice, and of 5 concurrent deliveries', async () => {
    const dossier = forwardable();
    const first = await world.sim.forward(dossier);
    const again = await world.sim.forward(dossier);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toMatchObject({ duplicate: true, dossierId: first.body.dossierId, MaHoSoDonVi: first.body.MaHoSoDonVi });
    expect(String(again.body.message)).toContain('đã tồn tại');

    const raced = forwardable();
    const answers = await Promise.all(Array.from({ length: 5 }, () => world.sim.forward(raced)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.dossierId)).size).toBe(1);
    await world.events.settle();
    expect(await dossiersWithNationalCode(String(dossier.MaHoSo))).toBe(1);
    expect(await dossiersWithNationalCode(String(raced.MaHoSo))).toBe(1);
    const submitted = world.events.bus.archive.filter((e) => e['detail-type'] === 'dossier.submitted' && e.detail.data.dossierId === answers[0]!.body.dossierId);
    expect(submitted).toHaveLength(1);
    console.log(
      `[dvcqg] inbound idempotency: 2 sequential + 5 concurrent deliveries of 2 national codes → ${statuses.filter((s) => s === 201).length + 1} dossiers, ${statuses.filter((s) => s === 200).length + 1} answered "đã tồn tại"`,
    );
  });

  it('refuses a forged, tampered, stale or unsigned call with 401 and writes nothing', async () => {
    const dossier = forwardable();
    const before = await tableSnapshot();
    const attempts: Array<[string, Record<string, string>, unknown]> = [
      ['no signature', {}, dossier],
      ['another secret', signed(dossier, 'not-the-province-secret-0123456789'), dossier],
      ['tampered body', signed(dossier), { ...dossier, ChuHoSo: 'Kẻ Mạo Danh' }],
      ['stale timestamp', signed(dossier, INBOUND_SECRET, Math.floor(Date.now() / 1000) - 600), dossier],
      ['malformed header', { 'dvcqg-signature': 'v1=deadbeef' }, dossier],
      ['a shared key where a signature is due', { 'dvcqg-key': INBOUND_SECRET }, dossier],
      // Authentication comes before validation: a stranger learns nothing of the fields we expect.
      ['forged and malformed', signed({ MaHoSo: 1 }, 'not-the-province-secret-0123456789'), { MaHoSo: 1 }],
      ['unsigned and empty', {}, {}],
    ];
    const codes: string[] = [];
    for (const [why, headers, body] of attempts) {
      const res = await post(body, headers);
      expect({ why, status: res.status }).toEqual({ why, status: 401 });
      codes.push((await res.json()).code);
    }
    expect(codes).toEqual(['INVALID_SIGNATURE', 'INVALID_SIGNATURE', 'INVALID_SIGNATURE', 'SIGNATURE_EXPIRED', 'INVALID_SIGNATURE', 'INVALID_SIGNATURE', 'INVALID_SIGNATURE', 'INVALID_SIGNATURE']);
    await world.events.settle();
    expect(await tableSnapshot()).toEqual(before);
    console.log(`[dvcqg] forged inbound: ${attempts.length} calls → ${attempts.length} × 401, 0 items written`);
  });

  it('answers 400 per field for malformed input and 422 per field for what does not fit, writing nothing', async () => {
    const before = await tableSnapshot();
    const cases: Array<[Record<string, unknown>, number, string[]]> = [
      [{ MaHoSo: undefined, NgayNopHoSo: '2026-03-01', SoDienThoai: 'abc' }, 400, ['body.MaHoSo', 'body.NgayNopHoSo', 'body.SoDienThoai']],
      [{ TaiLieuNop: [{ TenTepDinhKem: 'a.pdf', MaThanhPhanHoSo: 'giay-chung-sinh' }] }, 400, ['body.TaiLieuNop.0.DuongDanTaiTepTin']],
      [{ MaTTHC: '9.999999' }, 422, ['body.MaTTHC']],
      [{ MaDonViHanhChinh: 'xa-khong-co', NgayNopHoSo: '20261340000000' }, 422, ['body.MaDonViHanhChinh', 'body.NgayNopHoSo']],
      [{ DuLieuBieuMau: { child: {} } }, 422, ['body.DuLieuBieuMau.child.fullName', 'body.DuLieuBieuMau.mother', 'body.DuLieuBieuMau.relationship']],
      [{ TaiLieuNop: [] }, 422, ['body.TaiLieuNop']],
      [{ TaiLieuNop: [{ TenTepDinhKem: 'x.pdf', MaThanhPhanHoSo: 'khong-co', Base64: SAMPLE_PDF.toString('base64') }] }, 422, ['body.TaiLieuNop', 'body.TaiLieuNop.0.MaThanhPhanHoSo']],
      [{ TaiLieuNop: [{ TenTepDinhKem: 'gcs.pdf', MaThanhPhanHoSo: 'giay-chung-sinh', Base64: SAMPLE_PDF.toString('base64') }], HinhThucTra: '1' }, 422, ['body.DiaChiNhanKetQua']],
      [{ TaiLieuNop: [{ TenTepDinhKem: 'gcs.pdf', MaThanhPhanHoSo: 'giay-chung-sinh', Base64: Buffer.from('not a pdf at all').toString('base64') }] }, 422, ['body.TaiLieuNop.0']],
      [{ TaiLieuNop: [{ TenTepDinhKem: 'gcs.pdf', MaThanhPhanHoSo: 'giay-chung-sinh', DuongDanTaiTepTin: 'https://evil.example/gcs.pdf' }] }, 422, ['body.TaiLieuNop.0.DuongDanTaiTepTin']],
      [{ TaiLieuNop: [{ TenTepDinhKem: 'gcs.pdf', MaThanhPhanHoSo: 'giay-chung-sinh', DuongDanTaiTepTin: `${world.url}/_simulator/dvcqg/tep/khong-co` }] }, 422, ['body.TaiLieuNop.0.DuongDanTaiTepTin']],
    ];
    for (const [overrides, status, paths] of cases) {
      const body = JSON.parse(JSON.stringify(forwardable(overrides))) as Record<string, unknown>;
      const res = await post(body, signed(body));
      const problem = await res.json();
      expect({ overrides, status: res.status, paths: (problem.errors ?? []).map((e: { path: string }) => e.path).sort() }).toEqual({ overrides, status, paths: [...paths].sort() });
    }
    await world.events.settle();
    expect(await tableSnapshot()).toEqual(before);
  });

  it('fetches a paper given by URL from an allowed host and verifies it like an upload', async () => {
    const url = world.sim.publishFile('giay-chung-sinh.pdf', SAMPLE_PDF, 'application/pdf');
    const { status, body } = await world.sim.forward(forwardable({ TaiLieuNop: [{ TenTepDinhKem: 'giay-chung-sinh.pdf', MaThanhPhanHoSo: 'giay-chung-sinh', DuongDanTaiTepTin: url }] }));
    expect(status).toBe(201);
    await world.events.settle();
    const view = await (await world.request('GET', `/agency/dossiers/${body.dossierId}`, { token: world.officer })).json();
    expect(view.papers[0]).toMatchObject({ paperId: 'giay-chung-sinh', size: SAMPLE_PDF.length });
  });

  it('takes the fee as paid when DVCQG collected it', async () => {
    const { putProcedure } = await import('../../shared/store/catalogue');
    const { procedure } = await import('./support');
    await putProcedure({ ...procedure, code: '1.009999', fee: { kind: 'fixed', amount: 10_000 } } as typeof procedure);
    const paid = await world.sim.forward(forwardable({ MaTTHC: '1.009999', DuocThanhToanTrucTuyen: '1', DanhSachLePhi: [{ TenPhiLePhi: 'Lệ phí', Gia: '10000' }] }));
    const due = await world.sim.forward(forwardable({ MaTTHC: '1.009999' }));
    const { getDossier } = await import('../../shared/store/dossiers');
    expect((await getDossier(String(paid.body.dossierId)))?.fee).toEqual({ amount: 10_000, state: 'PAID' });
    expect((await getDossier(String(due.body.dossierId)))?.fee).toEqual({ amount: 10_000, state: 'DUE' });
    await act(world, world.officer, `/agency/dossiers/${paid.body.dossierId}/receive`);
  });

  it("takes a withdrawal made on DVCQG: signed first, under the lifecycle's rules, once however often it is delivered", async () => {
    const dossier = forwardable();
    const { body } = await world.sim.forward(dossier);
    await world.events.settle();
    const path = `/integrations/dvcqg/dossiers/${dossier.MaHoSo}/withdraw`;
    const withdraw = (json: unknown, headers = signed(json)) => world.request('POST', path, { body: JSON.stringify(json), headers: { 'content-type': 'application/json', ...headers } });
    // A forged call is 401 whatever its body, and changes nothing.
    expect((await withdraw({ LyDo: 1 }, signed({ LyDo: 1 }, 'not-the-province-secret-0123456789'))).status).toBe(401);
    const first = await withdraw({ LyDo: 'Công dân rút hồ sơ trên Cổng DVCQG' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ error_code: '0', MaHoSo: dossier.MaHoSo, MaHoSoDonVi: body.MaHoSoDonVi, TrangThaiHoSo: '7', message: 'Rút hồ sơ thành công' });
    const again = await withdraw({ LyDo: 'lần nữa' });
    expect(again.status).toBe(200);
    await world.events.settle();
    const withdrawn = world.events.bus.archive.filter((e) => e.detail.data.dossierId === body.dossierId && e['detail-type'] === 'dossier.withdrawn');
    expect(withdrawn).toHaveLength(1);
    expect((await withdraw({}, signed({}))).status).toBe(200);
    const unknown = `/integrations/dvcqg/dossiers/KHONG-CO/withdraw`;
    expect((await world.request('POST', unknown, { body: '{}', headers: { 'content-type': 'application/json', ...signed({}) } })).status).toBe(404);
  });
  it('takes a supplement made on DVCQG: signed first, only when asked for, with the asked-for papers verified, once per MaBoSung even when delivered 5 times at once', async () => {
    const { getDossier } = await import('../../shared/store/dossiers');
    const dossier = forwardable();
    const { body } = await world.sim.forward(dossier);
    const id = String(body.dossierId);
    await world.events.settle();
    const newPdf = Buffer.concat([SAMPLE_PDF, Buffer.from('% bản chụp rõ hơn\n')]);
    const paper = { TenTepDinhKem: 'giay-chung-sinh-moi.pdf', MaThanhPhanHoSo: 'giay-chung-sinh', Base64: newPdf.toString('base64') };
    // Before the officer asks for anything: the lifecycle refuses, before any paper is fetched.
    const early = await world.sim.supplement(dossier.MaHoSo as string, { MaBoSung: 'BS-0', TaiLieuNop: [paper] });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ILLEGAL_TRANSITION' });

    await act(world, world.officer, `/agency/dossiers/${id}/receive`);
    await act(world, world.officer, `/agency/dossiers/${id}/request-supplement`, { reason: 'Giấy chứng sinh bị mờ', papers: ['giay-chung-sinh'] });
    const paused = await getDossier(id);
    expect(paused?.status).toBe('SUPPLEMENT_REQUESTED');
    const unchanged = async () => expect(await getDossier(id)).toEqual(paused);

    // Forged: 401 whatever the body, nothing changes.
    const forged = await world.sim.supplement(dossier.MaHoSo as string, { MaBoSung: 'BS-1', TaiLieuNop: [paper] }, { secret: 'not-the-province-secret-0123456789' });
    expect(forged.status).toBe(401);
    // Without the paper the officer asked for, with a paper that is not what it claims, with bad answers: 422 per field.
    const missing = await world.sim.supplement(dossier.MaHoSo as string, { MaBoSung: 'BS-1', NoiDungBoSung: 'quên tệp' });
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([expect.objectContaining({ path: 'body.TaiLieuNop', code: 'PAPER_MISSING' })]);
    const fake = await world.sim.supplement(dossier.MaHoSo as string, { MaBoSung: 'BS-1', TaiLieuNop: [{ ...paper, Base64: Buffer.from('không phải PDF').toString('base64') }] });
    expect(fake.status).toBe(422);
    expect(fake.body.errors).toEqual([expect.objectContaining({ path: 'body.TaiLieuNop.0', code: 'PAPER_TYPE_MISMATCH' })]);
    const badForm = await world.sim.supplement(dossier.MaHoSo as string, { MaBoSung: 'BS-1', DuLieuBieuMau: { relationship: 'aunt' }, TaiLieuNop: [paper] });
    expect(badForm.status).toBe(422);
    expect((badForm.body.errors as { path: string }[]).map((error) => error.path)).toEqual(expect.arrayContaining(['body.DuLieuBieuMau.relationship']));
    const malformed = await world.sim.supplement(dossier.MaHoSo as string, { MaBoSung: 'BS 1', TaiLieuNop: 'tệp' });
    expect(malformed.status).toBe(400);
    await unchanged();
    expect((await world.sim.supplement('KHONG-CO', { MaBoSung: 'BS-1', TaiLieuNop: [paper] })).status).toBe(404);

    const deliveries = await Promise.all(Array.from({ length: 5 }, () => world.sim.supplement(dossier.MaHoSo as string, { MaBoSung: 'BS-1', NoiDungBoSung: 'Nộp lại giấy chứng sinh rõ nét', TaiLieuNop: [paper] })));
    expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200, 200, 200]);
    expect(deliveries[0]!.body).toMatchObject({ error_code: '0', message: 'Bổ sung hồ sơ thành công', MaHoSo: dossier.MaHoSo, MaHoSoDonVi: body.MaHoSoDonVi, TrangThaiHoSo: '2' });
    const resumed = await getDossier(id);
    expect(resumed).toMatchObject({ status: 'RECEIVED', version: paused!.version + 1 });
    expect(resumed?.papers).toEqual([expect.objectContaining({ paperId: 'giay-chung-sinh', fileName: 'giay-chung-sinh-moi.pdf', size: newPdf.length, verifiedAt: expect.any(String) })]);
    await world.events.settle();
    const supplemented = world.events.bus.archive.filter((e) => e.detail.data.dossierId === id && e['detail-type'] === 'dossier.supplemented');
    expect(supplemented).toHaveLength(1);
    // A redelivery later answers the same; another supplement the officer did not ask for is refused.
    expect((await world.sim.supplement(dossier.MaHoSo as string, { MaBoSung: 'BS-1', TaiLieuNop: [paper] })).status).toBe(200);
    const unasked = await world.sim.supplement(dossier.MaHoSo as string, { MaBoSung: 'BS-2', TaiLieuNop: [paper] });
    expect(unasked.status).toBe(409);
    expect(await getDossier(id)).toEqual(resumed);
    console.log(`[dvcqg supplement] 5 concurrent deliveries of one MaBoSung → ${supplemented.length} dossier.supplemented, version +1; forged 401, missing/fake/bad-form 422, unasked 409`);
  });
});
