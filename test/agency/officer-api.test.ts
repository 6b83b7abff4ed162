import { createHash } from 'node:crypto';
import { getDossier } from '../../shared/store/dossiers';
import { getDossierHistory } from '../../shared/store/inbox';
import { useLocalWorld } from '../support/local';
import { agencyA, agencyB, seedCatalogue, seedInInbox, seedSubmitted } from './support';

const { gateway } = useLocalWorld({ seed: seedCatalogue });
let officerA: string;
let officerA2: string;
let officerB: string;
let admin: string;
let citizen: string;
let keyCounter = 0;

beforeAll(async () => {
  officerA = await gateway.token('officer', { sub: 'officer-a', agencyId: agencyA.id });
  officerA2 = await gateway.token('officer', { sub: 'officer-a2', agencyId: agencyA.id });
  officerB = await gateway.token('officer', { sub: 'officer-b', agencyId: agencyB.id });
  admin = await gateway.token('admin', { sub: 'admin-1' });
  citizen = await gateway.token('citizen', { sub: 'citizen-1' });
});

const act = (token: string, id: string, action: string, json: unknown = {}, key = `k-${++keyCounter}`) => gateway.request('POST', `/agency/dossiers/${id}/${action}`, { token, json, headers: { 'idempotency-key': key } });

async function inboxIds(token: string, query: string): Promise<string[]> {
  const res = await gateway.request('GET', `/agency/dossiers?${query}`, { token });
  expect(res.status).toBe(200);
  return (await res.json()).items.map((item: { id: string }) => item.id);
}

/** Takes a fresh dossier of agency A to the given point through the API. */
async function dossierIn(point: 'SUBMITTED' | 'RECEIVED' | 'PROCESSING' | 'RESOLVED'): Promise<string> {
  const { dossier } = await seedInInbox(agencyA.id);
  if (point === 'SUBMITTED') return dossier.id;
  expect((await act(officerA, dossier.id, 'receive')).status).toBe(200);
  if (point === 'RECEIVED') return dossier.id;
  expect((await act(officerA, dossier.id, 'process')).status).toBe(200);
  if (point === 'PROCESSING') return dossier.id;
  expect((await act(officerA, dossier.id, 'resolve', { decision: 'Cấp giấy khai sinh' })).status).toBe(200);
  return dossier.id;
}

