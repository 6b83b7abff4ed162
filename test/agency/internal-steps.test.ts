import { createServer } from 'node:http';
import { verifySignature } from '../../shared/integrations/agency-webhook';
import { AGENCY_WEBHOOKS_ENV, forgetWebhookTargets } from '../../shared/integrations/webhook-targets';
import { type TestResponse, useLocalWorld } from '../support/local';
import { agencies, birthRegistration, citizenClient, goodAnswers, pdf, readyDraft, seedCatalogue, sha256 } from '../dossiers/support';
import { download, readPdf } from '../slips/support';

/**
 * Internal steps (issue 15): a procedure declares its steps, the dossier entered at the desk starts
 * at the first, officers assign, forward, send back, the leader approves, then it is resolved; each
 * step is a history entry with its own deadline, and a step past it raises dossier.step_overdue once.
 */
jest.setTimeout(240_000);

const agency = agencies[0]!;
const CODE = 'T.000009';
const internalSteps = [
  { id: 'mot-cua', title: 'Một cửa tiếp nhận', role: 'desk', hours: 1 },
  { id: 'chuyen-vien', title: 'Chuyên viên thẩm định', role: 'specialist', unit: 'phong-tu-phap', hours: 4 },
  { id: 'truong-phong', title: 'Trưởng phòng xem xét', role: 'head', unit: 'phong-tu-phap', hours: 2 },
  { id: 'lanh-dao', title: 'Lãnh đạo ký', role: 'leader', hours: 1 },
];
const { code: _code, ...definition } = birthRegistration;

const { gateway, events: pipeline } = useLocalWorld({ seed: seedCatalogue, events: true });
let desk: string;
let specialist: string;
let leader: string;
let admin: string;

beforeAll(async () => {
  desk = await gateway.token('officer', { sub: 'steps-desk', agencyId: agency.id });
  specialist = await gateway.token('officer', { sub: 'steps-specialist', agencyId: agency.id });
  leader = await gateway.token('officer', { sub: 'steps-leader', agencyId: agency.id });
  admin = await gateway.token('admin', { sub: 'steps-admin' });
}, 60_000);

let keys = 0;
const post = (token: string, path: string, json: unknown = {}) => gateway.request('POST', path, { token, json, headers: { 'idempotency-key': `steps-${process.pid}-${++keys}` } });
const act = (token: string, id: string, action: string, json: unknown = {}) => post(token, `/agency/dossiers/${id}/${action}`, json);
const view = async (id: string, token = desk) => (await gateway.request('GET', `/agency/dossiers/${id}`, { token })).json();
const inbox = async (token: string, query: string): Promise<string[]> => {
  const res = await gateway.request('GET', `/agency/dossiers?${query}&limit=100`, { token });
  expect(res.status).toBe(200);
  return (await res.json()).items.map((item: { id: string }) => item.id);
};
const putProcedure = (json: unknown) => gateway.request('PUT', `/admin/procedures/${CODE}`, { token: admin, json });

/** A walk-in dossier of the stepped procedure, entered and received at the desk. */
async function deskDossier(): Promise<{ id: string; code: string }> {
  const scan = pdf(700, 'q');
  const started = await post(desk, '/agency/dossiers', {
    channel: 'desk',
    procedureCode: CODE,
    unitId: 'xa-an-binh',
    applicant: { fullName: 'Phạm Văn Đức', nationalId: '001180067890' },
    answers: goodAnswers,
    delivery: { method: 'desk' },
    papers: [{ paperId: 'giay-chung-sinh', fileName: 'giấy chứng sinh.pdf', contentType: 'application/pdf', size: scan.length, sha256: sha256(scan) }],
  });
  expect(started.status).toBe(201);
  const body = await (started.clone() as TestResponse).json();
  const { upload } = body.uploads[0];
  expect((await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: scan })).status).toBe(200);
  const res = await post(desk, `/agency/dossiers/${body.dossier.id}/submit-desk`);
  expect(res.status).toBe(200);
  const received = await res.json();
  await pipeline.settle(120_000);
  return { id: received.id, code: received.code };
}

