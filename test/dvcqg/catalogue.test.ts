import { randomUUID } from 'node:crypto';
import { sampleNationalCatalogue } from '../../infra/local/dvcqg-simulator';
import { procedure as localProcedure, useDvcqgWorld } from './support';

// Generous: the machine running the suite may be shared; the figures, not the time, are the test.
jest.setTimeout(120_000);

const world = useDvcqgWorld();

type Report = { outcome: string; dryRun: boolean; listed: number; added: string[]; updated: string[]; unchanged: number; unlisted: string[]; skipped: { code: string; reason: string }[]; reason?: string };

async function pull(dryRun = false): Promise<Report> {
  const res = await world.request('POST', '/admin/integrations/dvcqg/catalogue-sync', { token: world.admin, json: { dryRun }, headers: { 'idempotency-key': randomUUID() } });
  expect(res.status).toBe(200);
  return (await res.json()) as Report;
}
const procedure = async (code: string) => {
  const res = await world.request('GET', `/procedures/${code}`);
  return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : undefined;
};
const catalogueCalls = () => world.sim.calls.filter((call) => call.op === 'list-procedures' || call.op === 'get-procedure');

describe('POST /admin/integrations/dvcqg/catalogue-sync (CSDL TTHC, §1.6 d)', () => {
  it('pulls the national list into the catalogue, keeping the local form, fees and file rules; a dry run first writes nothing', async () => {
    const dry = await pull(true);
    expect(dry).toMatchObject({ outcome: 'synced', dryRun: true, listed: 3, updated: ['1.001193'], unchanged: 0, unlisted: [], skipped: [] });
    expect(dry.added.sort()).toEqual(['1.000894', '1.900001']);
    expect(await procedure('1.900001')).toBeUndefined();
    // The list carries no papers: one LayThuTuc per listed procedure.
    expect(
      catalogueCalls()
        .map((call) => call.op)
        .sort(),
    ).toEqual(['get-procedure', 'get-procedure', 'get-procedure', 'list-procedures']);

    const real = await pull();
    expect(real).toMatchObject({ outcome: 'synced', dryRun: false, listed: 3, updated: ['1.001193'] });
    const birth = await procedure('1.001193');
    // Local: the form schema, the papers' file rules, the level, the fee. National: the record, kept beside.
    expect(birth).toMatchObject({ level: 4, fee: localProcedure.fee, applicationForm: localProcedure.applicationForm, papers: [expect.objectContaining({ id: 'giay-chung-sinh', maxBytes: 1024 * 1024 })] });
    expect(birth?.national).toMatchObject({ code: '1.001193', id: 'QG-1.001193', decisionId: '1872', listed: true, resultName: 'Kết quả đăng ký khai sinh' });
    // New to us: information only (level 1) with the national papers, time and fee, until an admin gives it a form.
    const guardianship = await procedure('1.900001');
    expect(guardianship).toMatchObject({
      name: 'Đăng ký giám hộ (thủ tục mẫu)',
      field: 'Hộ tịch',
      level: 1,
      tier: 'commune',
      delivery: ['desk', 'online'],
      processingTime: { amount: 3, unit: 'working-days' },
      fee: { kind: 'fixed', amount: 0 },
      papers: [expect.objectContaining({ id: 'to-khai-giam-ho', name: 'Tờ khai đăng ký giám hộ' }), expect.objectContaining({ id: 'van-ban-cu-giam-ho' })],
    });
    const draft = await world.request('POST', '/dossiers', { token: world.citizen, json: { procedureCode: '1.900001', unitId: 'xa-an-binh' }, headers: { 'idempotency-key': randomUUID() } });
    expect(draft.status).toBe(422);
    expect(await draft.json()).toMatchObject({ code: 'PROCEDURE_NOT_ONLINE' });

    // Nothing changed nationally: nothing is written again.
    expect(await pull()).toMatchObject({ outcome: 'synced', added: [], updated: [], unchanged: 3, unlisted: [] });
    console.log(`[dvcqg catalogue] 3 national records → dry run 2 added + 1 updated, 0 written; run: same; again: 3 unchanged`);
  });

  it("follows national changes without undoing the province's own fields, marks what the list dropped, and skips what it cannot read", async () => {
    await pull();
    const changed = sampleNationalCatalogue();
    changed[0]!.TENTTHC = 'Đăng ký khai sinh (sửa đổi theo Quyết định 2001)';
    changed[0]!.CACHTHUCTHUCHIEN = [{ KENH: '2', THOIGIAN: [{ THOIGIANGIAIQUYET: '2', DONVITINH: 'Ngày làm việc', PHILEPHI: [{ SOTIEN: '8000' }] }] }];
    world.sim.catalogue = [
      changed[0]!, // 1.000894 dropped from the national list
      changed[2]!,
      { MATTHC: '1.900002', TENTTHC: 'Thủ tục của Bộ (cấp trung ương)', CAPTHUCHIEN: [{ CAPTHUCHIEN: '0' }], THANHPHANHOSO: [] },
      { MATTHC: '1.900003', THANHPHANHOSO: [] }, // no name: not a record we can use
    ];
    // Two pulls at once: each write is conditional on what it read, so they end in one consistent catalogue.
    const [a, b] = await Promise.all([pull(), pull()]);
    for (const report of [a, b]) {
      expect(report.outcome).toBe('synced');
      expect(report.skipped).toEqual(
        expect.arrayContaining([
          { code: '1.900002', reason: expect.stringContaining('CAPTHUCHIEN 0') },
          { code: '1.900003', reason: expect.stringContaining('TENTTHC') },
        ]),
      );
    }
    expect([...a.updated, ...b.updated]).toContain('1.001193');
    expect([...a.unlisted, ...b.unlisted]).toContain('1.000894');
    const birth = await procedure('1.001193');
    expect(birth).toMatchObject({ name: 'Đăng ký khai sinh (sửa đổi theo Quyết định 2001)', processingTime: { amount: 2, unit: 'working-days' }, fee: localProcedure.fee, level: 4 });
    expect(await procedure('1.000894')).toMatchObject({ national: expect.objectContaining({ listed: false }) });
    expect(await procedure('1.900002')).toBeUndefined();
  });

  it('reports DVCQG failing as an outcome and writes nothing; needs an admin; a dry run unless asked', async () => {
    await pull();
    const before = await procedure('1.001193');
    world.sim.catalogue[0] = { ...world.sim.catalogue[0]!, TENTTHC: 'Tên mới không được ghi' };
    world.sim.setFaults({ errorRate: 1 });
    try {
      const failed = await pull();
      expect(failed).toMatchObject({ outcome: 'failed', added: [], updated: [], unlisted: [], reason: expect.stringContaining('server-error') });
    } finally {
      world.sim.setFaults({ errorRate: 0 });
    }
    expect(await procedure('1.001193')).toEqual(before);
    const officer = await world.request('POST', '/admin/integrations/dvcqg/catalogue-sync', { token: world.officer, json: {}, headers: { 'idempotency-key': randomUUID() } });
    expect(officer.status).toBe(403);
    const unasked = await world.request('POST', '/admin/integrations/dvcqg/catalogue-sync', { token: world.admin, json: {} });
    expect(await unasked.json()).toMatchObject({ outcome: 'synced', dryRun: true });
  });
});
