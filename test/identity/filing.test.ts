import { putProcedure } from '../../shared/store/catalogue';
import type { Procedure } from '../../shared/domain/procedure';
import { dayNumberToDate, vnDayNumber } from '../../shared/domain/vietnam-time';
import { useLocalWorld } from '../support/local';
import { birthRegistration, citizenClient, goodAnswers, pdf, seedCatalogue } from '../dossiers/support';
import { addCitizen, childBorn, meClient } from './support';

/**
 * Who may file for whom, through the gateway: caller × applicant × authority × route.
 * The caller (an agent and a parent) files at create, edit (PATCH of the applicant) and submit for
 * applicants they hold each kind of authority for, or none.
 */

const AGENT = '001090000011';
const ids = { stranger: '001085000025', inScope: '001085000021', outOfScope: '001085000022', expired: '001085000023', revoked: '001085000024', child13: '001213000031', child14: '001212000032' };
const otherProcedure = { ...birthRegistration, code: 'T.000003', name: 'Cấp bản sao trích lục (thử)', minAssurance: 2 } as Procedure;

const { gateway } = useLocalWorld({ seed: [seedCatalogue, () => putProcedure(otherProcedure)] });
let agent: ReturnType<typeof citizenClient>;
const today = () => dayNumberToDate(vnDayNumber(new Date()));
const dayOffset = (days: number) => dayNumberToDate(vnDayNumber(new Date()) + days);

const principal = async (nationalId: string) => meClient(gateway, await gateway.token('citizen', { sub: `citizen-${nationalId}`, nationalId }));
const applicantOf = (nationalId: string) => ({ fullName: 'Người Nộp Thử', nationalId });

beforeAll(async () => {
  const now = new Date();
  const parent = { nationalId: AGENT, fullName: 'Đỗ Văn Cha' };
  addCitizen(gateway, { nationalId: AGENT, fullName: parent.fullName, birthDate: '1990-05-05', gender: 'male' });
  // 13 today (the 14th birthday is tomorrow), and 14 today: the authority ends on the birthday.
  addCitizen(gateway, { nationalId: ids.child13, fullName: 'Đỗ Minh Con', birthDate: childBorn(now, 14, -1), father: parent });
  addCitizen(gateway, { nationalId: ids.child14, fullName: 'Đỗ Thu Con', birthDate: childBorn(now, 14), father: parent });
  agent = citizenClient(gateway, await gateway.token('citizen', { sub: 'citizen-agent', nationalId: AGENT }));

  const window = { validFrom: dayOffset(-1), validUntil: dayOffset(30) };
  await (await principal(ids.inScope)).mandate(AGENT, { procedures: [birthRegistration.code], ...window });
  await (await principal(ids.outOfScope)).mandate(AGENT, { procedures: [otherProcedure.code], ...window });
  await (await principal(ids.expired)).mandate(AGENT, { procedures: [birthRegistration.code], validFrom: dayOffset(-30), validUntil: dayOffset(-1) });
  const revoker = await principal(ids.revoked);
  const revoked = await revoker.mandate(AGENT, { procedures: [birthRegistration.code], ...window });
  expect((await revoker.revoke(revoked.id)).status).toBe(200);
}, 120_000);

type Authority = 'self' | 'none' | 'guardian of a 13-year-old' | 'guardian of a 14-year-old' | 'mandate in scope' | 'mandate out of scope' | 'mandate expired' | 'mandate revoked';
const matrix: Array<{ authority: Authority; applicant: string; allowed: boolean; reason?: RegExp }> = [
  { authority: 'self', applicant: AGENT, allowed: true },
  { authority: 'none', applicant: ids.stranger, allowed: false },
  { authority: 'guardian of a 13-year-old', applicant: ids.child13, allowed: true },
  { authority: 'guardian of a 14-year-old', applicant: ids.child14, allowed: false, reason: /đã đủ 14 tuổi/ },
  { authority: 'mandate in scope', applicant: ids.inScope, allowed: true },
  { authority: 'mandate out of scope', applicant: ids.outOfScope, allowed: false, reason: /không áp dụng cho thủ tục này/ },
  { authority: 'mandate expired', applicant: ids.expired, allowed: false, reason: /hết hạn/ },
  { authority: 'mandate revoked', applicant: ids.revoked, allowed: false, reason: /thu hồi/ },
];
const figures = { cells: 0, refused: 0, allowed: 0, mismatches: 0 };

function expectCell(status: number, body: { code?: string; detail?: string; errors?: { path: string }[] }, row: (typeof matrix)[number], okStatus: number, path: string) {
  figures.cells += 1;
  const mismatch = row.allowed ? status !== okStatus : status !== 403 || body.code !== 'APPLICANT_NOT_CALLER';
  if (mismatch) figures.mismatches += 1;
  if (row.allowed) {
    figures.allowed += 1;
    expect(status).toBe(okStatus);
    return;
  }
  figures.refused += 1;
  expect(status).toBe(403);
  expect(body).toMatchObject({ code: 'APPLICANT_NOT_CALLER', errors: [{ path }] });
  expect(body.detail).toMatch(/ủy quyền/); // says what would be needed, in Vietnamese (English on Accept-Language: en)
  if (row.reason) expect(body.detail).toMatch(row.reason);
}