describe('GET /agency/dossiers', () => {
  it("lists only the officer's agency's inbox, by status, oldest appointment first", async () => {
    const late = await seedInInbox(agencyA.id, { appointmentAt: '2030-01-10T10:00:00.000Z' });
    const early = await seedInInbox(agencyA.id, { appointmentAt: '2030-01-05T10:00:00.000Z' });
    const other = await seedInInbox(agencyB.id, { appointmentAt: '2030-01-06T10:00:00.000Z' });
    const ids = await inboxIds(officerA, 'status=SUBMITTED&appointmentFrom=2030-01-01T00:00:00Z&appointmentTo=2030-02-01T00:00:00Z');
    expect(ids).toEqual([early.dossier.id, late.dossier.id]);
    expect(await inboxIds(officerB, 'status=SUBMITTED&appointmentFrom=2030-01-01T00:00:00Z')).toEqual([other.dossier.id]);
  });

  it('keeps the overdue ones with overdue=true', async () => {
    const overdue = await seedInInbox(agencyA.id, { appointmentAt: '2020-03-01T10:00:00.000Z' });
    const res = await gateway.request('GET', '/agency/dossiers?status=SUBMITTED&overdue=true&limit=100', { token: officerA });
    const body = await res.json();
    expect(body.items.map((i: { id: string }) => i.id)).toContain(overdue.dossier.id);
    expect(body.items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
  });

  it('pages with an opaque cursor and refuses a forged one', async () => {
    for (let i = 0; i < 3; i++) await seedInInbox(agencyA.id, { appointmentAt: `2031-05-0${i + 1}T10:00:00.000Z` });
    const query = 'status=SUBMITTED&appointmentFrom=2031-05-01T00:00:00Z&appointmentTo=2031-06-01T00:00:00Z&limit=2';
    const first = await (await gateway.request('GET', `/agency/dossiers?${query}`, { token: officerA })).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const second = await (await gateway.request('GET', `/agency/dossiers?${query}&cursor=${first.nextCursor}`, { token: officerA })).json();
    expect(second.items).toHaveLength(1);
    // officer B replays A's cursor: it names another partition.
    const forged = await gateway.request('GET', `/agency/dossiers?status=SUBMITTED&cursor=${first.nextCursor}`, { token: officerB });
    expect(forged.status).toBe(400);
    expect((await forged.json()).code).toBe('INVALID_CURSOR');
  });

  it('is refused to citizens', async () => {
    expect((await gateway.request('GET', '/agency/dossiers', { token: citizen })).status).toBe(403);
  });
});

describe('GET /agency/dossiers/{id}', () => {
  it("shows the dossier with its history and allowed actions to its agency's officer", async () => {
    const { dossier } = await seedInInbox(agencyA.id);
    const res = await gateway.request('GET', `/agency/dossiers/${dossier.id}`, { token: officerA });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ id: dossier.id, status: 'SUBMITTED', statusCode: 1, applicant: { fullName: 'Nguyễn Thị Bình' } });
    expect(body.allowedActions).toEqual(expect.arrayContaining(['receive', 'refuse']));
    expect(body.history.map((h: { action: string }) => h.action)).toEqual(['submit']);
  });

  it('answers 404 to an officer of another agency, and for an unknown id', async () => {
    const { dossier } = await seedInInbox(agencyA.id);
    const res = await gateway.request('GET', `/agency/dossiers/${dossier.id}`, { token: officerB });
    expect(res.status).toBe(404);
    expect((await act(officerB, dossier.id, 'receive')).status).toBe(404);
    expect((await gateway.request('GET', '/agency/dossiers/0b8f6a7e-8b1c-4c5e-9d39-3f3c2a1d4e5f', { token: officerA })).status).toBe(404);
    // One dossier id schema on every route (a UUID), as on the citizens' routes: anything else is 400.
    expect((await gateway.request('GET', '/agency/dossiers/nope', { token: officerA })).status).toBe(400);
  });

  it('answers 404 for a dossier not yet routed to the agency', async () => {
    const { dossier } = await seedSubmitted({ agencyId: agencyA.id, routed: false });
    expect((await gateway.request('GET', `/agency/dossiers/${dossier.id}`, { token: officerA })).status).toBe(404);
  });

  it("lets an admin see any agency's dossier", async () => {
    const { dossier } = await seedInInbox(agencyB.id);
    expect((await gateway.request('GET', `/agency/dossiers/${dossier.id}`, { token: admin })).status).toBe(200);
  });
});