describe('internal steps', () => {
  it('refuses steps that do not fit the legal time (400 with the path), and keeps the procedure', async () => {
    const tooLong = await putProcedure({ ...definition, internalSteps: internalSteps.map((step) => ({ ...step, hours: step.hours + 1 })) });
    expect(tooLong.status).toBe(400);
    expect((await tooLong.json()).errors).toEqual([expect.objectContaining({ path: 'body.internalSteps', code: 'STEPS_EXCEED_PROCESSING_TIME' })]);
    const noLeader = await putProcedure({ ...definition, internalSteps: internalSteps.slice(0, 3) });
    expect(noLeader.status).toBe(400);
    expect((await noLeader.json()).errors).toEqual([expect.objectContaining({ path: 'body.internalSteps.2.role', code: 'LAST_STEP_NOT_LEADER' })]);
    expect((await gateway.request('GET', `/procedures/${CODE}`)).status).toBe(404);
    const saved = await putProcedure({ ...definition, internalSteps });
    expect(saved.status).toBe(200);
    expect((await saved.json()).internalSteps).toHaveLength(4);
  });

  it('takes a desk dossier through every step: assign, forward, send back, approve, then resolve; each step a history entry with its deadline', async () => {
    const { id } = await deskDossier();
    let dossier = await view(id);
    expect(dossier.status).toBe('RECEIVED');
    expect(dossier.currentStep).toMatchObject({ index: 0, id: 'mot-cua', role: 'desk' });
    expect(dossier.stepActions).toEqual(['assign', 'forward']);
    expect(dossier.history.find((entry: { action: string }) => entry.action === 'receive').step).toMatchObject({ id: 'mot-cua', dueAt: dossier.currentStep.dueAt });

    // The desk assigns the next step's work; others are kept off the step it is assigned to.
    expect((await act(desk, id, 'assign', { officerSub: 'steps-desk' })).status).toBe(200);
    const notMine = await act(specialist, id, 'forward', { step: 'mot-cua' });
    expect(notMine.status).toBe(403);
    expect((await notMine.json()).code).toBe('NOT_ASSIGNED');
    const forwarded = await act(desk, id, 'forward', { step: 'mot-cua', assignee: 'steps-specialist' });
    expect(forwarded.status).toBe(200);
    // Forwarding a received dossier hands it to processing.
    expect((await forwarded.json()).dossier).toMatchObject({ status: 'PROCESSING', step: { index: 1, id: 'chuyen-vien', unit: 'phong-tu-phap', assignee: 'steps-specialist', overdue: false } });

    // Inbox filters: assigned to me, my department, my agency.
    expect(await inbox(specialist, 'status=PROCESSING&assignee=me')).toEqual([id]);
    expect(await inbox(leader, 'status=PROCESSING&assignee=me')).toEqual([]);
    expect(await inbox(leader, 'status=PROCESSING&unit=phong-tu-phap')).toEqual([id]);
    expect(await inbox(leader, 'status=PROCESSING&unit=van-phong')).toEqual([]);
    expect(await inbox(leader, 'status=PROCESSING')).toContain(id);

    // Not yet approved: no result.
    const early = await act(specialist, id, 'resolve', { decision: 'Cấp giấy khai sinh' });
    expect(early.status).toBe(409);
    expect((await early.json()).code).toBe('NOT_APPROVED');
    const notLast = await act(specialist, id, 'approve', { step: 'chuyen-vien' });
    expect((await notLast.json()).code).toBe('NOT_LAST_STEP');

    expect((await act(specialist, id, 'forward', { step: 'chuyen-vien' })).status).toBe(200); // → trưởng phòng
    const back = await act(leader, id, 'send-back', { step: 'truong-phong', reason: 'Thiếu thông tin người mẹ' });
    expect(back.status).toBe(200);
    expect((await back.json()).dossier.step).toMatchObject({ index: 1, id: 'chuyen-vien' });
    expect((await act(specialist, id, 'forward', { step: 'chuyen-vien' })).status).toBe(200);
    expect((await act(leader, id, 'forward', { step: 'truong-phong' })).status).toBe(200); // → lãnh đạo
    expect((await view(id)).stepActions).toEqual(['assign', 'send-back', 'approve']);
    const last = await act(leader, id, 'forward', { step: 'lanh-dao' });
    expect((await last.json()).code).toBe('LAST_STEP');
    expect((await act(leader, id, 'approve', { step: 'lanh-dao' })).status).toBe(200);
    expect((await view(id)).stepActions).toEqual([]);
    expect((await act(leader, id, 'send-back', { step: 'lanh-dao', reason: 'Xem lại' })).status).toBe(409); // ALREADY_APPROVED
    expect((await act(leader, id, 'resolve', { decision: 'Cấp giấy khai sinh' })).status).toBe(200);
    await pipeline.settle(120_000);
    // Form 05 (the control slip) weighs each internal step handed on against that step's own deadline.
    const slips = await (await gateway.request('GET', `/agency/dossiers/${id}/slips`, { token: desk })).json();
    const control = slips.items.find((slip: { form: string }) => slip.form === '05');
    expect(control).toBeDefined();
    const text = (await readPdf((await download(control.download.url)).bytes)).text.replace(/\s+/g, ' ');
    for (const line of ['Chuyển bước xử lý tiếp theo (Một cửa tiếp nhận)', 'Chuyển bước xử lý tiếp theo (Chuyên viên thẩm định)', 'Trả lại bước xử lý trước (Trưởng phòng xem xét)', 'Lãnh đạo phê duyệt (Lãnh đạo ký)']) {
      expect(text).toContain(line);
    }
    // Six steps handed on, each within its deadline, and the result before the appointment date.
    expect(text.match(/Trước hạn|Đúng hạn/g)).toHaveLength(7);
    expect(text).not.toContain('Quá hạn');

    dossier = await view(id);
    const steps = dossier.history.filter((entry: { step?: unknown }) => entry.step).map((entry: { action: string; step: { id: string; dueAt: string; startedAt: string } }) => [entry.action, entry.step.id]);
    expect(steps).toEqual([
      ['receive', 'mot-cua'],
      ['assign', 'mot-cua'],
      ['forward', 'chuyen-vien'],
      ['forward', 'truong-phong'],
      ['send-back', 'chuyen-vien'],
      ['forward', 'truong-phong'],
      ['forward', 'lanh-dao'],
      ['approve', 'lanh-dao'],
    ]);
    const sendBack = dossier.history.find((entry: { action: string }) => entry.action === 'send-back');
    expect(sendBack).toMatchObject({ note: 'Thiếu thông tin người mẹ', actor: { sub: 'steps-leader' } });
    // Each step's deadline is its own: the specialist's 4 working hours from when it started.
    for (const entry of dossier.history.filter((e: { step?: { id: string } }) => e.step?.id === 'chuyen-vien')) {
      expect(new Date(entry.step.dueAt).getTime()).toBeGreaterThanOrEqual(new Date(entry.step.startedAt).getTime() + 4 * 3600_000);
    }
  });

  it('two officers forwarding the same step at once: one moves it, the other is 409', async () => {
    const { id } = await deskDossier();
    const race = await Promise.all([act(desk, id, 'forward', { step: 'mot-cua' }), act(specialist, id, 'forward', { step: 'mot-cua' })]);
    expect(race.map((res) => res.status).sort()).toEqual([200, 409]);
    // Whether the loser read before or after the winner committed: CONFLICT (version) or STEP_MOVED.
    expect(['CONFLICT', 'STEP_MOVED']).toContain((await race.find((res) => res.status === 409)!.json()).code);
    const after = await view(id);
    expect(after.currentStep.index).toBe(1);
    expect(after.history.filter((entry: { action: string }) => entry.action === 'forward')).toHaveLength(1);
  });

  it("raises dossier.step_overdue once when a step passes its own deadline, and tells the agency's system", async () => {
    // The agency's own system, listening for its cases (signed webhooks).
    const received: { signature: string; body: string }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ signature: String(req.headers['motcua-signature']), body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const secret = 'steps-agency-secret-0123456789';
    process.env[AGENCY_WEBHOOKS_ENV] = JSON.stringify([{ agencyId: agency.id, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/cases`, secret }]);
    forgetWebhookTargets();
    try {
      await stepOverdueOnce(received, secret);
    } finally {
      delete process.env[AGENCY_WEBHOOKS_ENV];
      forgetWebhookTargets();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  async function stepOverdueOnce(received: { signature: string; body: string }[], secret: string) {
    const { id } = await deskDossier();
    const { currentStep } = await view(id);
    const watchAt = async (at: Date) => {
      process.env.MOTCUA_FAKE_NOW = at.toISOString();
      try {
        return (await pipeline.runSchedule('deadline-watcher')) as { stepOverdue: number };
      } finally {
        delete process.env.MOTCUA_FAKE_NOW;
        await pipeline.settle(120_000);
      }
    };
    const overdueOf = () => pipeline.bus.archive.filter((e) => e['detail-type'] === 'dossier.step_overdue' && e.detail.data.dossierId === id);
    const due = new Date(currentStep.dueAt);
    await watchAt(new Date(due.getTime() - 60_000));
    expect(overdueOf()).toHaveLength(0);
    await watchAt(new Date(due.getTime() + 60_000));
    await watchAt(new Date(due.getTime() + 120_000));
    expect(overdueOf()).toHaveLength(1);
    expect(overdueOf()[0]!.detail.data).toMatchObject({ stepId: 'mot-cua', stepIndex: 0, dueAt: currentStep.dueAt, agencyId: agency.id });
    const after = await view(id);
    expect(after.history.filter((entry: { action: string }) => entry.action === 'step-overdue')).toHaveLength(1);
    // The next step has its own deadline: forwarded, it is not overdue.
    const forwarded = await (await act(desk, id, 'forward', { step: 'mot-cua' })).json();
    expect(forwarded.dossier.step).toMatchObject({ index: 1, overdue: false });
    const told = received.filter((delivery) => JSON.parse(delivery.body).type === 'dossier.step_overdue');
    expect(told).toHaveLength(1);
    expect(verifySignature(secret, told[0]!.signature, told[0]!.body)).toBe(true);
    expect(JSON.parse(told[0]!.body).data).toMatchObject({ dossierId: id, stepId: 'mot-cua' });
  }

  it("pauses the step's clock with the dossier's: a supplement moves the step deadline by the time waited", async () => {
    const citizen = citizenClient(gateway, await gateway.token('citizen', { sub: 'steps-citizen' }));
    const id = await readyDraft(citizen, { procedureCode: CODE });
    expect((await citizen.submit(id)).status).toBe(200);
    await pipeline.settle(120_000);
    try {
      // Monday 9 March 2026, 08:00 in Vietnam: received, the desk step (1 h) is due at 09:00.
      process.env.MOTCUA_FAKE_NOW = '2026-03-09T01:00:00.000Z';
      expect((await act(desk, id, 'receive')).status).toBe(200);
      expect((await view(id)).currentStep.dueAt).toBe('2026-03-09T02:00:00.000Z');
      // 08:30: a supplement is asked for; 10:30: it comes. Two working hours waited: due at 11:00.
      process.env.MOTCUA_FAKE_NOW = '2026-03-09T01:30:00.000Z';
      expect((await act(desk, id, 'request-supplement', { reason: 'Bổ sung ngày sinh', papers: ['answers.child.birthDate'] })).status).toBe(200);
      process.env.MOTCUA_FAKE_NOW = '2026-03-09T03:30:00.000Z';
      expect((await citizen.supplement(id, { answers: { ...goodAnswers, child: { ...goodAnswers.child, birthDate: '2026-02-02' } } })).status).toBe(200);
    } finally {
      delete process.env.MOTCUA_FAKE_NOW;
    }
    const after = await view(id);
    expect(after.currentStep).toMatchObject({ id: 'mot-cua', dueAt: '2026-03-09T04:00:00.000Z' });
    expect(after.history.find((entry: { action: string }) => entry.action === 'supplement').step.dueAt).toBe('2026-03-09T04:00:00.000Z');
  });

  it('answers 409 NO_INTERNAL_STEPS for a procedure that declares none', async () => {
    const scan = pdf(650, 'n');
    const started = await post(desk, '/agency/dossiers', {
      channel: 'desk',
      procedureCode: birthRegistration.code,
      unitId: 'xa-an-binh',
      applicant: { fullName: 'Vũ Thị Lan', nationalId: '001180011122' },
      answers: goodAnswers,
      papers: [{ paperId: 'giay-chung-sinh', fileName: 'gcs.pdf', contentType: 'application/pdf', size: scan.length, sha256: sha256(scan) }],
    });
    const body = await (started.clone() as TestResponse).json();
    expect((await fetch(body.uploads[0].upload.url, { method: 'PUT', headers: body.uploads[0].upload.headers, body: scan })).status).toBe(200);
    const received = await (await post(desk, `/agency/dossiers/${body.dossier.id}/submit-desk`)).json();
    await pipeline.settle(120_000);
    const res = await act(desk, received.id, 'forward', { step: 'mot-cua' });
    expect(res.status).toBe(409);
    expect((await res.json()).code).toBe('NO_INTERNAL_STEPS');
    expect((await view(received.id)).stepActions).toEqual([]);
    // Without steps, resolve needs no approval.
    expect((await act(desk, received.id, 'process')).status).toBe(200);
    expect((await act(desk, received.id, 'resolve', { decision: 'Cấp' })).status).toBe(200);
  });
});
