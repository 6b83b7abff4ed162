import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { vnDate } from '../../shared/domain/vietnam-time';
import { currentNames, emulatorClients, type TestResponse, useLocalWorld } from '../support/local';
import { agencies, birthRegistration, goodAnswers, informationOnly, outboxCount, pdf, seedCatalogue, sha256 } from '../dossiers/support';
import { download, readPdf } from '../slips/support';

/**
 * Intake at the one-stop desk and by post (issue 15): an officer enters a walk-in applicant's
 * dossier, uploads the scans through the presigned PUTs, submits it, and it is RECEIVED at once,
 * routed to the competent agency, with its receipt slip 01, its tracking code and its channel counted.
 */
jest.setTimeout(240_000);

const [anBinh, binhMinh] = agencies as [(typeof agencies)[0], (typeof agencies)[0]];
const { gateway, events: pipeline } = useLocalWorld({ seed: seedCatalogue, events: true });
let deskOfficer: string; // the competent agency's desk (UBND xã An Bình)
let colleague: string; // another officer of the same desk
let otherDesk: string; // UBND xã Bình Minh: receives for any unit of the province (R7)
let citizen: string;
let admin: string;

beforeAll(async () => {
  deskOfficer = await gateway.token('officer', { sub: 'desk-officer-ab', agencyId: anBinh.id });
  colleague = await gateway.token('officer', { sub: 'desk-officer-ab2', agencyId: anBinh.id });
  otherDesk = await gateway.token('officer', { sub: 'desk-officer-bm', agencyId: binhMinh.id });
  citizen = await gateway.token('citizen', { sub: 'citizen-desk' });
  admin = await gateway.token('admin', { sub: 'admin-desk' });
}, 60_000);

/** A walk-in applicant without an account; their papers are scanned at the desk. */
const walkIn = { fullName: 'Lê Thị Hoa', nationalId: '001190054321', phone: '0901234567', address: 'Thôn Tây, xã An Bình' };
const scan = pdf(900, 's');
const declaration = (body = scan, overrides: Record<string, unknown> = {}) => ({
  paperId: 'giay-chung-sinh',
  fileName: 'giấy chứng sinh (bản quét).pdf',
  contentType: 'application/pdf',
  size: body.length,
  sha256: sha256(body),
  ...overrides,
});
const intake = (overrides: Record<string, unknown> = {}) => ({
  channel: 'desk',
  procedureCode: birthRegistration.code,
  unitId: 'xa-an-binh',
  applicant: walkIn,
  answers: goodAnswers,
  delivery: { method: 'desk' },
  papers: [declaration()],
  ...overrides,
});

let keys = 0;
const key = () => `desk-${process.pid}-${++keys}`;
const post = (token: string, path: string, json: unknown, idempotencyKey = key()) => gateway.request('POST', path, { token, json, headers: { 'idempotency-key': idempotencyKey } });

async function upload(res: TestResponse, body = scan) {
  const { uploads } = await (res.clone() as TestResponse).json();
  for (const { upload: target } of uploads as { upload: { url: string; method: string; headers: Record<string, string> } }[]) {
    const put = await fetch(target.url, { method: target.method, headers: target.headers, body });
    expect(put.status).toBe(200);
  }
}

/** Intake and upload, ready for submit-desk. */
async function deskDraft(token = deskOfficer, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await post(token, '/agency/dossiers', intake(overrides));
  expect(res.status).toBe(201);
  await upload(res);
  return (await res.json()).dossier.id;
}

/** The service index's "received" figures of an agency today, by channel. */
async function receivedToday(agencyId: string) {
  const today = vnDate(new Date());
  const res = await gateway.request('GET', `/admin/stats?from=${today}&to=${today}&agencyId=${agencyId}`, { token: admin });
  expect(res.status).toBe(200);
  return (await res.json()).index.progress.received;
}

/** Items of this file's main table by type (a Scan, in tests only): "nothing written" is checked on them. */
async function count(type: string): Promise<number> {
  const { dynamoDb } = emulatorClients();
  try {
    const { Count } = await dynamoDb.send(
      new ScanCommand({ TableName: currentNames().tableName, Select: 'COUNT', FilterExpression: '#t = :t', ExpressionAttributeNames: { '#t': 'type' }, ExpressionAttributeValues: { ':t': { S: type } } }),
    );
    return Count ?? 0;
  } finally {
    dynamoDb.destroy();
  }
}