describe('POST /agency/dossiers/{id}/{action}', () => {
  it('receive: SUBMITTED → RECEIVED, with a history entry carrying the officer', async () => {
    const id = await dossierIn('SUBMITTED');
    const res = await act(officerA, id, 'receive');
    expect(res.status).toBe(200);
    expect((await res.json()).dossier).toMatchObject({ status: 'RECEIVED', statusCode: 2, version: 2 });
    const history = await getDossierHistory(id);
    expect(history.at(-1)).toMatchObject({ action: 'receive', from: 'SUBMITTED', to: 'RECEIVED', actor: { sub: 'officer-a', role: 'officer', agencyId: agencyA.id } });
  });

  it('refuse: needs a reason, then → NOT_ACCEPTED', async () => {
    const id = await dossierIn('SUBMITTED');
    const missing = await act(officerA, id, 'refuse', {});
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors[0].path).toBe('body.reason');
    const res = await act(officerA, id, 'refuse', { reason: 'Hồ sơ không thuộc thẩm quyền' });
    expect((await res.json()).dossier.status).toBe('NOT_ACCEPTED');
    expect((await getDossier(id))!.request).toEqual({ reason: 'Hồ sơ không thuộc thẩm quyền' });
  });

  it('request-supplement: pauses the clock, records the request, and only once', async () => {
    const id = await dossierIn('RECEIVED');
    const res = await act(officerA, id, 'request-supplement', { reason: 'Thiếu giấy chứng sinh', papers: ['giay-chung-sinh'], deadline: '2030-01-01T10:00:00Z' });
    expect(res.status).toBe(200);
    const stored = (await getDossier(id))!;
    expect(stored).toMatchObject({ status: 'SUPPLEMENT_REQUESTED', resumeStatus: 'RECEIVED', supplementRequested: true, request: { reason: 'Thiếu giấy chứng sinh', papers: ['giay-chung-sinh'] } });
    expect(stored.pausedAt).toBeDefined();
    // Pretend the citizen supplemented (issue 4's use case), then ask again: refused.
    const { commitDossierChange } = await import('../../shared/store/dossiers');
    const { changeDossier } = await import('../../shared/domain/dossier');
    const { decide } = await import('../../shared/domain/dossier-lifecycle');
    await commitDossierChange({ ...changeDossier(stored, { action: 'supplement', actor: { sub: 'citizen-1', role: 'citizen' }, at: new Date(), decision: decide(stored, 'supplement', 'citizen') }), events: [] });
    const again = await act(officerA, id, 'request-supplement', { reason: 'Lại thiếu', papers: ['x'] });
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe('ILLEGAL_TRANSITION');
  });

  it('request-payment: sets the fee due in integer VND', async () => {
    const id = await dossierIn('PROCESSING');
    expect((await act(officerA, id, 'request-payment', { amount: 12.5 })).status).toBe(400);
    const res = await act(officerA, id, 'request-payment', { amount: 50000 });
    expect((await res.json()).dossier.status).toBe('PAYMENT_REQUIRED');
    expect((await getDossier(id))!.fee).toEqual({ amount: 50000, state: 'DUE' });
  });

  it('transfer: the dossier leaves one inbox and enters the other', async () => {
    const id = await dossierIn('RECEIVED');
    expect(await inboxIds(officerA, 'status=RECEIVED&limit=100')).toContain(id);
    const res = await act(officerA, id, 'transfer', { agencyId: agencyB.id, reason: 'Thuộc thẩm quyền xã Hai' });
    expect(res.status).toBe(200);
    expect(await inboxIds(officerA, 'status=RECEIVED&limit=100')).not.toContain(id);
    expect(await inboxIds(officerB, 'status=RECEIVED&limit=100')).toContain(id);
    expect((await gateway.request('GET', `/agency/dossiers/${id}`, { token: officerA })).status).toBe(404);
    expect((await gateway.request('GET', `/agency/dossiers/${id}`, { token: officerB })).status).toBe(200);
  });

  it('transfer: refuses an unknown agency or the same one with 422', async () => {
    const id = await dossierIn('RECEIVED');
    expect((await (await act(officerA, id, 'transfer', { agencyId: 'khong-ton-tai', reason: 'Thử xem' })).json()).code).toBe('UNKNOWN_AGENCY');
    expect((await (await act(officerA, id, 'transfer', { agencyId: agencyA.id, reason: 'Thử xem' })).json()).code).toBe('SAME_AGENCY');
  });

  it('resolve with a document: hands out a presigned PUT under results/<id>/, and return waits for the upload', async () => {
    const id = await dossierIn('PROCESSING');
    const pdf = Buffer.from('%PDF-1.4 kết quả');
    const res = await act(officerA, id, 'resolve', { document: { contentType: 'application/pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('base64') } });
    expect(res.status).toBe(200);
    const { upload, dossier } = await res.json();
    expect(dossier.status).toBe('RESOLVED');
    expect(upload.objectKey).toMatch(new RegExp(`^results/${id}/[0-9a-f-]{36}$`));
    const early = await act(officerA, id, 'return', { method: 'online' });
    expect(early.status).toBe(409);
    expect((await early.json()).code).toBe('RESULT_NOT_UPLOADED');
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: pdf });
    expect(put.status).toBe(200);
    expect((await act(officerA, id, 'return', { method: 'online' })).status).toBe(200);
    const view = await (await gateway.request('GET', `/agency/dossiers/${id}`, { token: officerA })).json();
    expect(view.result).toMatchObject({ hasDocument: true });
    expect(await (await fetch(view.result.download.url)).text()).toBe('%PDF-1.4 kết quả');
  });

  it('resolve: needs a decision or a document', async () => {
    const id = await dossierIn('PROCESSING');
    expect((await act(officerA, id, 'resolve', {})).status).toBe(400);
  });

  it('stop: → STOPPED with its reason', async () => {
    const id = await dossierIn('PROCESSING');
    const res = await act(officerA, id, 'stop', { reason: 'Công dân đề nghị dừng' });
    expect((await res.json()).dossier.status).toBe('STOPPED');
  });

  it('return by post: requires an address', async () => {
    const id = await dossierIn('RESOLVED');
    const missing = await act(officerA, id, 'return', { method: 'post' });
    expect(missing.status).toBe(400);
    expect((await missing.json()).errors[0].path).toBe('body.address');
    const res = await act(officerA, id, 'return', { method: 'post', address: '12 Lê Lợi, xã Một' });
    expect((await res.json()).dossier).toMatchObject({ status: 'RETURNED', statusCode: 10 });
    expect((await getDossier(id))!.delivery).toEqual({ method: 'post', address: '12 Lê Lợi, xã Một' });
  });

  it('reschedule: moves the appointment date later, with an apology', async () => {
    const id = await dossierIn('PROCESSING');
    const before = (await getDossier(id))!.appointmentAt!;
    const earlier = await act(officerA, id, 'reschedule', { appointmentAt: '2020-01-01T00:00:00Z', reason: 'Xin lỗi' });
    expect(earlier.status).toBe(400);
    const later = new Date(new Date(before).getTime() + 2 * 24 * 3600_000).toISOString();
    const res = await act(officerA, id, 'reschedule', { appointmentAt: later, reason: 'Cần xác minh thêm' });
    expect(res.status).toBe(200);
    expect((await getDossier(id))!.appointmentAt).toBe(later);
    expect((await getDossierHistory(id)).at(-1)).toMatchObject({ action: 'reschedule', note: 'Cần xác minh thêm' });
  });

  it('answers 409 ILLEGAL_TRANSITION for an action the status does not allow, and writes nothing', async () => {
    const id = await dossierIn('SUBMITTED');
    for (const [action, body] of [
      ['resolve', { decision: 'x' }],
      ['return', { method: 'desk' }],
      ['request-payment', { amount: 1000 }],
    ] as const) {
      const res = await act(officerA, id, action, body);
      expect(res.status).toBe(409);
      expect((await res.json()).code).toBe('ILLEGAL_TRANSITION');
    }
    expect((await getDossier(id))!.version).toBe(1);
    expect(await getDossierHistory(id)).toHaveLength(1);
  });

  it('answers 409 CONFLICT to the second of two officers acting at once: one wins', async () => {
    const id = await dossierIn('SUBMITTED');
    const [a, b] = await Promise.all([act(officerA, id, 'receive', { version: 1 }), act(officerA2, id, 'refuse', { version: 1, reason: 'Không đủ điều kiện' })]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    expect((await loser.json()).code).toBe('CONFLICT');
    expect((await getDossier(id))!.version).toBe(2);
    expect(await getDossierHistory(id)).toHaveLength(2);
  });

  it('replays the first answer for the same Idempotency-Key', async () => {
    const id = await dossierIn('SUBMITTED');
    const first = await act(officerA, id, 'receive', {}, 'same-key');
    const second = await act(officerA, id, 'receive', {}, 'same-key');
    expect(second.status).toBe(first.status);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await getDossier(id))!.version).toBe(2);
  });
});