/** A draft for `applicant` made while a temporary mandate held, then revoked: only the row's own authority is left. */
async function draftFor(applicant: string): Promise<string> {
  const owner = await principal(applicant);
  const temporary = applicant === AGENT ? undefined : await owner.mandate(AGENT, { procedures: [birthRegistration.code], validFrom: today(), validUntil: today() });
  const created = await agent.createDraft({ applicant: applicantOf(applicant), answers: goodAnswers });
  expect(created.status).toBe(201);
  const { id } = await created.json();
  await agent.attach(id, 'giay-chung-sinh', pdf());
  if (temporary) expect((await owner.revoke(temporary.id)).status).toBe(200);
  return id;
}

describe.each(matrix)('the caller filing for an applicant with authority: $authority', (row) => {
  it('POST /dossiers', async () => {
    const before = (await (await agent.list('?limit=100')).json()).items.length;
    const res = await agent.createDraft({ applicant: applicantOf(row.applicant) });
    const body = await res.json();
    expectCell(res.status, body, row, 201, 'body.applicant.nationalId');
    const after = (await (await agent.list('?limit=100')).json()).items.length;
    expect(after).toBe(before + (row.allowed ? 1 : 0)); // a refusal writes nothing
    if (row.allowed) expect(body.filing.kind).toBe(row.authority === 'self' ? 'self' : row.authority.startsWith('guardian') ? 'guardian' : 'mandate');
  });

  it('PATCH /dossiers/{id} (the applicant changed on my own draft)', async () => {
    const { id, version } = await (await agent.createDraft({ applicant: applicantOf(AGENT) })).json();
    const res = await agent.patch(id, { version, applicant: applicantOf(row.applicant) });
    expectCell(res.status, await res.json(), row, 200, 'body.applicant.nationalId');
    const stored = await (await agent.get(id)).json();
    expect(stored.applicant.nationalId).toBe(row.allowed ? row.applicant : AGENT);
  });

  it('POST /dossiers/{id}/submit (the authority is checked again)', async () => {
    const id = await draftFor(row.applicant);
    const res = await agent.submit(id);
    expectCell(res.status, await res.json(), row, 200, 'applicant.nationalId');
    expect((await (await agent.get(id)).json()).status).toBe(row.allowed ? 'SUBMITTED' : 'DRAFT');
  });
});

describe('callers without the right identity', () => {
  it('refuses an account whose identity number nobody verified, even for the number it claims in the body', async () => {
    const unverified = citizenClient(gateway, await gateway.token('citizen', { sub: 'citizen-unverified', nationalId: null }));
    const res = await unverified.createDraft({ applicant: applicantOf(AGENT) });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'APPLICANT_NOT_CALLER', detail: expect.stringMatching(/chưa có số định danh cá nhân đã xác thực/) });
  });

  it('refuses officers, admins and anonymous callers on the citizen routes', async () => {
    for (const role of ['officer', 'admin'] as const) {
      const res = await citizenClient(gateway, await gateway.token(role, { agencyId: 'ubnd-xa-an-binh', nationalId: AGENT })).createDraft({ applicant: applicantOf(AGENT) });
      expect(res.status).toBe(403);
    }
    expect((await gateway.request('POST', '/dossiers', { json: {}, headers: { 'idempotency-key': 'k' } })).status).toBe(401);
  });
});

describe('a procedure that requires assurance level 2', () => {
  it('answers 403 ASSURANCE_TOO_LOW to a level-1 login and accepts a level-2 one', async () => {
    const low = citizenClient(gateway, await gateway.token('citizen', { sub: 'citizen-agent', nationalId: AGENT, loa: 1 }));
    const refused = await low.createDraft({ procedureCode: otherProcedure.code, applicant: applicantOf(AGENT) });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'ASSURANCE_TOO_LOW', detail: expect.stringMatching(/mức độ 2/) });
    const high = citizenClient(gateway, await gateway.token('citizen', { sub: 'citizen-agent', nationalId: AGENT, loa: 2 }));
    expect((await high.createDraft({ procedureCode: otherProcedure.code, applicant: applicantOf(AGENT) })).status).toBe(201);
  });
});

describe('the audit of the guardianship lookups', () => {
  it('shows the child who looked them up, when and for which dossier, and never logs the number', async () => {
    const child = meClient(gateway, await gateway.token('citizen', { sub: 'citizen-child13', nationalId: ids.child13 }));
    const { items } = await (await child.lookups()).json();
    expect(items.length).toBeGreaterThan(0);
    expect(items[0]).toMatchObject({ purpose: 'authority', who: { role: 'citizen', self: false }, procedureCode: birthRegistration.code, outcome: 'found', dossierId: expect.any(String) });
    const sent = gateway.population.requests.filter((request) => request.SoDinhDanh === ids.child13);
    expect(sent.length).toBe(items.length);
    expect(sent[0]).toMatchObject({ MaTichHop: 'MOTCUA-LOCAL', MaDVC: birthRegistration.code });
  });
});

afterAll(() => {
  console.log(`[identity] filing matrix: ${figures.cells} cells (${matrix.length} authorities × 3 routes), ${figures.refused} refused, ${figures.allowed} allowed, ${figures.mismatches} mismatches`);
});
