import { createHash, randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { changeDossier, SYSTEM_ACTOR } from '../../shared/domain/dossier';
import type { Procedure } from '../../shared/domain/procedure';
import { commitDossierChange, getDossier } from '../../shared/store/dossiers';
import { putProcedure } from '../../shared/store/catalogue';
import { agencyA, procedure, seedCatalogue, seedInInbox } from '../agency/support';
import { idempotencyKey, pinClock } from '../dossiers/support';
import { emulatorClients, useLocalWorld } from '../support/local';

/**
 * Issue 16 (R17): a closed dossier keeps its applicant's personal data only for its procedure's
 * retention period; the run removes it, keeps the figures, and an admin sees it dry first.
 */
let officer: string;
let admin: string;
const KEPT = { ...procedure, code: '1.000099', name: 'Thủ tục không hạn lưu trữ' } as Procedure;
const { gateway, events } = useLocalWorld({ seed: [seedCatalogue, () => putProcedure({ ...procedure, retentionDays: 30 } as Procedure), () => putProcedure(KEPT)], events: true });

beforeAll(async () => {
  officer = await gateway.token('officer', { sub: 'officer-retention', agencyId: agencyA.id });
  admin = await gateway.token('admin', { sub: 'admin-retention' });
});

const act = (id: string, action: string, json: Record<string, unknown> = {}) => gateway.request('POST', `/agency/dossiers/${id}/${action}`, { token: officer, json, headers: { 'idempotency-key': idempotencyKey() } });
const run = async (dryRun: boolean) => {
  const res = await gateway.request('POST', '/admin/retention/run', { token: admin, json: { dryRun }, headers: { 'idempotency-key': randomUUID() } });
  expect(res.status).toBe(200);
  return res.json();
};
const view = async (id: string) => (await gateway.request('GET', `/agency/dossiers/${id}`, { token: officer })).json();

async function returned(procedureCode: string): Promise<string> {
  const { dossier } = await seedInInbox(agencyA.id, {});
  // The arrange step: a verified paper in the attachments bucket, and for KEPT the procedure without a retention period.
  const scan = Buffer.from('%PDF-1.7\nbản quét giấy chứng sinh');
  const objectKey = `dossiers/${dossier.id}/papers/${randomUUID()}/1`;
  const { s3 } = emulatorClients();
  await s3.send(new PutObjectCommand({ Bucket: process.env.ATTACHMENTS_BUCKET!, Key: objectKey, Body: scan, ContentType: 'application/pdf' }));
  s3.destroy();
  const at = new Date().toISOString();
  const paper = {
    paperId: 'giay-chung-sinh',
    fileName: 'giấy chứng sinh Nguyễn Văn An.pdf',
    contentType: 'application/pdf',
    size: scan.length,
    sha256: createHash('sha256').update(scan).digest('base64'),
    objectKey,
    declaredAt: at,
    verifiedAt: at,
  };
  const stored = (await getDossier(dossier.id))!;
  await commitDossierChange({ ...changeDossier(stored, { action: 'edit', actor: SYSTEM_ACTOR, at: new Date(), set: { procedureCode, papers: [paper] } }), events: [] });
  for (const [action, body] of [
    ['receive', {}],
    ['process', {}],
    ['resolve', { decision: 'Cấp giấy khai sinh cho cháu Nguyễn Văn An' }],
    ['return', { method: 'desk', note: 'Bà Bình nhận tại quầy' }],
  ] as const) {
    const res = await act(dossier.id, action, body);
    expect(res.status).toBe(200);
  }
  return dossier.id;
}

describe('POST /admin/retention/run', () => {
  it('lists what fell due dry, then removes its personal data and keeps its figures; a procedure without a period keeps everything', async () => {
    const due = await returned(procedure.code);
    const kept = await returned(KEPT.code);
    await events.settle();
    const before = await view(due);
    expect(before.applicant.nationalId).toBe('001099012345');
    expect((await fetch(before.papers[0].download.url)).status).toBe(200);

    // Not yet: the period runs 30 days from the return.
    expect((await run(true)).due.map((d: { dossierId: string }) => d.dossierId)).not.toContain(due);
    pinClock(new Date(Date.now() + 31 * 86_400_000).toISOString());
    const dry = await run(true);
    expect(dry.due.map((d: { dossierId: string }) => d.dossierId)).toEqual([due]);
    expect(dry).toMatchObject({ dryRun: true, removed: 0 });
    expect((await view(due)).applicant).toEqual(before.applicant);

    // The applicant was told of each step: whom and what are on record until the period ends.
    const owner = await gateway.token('citizen', { sub: 'citizen-1' });
    const notifications = async () => (await (await gateway.request('GET', `/dossiers/${due}/notifications`, { token: owner })).json()).items as Array<{ to: string; text: string; eventType: string; status: string }>;
    const filedFor = async () => ((await (await gateway.request('GET', '/me/dossiers', { token: owner })).json()).items as Array<{ id: string }>).map((item) => item.id);
    expect(await filedFor()).toContain(due);
    const told = await notifications();
    expect(told.length).toBeGreaterThan(0);
    expect(JSON.stringify(told)).toContain(before.code);

    const real = await run(false);
    expect(real).toMatchObject({ dryRun: false, removed: 1, skipped: [] });
    const after = await view(due);
    expect(after.applicant).toEqual({ fullName: 'Đã xoá (hết thời hạn lưu trữ)', nationalId: '' });
    expect(after.answers).toEqual({});
    const text = JSON.stringify(after);
    for (const personal of ['001099012345', '0912345678', 'binh@example.vn', 'Nguyễn Thị Bình', 'Nguyễn Văn An', 'Bà Bình']) expect(text).not.toContain(personal);
    // The notifications keep what was sent when, and lose whom to and what they said.
    const redacted = await notifications();
    expect(redacted.map(({ eventType, status }) => [eventType, status])).toEqual(told.map(({ eventType, status }) => [eventType, status]));
    for (const notification of redacted) expect(notification).toMatchObject({ to: 'Đã xoá (hết thời hạn lưu trữ)', text: 'Đã xoá (hết thời hạn lưu trữ)' });
    for (const personal of ['001099012345', '0912345678', 'binh@example.vn', 'Nguyễn Thị Bình', before.code]) expect(JSON.stringify(redacted)).not.toContain(personal);
    // The paper is listed, for the count, without a link: its file is gone (and the old link answers 404).
    expect(after.papers).toEqual([expect.objectContaining({ paperId: 'giay-chung-sinh', fileName: 'Đã xoá (hết thời hạn lưu trữ)' })]);
    expect(after.papers[0]).not.toHaveProperty('download');
    expect((await fetch(before.papers[0].download.url)).status).toBe(404);
    expect((await view(kept)).papers[0].download.url).toEqual(expect.any(String));
    // Its applicant no longer finds it among the dossiers filed for them: it holds nothing of theirs.
    expect(await filedFor()).not.toContain(due);
    expect(await filedFor()).toContain(kept);
    // The figures stay: code, status, dates, procedure, agency, fee; the history keeps its lines without notes.
    expect(after).toMatchObject({ code: before.code, status: 'RETURNED', procedureCode: procedure.code, agencyId: agencyA.id, appointmentAt: before.appointmentAt });
    expect(after.history.map((h: { action: string }) => h.action)).toEqual([...before.history.map((h: { action: string }) => h.action), 'remove-personal-data']);

    // Once: the next run finds nothing; the other procedure's dossier is untouched.
    expect(await run(false)).toMatchObject({ due: [], removed: 0 });
    expect((await view(kept)).applicant.nationalId).toBe('001099012345');
    // Who read the dossier stays on record.
    const audit = await (await gateway.request('GET', `/admin/audit?dossierId=${due}`, { token: admin })).json();
    expect(audit.items.length).toBeGreaterThan(0);
    console.log(`[retention] due after 31 days: ${dry.due.length} (dry run, nothing changed); removed: ${real.removed}; second run: 0; kept procedure: untouched`);
  });

  it('is for admins and defaults to a dry run', async () => {
    const officerRun = await gateway.request('POST', '/admin/retention/run', { token: officer, json: {}, headers: { 'idempotency-key': randomUUID() } });
    expect(officerRun.status).toBe(403);
    const res = await gateway.request('POST', '/admin/retention/run', { token: admin, json: {}, headers: { 'idempotency-key': randomUUID() } });
    expect((await res.json()).dryRun).toBe(true);
    expect((await gateway.request('POST', '/admin/retention/run', { token: admin, json: { dryRun: 'yes' }, headers: { 'idempotency-key': randomUUID() } })).status).toBe(400);
  });
});