describe('POST /agency/dossiers and /agency/dossiers/{id}/submit-desk', () => {
  it('enters a walk-in dossier, scans uploaded, RECEIVED at once by the officer, routed, slip 01 issued, trackable by code, counted as desk', async () => {
    const started = await post(deskOfficer, '/agency/dossiers', intake());
    expect(started.status).toBe(201);
    const draft = await (started.clone() as TestResponse).json();
    expect(draft.dossier).toMatchObject({ status: 'DRAFT', channel: 'desk', receivedBy: { officerSub: 'desk-officer-ab', agencyId: anBinh.id } });
    expect(draft.dossier.code).toBeUndefined();
    expect(draft.uploads).toHaveLength(1);
    expect(draft.uploads[0].upload.headers['x-amz-checksum-sha256']).toBe(sha256(scan));
    await upload(started);

    // Another officer of the same desk may go on with it (shifts change); the intake's officer is the one recorded.
    const res = await post(colleague, `/agency/dossiers/${draft.dossier.id}/submit-desk`, {});
    expect(res.status).toBe(200);
    const received = await res.json();
    expect(received).toMatchObject({ status: 'RECEIVED', statusCode: 2, channel: 'desk', agencyId: anBinh.id, fee: { amount: 8000, state: 'DUE' } });
    expect(received.code).toMatch(/^UBNDAB-\d{6}-\d{4}$/);
    expect(new Date(received.appointmentAt).getTime()).toBeGreaterThan(new Date(received.submittedAt).getTime());
    expect(received.papers).toEqual([expect.objectContaining({ paperId: 'giay-chung-sinh', verifiedAt: expect.any(String), digitized: { officerSub: 'desk-officer-ab', agencyId: anBinh.id, at: expect.any(String) } })]);
    await pipeline.settle(120_000);

    // Routed to the competent agency's inbox, in RECEIVED; the history is the control slip: submit and receive by the officer.
    const inbox = await (await gateway.request('GET', '/agency/dossiers?status=RECEIVED&limit=100', { token: deskOfficer })).json();
    expect(inbox.items.map((item: { id: string }) => item.id)).toContain(received.id);
    const view = await (await gateway.request('GET', `/agency/dossiers/${received.id}`, { token: deskOfficer })).json();
    expect(view.history.map((entry: { action: string; actor: { sub: string; role: string } }) => [entry.action, entry.actor.role])).toEqual([
      ['create', 'officer'],
      ['submit', 'officer'],
      ['receive', 'officer'],
      ['route', 'system'],
    ]);
    expect(view.history[2]).toMatchObject({ from: 'SUBMITTED', to: 'RECEIVED', actor: { sub: 'desk-officer-ab2', agencyId: anBinh.id } });
    // The competent agency goes on as with any received dossier.
    expect(view.allowedActions).toContain('process');

    // Slip 01, in Vietnamese, with the code and the appointment date, for the officer to hand over.
    const slips = await (await gateway.request('GET', `/agency/dossiers/${received.id}/slips`, { token: deskOfficer })).json();
    expect(slips.items.map((slip: { form: string }) => slip.form)).toEqual(['01']);
    const file = await download(slips.items[0].download.url);
    const text = (await readPdf(file.bytes)).text;
    expect(text).toContain(received.code);
    expect(text).toContain('Lê Thị Hoa');

    // The applicant has no account: the code is enough to follow the case.
    const tracked = await gateway.request('GET', `/tracking/${received.code}`);
    expect(tracked.status).toBe(200);
    expect(await tracked.json()).toEqual({ code: received.code, procedure: { code: birthRegistration.code, name: birthRegistration.name }, status: 'RECEIVED', statusCode: 2, appointmentAt: received.appointmentAt });

    // The service index counts it under its channel.
    expect(await receivedToday(anBinh.id)).toMatchObject({ total: 1, desk: 1, post: 0, online: 0 });
  });

  it("receives any procedure for any unit of the province (R7): a postal dossier at another commune's desk goes to the competent agency", async () => {
    const id = await deskDraft(otherDesk, { channel: 'post', procedureCode: informationOnly.code, delivery: { method: 'desk' } });
    const res = await post(otherDesk, `/agency/dossiers/${id}/submit-desk`, {});
    expect(res.status).toBe(200);
    const received = await res.json();
    // A level-2 procedure (not online) is received at the desk; the code is the competent agency's.
    expect(received).toMatchObject({ status: 'RECEIVED', channel: 'post', agencyId: anBinh.id, receivedBy: { officerSub: 'desk-officer-bm', agencyId: binhMinh.id } });
    expect(received.code).toMatch(/^UBNDAB-/);
    await pipeline.settle(120_000);
    const inbox = await (await gateway.request('GET', '/agency/dossiers?status=RECEIVED&limit=100', { token: deskOfficer })).json();
    expect(inbox.items.map((item: { id: string }) => item.id)).toContain(id);
    expect(await receivedToday(anBinh.id)).toMatchObject({ desk: 1, post: 1 });
    // The receiving desk is not the competent agency: it does not see the case afterwards (invariant 5),
    // but it hands the applicant the receipt slip 01.
    expect((await gateway.request('GET', `/agency/dossiers/${id}`, { token: otherDesk })).status).toBe(404);
    const slips = await gateway.request('GET', `/agency/dossiers/${id}/slips`, { token: otherDesk });
    expect(slips.status).toBe(200);
    expect((await slips.json()).items.map((slip: { form: string }) => slip.form)).toEqual(['01']);
    // Another desk, which did not receive it, sees nothing.
    const thirdDesk = await gateway.token('officer', { sub: 'desk-officer-stp', agencyId: agencies[2]!.id });
    expect((await gateway.request('GET', `/agency/dossiers/${id}/slips`, { token: thirdDesk })).status).toBe(404);
  });

  it('is idempotent: the same key and body answer the first response; another body under the key is 422', async () => {
    const k = key();
    const first = await post(deskOfficer, '/agency/dossiers', intake(), k);
    const again = await post(deskOfficer, '/agency/dossiers', intake(), k);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const body = await (first.clone() as TestResponse).json();
    expect((await again.json()).dossier.id).toBe(body.dossier.id);
    expect((await post(deskOfficer, '/agency/dossiers', intake({ channel: 'post' }), k)).status).toBe(422);

    await upload(first);
    const s = key();
    const submitted = await post(deskOfficer, `/agency/dossiers/${body.dossier.id}/submit-desk`, {}, s);
    const replay = await post(deskOfficer, `/agency/dossiers/${body.dossier.id}/submit-desk`, {}, s);
    expect(submitted.status).toBe(200);
    expect(replay.status).toBe(200);
    expect((await replay.json()).code).toBe((await submitted.json()).code);
  });

  it('two intakes racing with different keys are two dossiers with distinct codes; two submits of one draft make one receipt', async () => {
    const [a, b] = await Promise.all([deskDraft(), deskDraft()]);
    expect(a).not.toBe(b);
    const both = await Promise.all([a, b].map((id) => post(deskOfficer, `/agency/dossiers/${id}/submit-desk`, {})));
    expect(both.map((res) => res.status)).toEqual([200, 200]);
    const codes = await Promise.all(both.map(async (res) => (await res.json()).code));
    expect(new Set(codes).size).toBe(2);

    const id = await deskDraft();
    const race = await Promise.all([post(deskOfficer, `/agency/dossiers/${id}/submit-desk`, {}), post(colleague, `/agency/dossiers/${id}/submit-desk`, {})]);
    const statuses = race.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 409]);
    const loser = await race.find((res) => res.status === 409)!.json();
    expect(['CONFLICT', 'ILLEGAL_TRANSITION']).toContain(loser.code);
    await pipeline.settle(120_000);
    const view = await (await gateway.request('GET', `/agency/dossiers/${id}`, { token: deskOfficer })).json();
    expect(view.history.filter((entry: { action: string }) => entry.action === 'receive')).toHaveLength(1);
    expect(view.code).toBe((await race.find((res) => res.status === 200)!.json()).code);
    // The verified copy is the winner's and it is there to read.
    expect((await download(view.papers[0].download.url)).status).toBe(200);
  });

  it('refuses bad input with field paths and writes nothing', async () => {
    const before = { dossiers: await count('DOSSIER'), outbox: await outboxCount() };
    const cases: [Record<string, unknown>, number, string, string][] = [
      [intake({ channel: 'online' }), 400, 'VALIDATION_FAILED', 'body.channel'],
      [intake({ applicant: { ...walkIn, nationalId: '123' } }), 400, 'VALIDATION_FAILED', 'body.applicant.nationalId'],
      [intake({ papers: [declaration(scan, { sha256: 'nope' })] }), 400, 'VALIDATION_FAILED', 'body.papers.0.sha256'],
      [intake({ procedureCode: 'T.999999' }), 422, 'PROCEDURE_NOT_FOUND', 'body.procedureCode'],
      [intake({ unitId: 'xa-khong-co' }), 422, 'UNIT_NOT_FOUND', 'body.unitId'],
      [intake({ answers: { child: { fullName: 'Bé', birthDate: 'hôm qua' } } }), 422, 'FORM_INVALID', 'body.answers.child.birthDate'],
      [intake({ papers: [] }), 422, 'PAPER_MISSING', 'body.papers'],
      [intake({ papers: [declaration(scan, { contentType: 'image/gif' })] }), 422, 'PAPER_TYPE_NOT_ACCEPTED', 'body.papers.0.contentType'],
      [intake({ papers: [declaration(), declaration()] }), 422, 'PAPER_DUPLICATE', 'body.papers.1.paperId'],
      [intake({ delivery: { method: 'post', address: 'Số 1, xã An Bình' } }), 422, 'DELIVERY_NOT_OFFERED', 'body.delivery.method'],
    ];
    for (const [body, status, code, path] of cases) {
      const res = await post(deskOfficer, '/agency/dossiers', body);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await res.json();
      expect({ code: problem.code, paths: problem.errors.map((e: { path: string }) => e.path) }).toEqual({ code, paths: expect.arrayContaining([path]) });
    }
    // Only officers enter desk dossiers; an officer does not receive their own dossier (invariant 9).
    expect((await post(citizen, '/agency/dossiers', intake())).status).toBe(403);
    const self = await gateway.token('officer', { sub: 'desk-officer-self', agencyId: anBinh.id, nationalId: walkIn.nationalId });
    const own = await post(self, '/agency/dossiers', intake());
    expect(own.status).toBe(403);
    expect((await own.json()).code).toBe('OWN_DOSSIER');
    expect({ dossiers: await count('DOSSIER'), outbox: await outboxCount() }).toEqual(before);
  });

  it('submit-desk checks the scans in S3: none uploaded is 422 and nothing changes; scanned again, it goes through', async () => {
    const started = await post(deskOfficer, '/agency/dossiers', intake());
    const { dossier } = await started.json();
    const outbox = await outboxCount();
    const refused = await post(deskOfficer, `/agency/dossiers/${dossier.id}/submit-desk`, {});
    expect(refused.status).toBe(422);
    const problem = await refused.json();
    expect(problem.errors).toEqual([expect.objectContaining({ path: 'papers.giay-chung-sinh', code: 'PAPER_NOT_UPLOADED' })]);
    expect(await outboxCount()).toBe(outbox);
    // Another desk cannot see or continue this draft.
    expect((await post(otherDesk, `/agency/dossiers/${dossier.id}/submit-desk`, {})).status).toBe(404);
    expect((await post(otherDesk, `/agency/dossiers/${dossier.id}/papers`, declaration())).status).toBe(404);

    const rescanned = pdf(1200, 'r');
    const again = await post(deskOfficer, `/agency/dossiers/${dossier.id}/papers`, declaration(rescanned));
    expect(again.status).toBe(201);
    await upload(again, rescanned);
    const res = await post(deskOfficer, `/agency/dossiers/${dossier.id}/submit-desk`, {});
    expect(res.status).toBe(200);
    const received = await res.json();
    expect(received.status).toBe('RECEIVED');
    expect(received.papers).toEqual([expect.objectContaining({ size: 1200, sha256: sha256(rescanned), verifiedAt: expect.any(String) })]);
    // Received: its papers are locked.
    const locked = await post(deskOfficer, `/agency/dossiers/${dossier.id}/papers`, declaration());
    expect(locked.status).toBe(409);
    expect((await locked.json()).code).toBe('PAPERS_LOCKED');
  });

  it("brings a walk-in applicant's supplement at the desk: the paper asked for scanned again, the clock resumes", async () => {
    const id = await deskDraft();
    expect((await post(deskOfficer, `/agency/dossiers/${id}/submit-desk`, {})).status).toBe(200);
    await pipeline.settle(120_000);
    const asked = await post(colleague, `/agency/dossiers/${id}/request-supplement`, { reason: 'Bản quét giấy chứng sinh bị mờ', papers: ['giay-chung-sinh'] });
    expect(asked.status).toBe(200);
    // Not yet scanned again: 422, nothing changes.
    const early = await post(deskOfficer, `/agency/dossiers/${id}/supplement-desk`, {});
    expect(early.status).toBe(422);
    expect((await early.json()).errors).toEqual([expect.objectContaining({ path: 'papers.giay-chung-sinh', code: 'PAPER_MISSING' })]);
    // Another desk did not receive it.
    expect((await post(otherDesk, `/agency/dossiers/${id}/supplement-desk`, {})).status).toBe(404);

    const clearer = pdf(1500, 'c');
    const scanned = await post(deskOfficer, `/agency/dossiers/${id}/papers`, declaration(clearer));
    expect(scanned.status).toBe(201);
    await upload(scanned, clearer);
    const res = await post(deskOfficer, `/agency/dossiers/${id}/supplement-desk`, { note: 'Công dân nộp bản quét rõ hơn' });
    expect(res.status).toBe(200);
    const resumed = await res.json();
    expect(resumed.status).toBe('RECEIVED');
    // The first scan stays (the record of what was submitted), the new one beside it, both verified.
    expect(resumed.papers.map((paper: { size: number; verifiedAt?: string }) => [paper.size, Boolean(paper.verifiedAt)])).toEqual([
      [scan.length, true],
      [1500, true],
    ]);
    const view = await (await gateway.request('GET', `/agency/dossiers/${id}`, { token: deskOfficer })).json();
    expect(view.history.at(-1)).toMatchObject({ action: 'supplement', from: 'SUPPLEMENT_REQUESTED', to: 'RECEIVED', actor: { sub: 'desk-officer-ab', role: 'officer' }, note: 'Công dân nộp bản quét rõ hơn' });
  });
});
