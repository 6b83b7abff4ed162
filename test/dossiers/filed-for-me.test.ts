import type { TestResponse } from '../support/local';
import { useLocalWorld } from '../support/local';
import { agencies, applicant, birthRegistration, citizenClient, goodAnswers, pdf, readyDraft, seedCatalogue, sha256 } from './support';

/**
 * GET /me/dossiers: a citizen signed in with a verified identity number follows every dossier filed
 * for them, not only those they filed: the one the one-stop desk entered when they walked in, with
 * its code and status, read-only. Nobody else sees it; an account with no verified number is told why.
 */
const { gateway } = useLocalWorld({ seed: seedCatalogue });
const deskAgency = agencies[0]!;
let applicantToken: string; // the fixtures' applicant (001099012345), signed in
let strangerToken: string;
let unverifiedToken: string;
let deskOfficer: string;
let onlineId: string;
let deskId: string;
let draftId: string;

let keys = 0;
const key = () => `filed-${process.pid}-${++keys}`;
const get = (path: string, token: string) => gateway.request('GET', path, { token });

/** A walk-in dossier of the fixtures' applicant, entered and submitted at the desk. */
async function deskDossier(): Promise<string> {
  const scan = pdf(900, 's');
  const intake = await gateway.request('POST', '/agency/dossiers', {
    token: deskOfficer,
    headers: { 'idempotency-key': key() },
    json: {
      channel: 'desk',
      procedureCode: birthRegistration.code,
      unitId: 'xa-an-binh',
      applicant,
      answers: goodAnswers,
      delivery: { method: 'desk' },
      papers: [{ paperId: 'giay-chung-sinh', fileName: 'giấy chứng sinh (bản quét).pdf', contentType: 'application/pdf', size: scan.length, sha256: sha256(scan) }],
    },
  });
  expect(intake.status).toBe(201);
  const { dossier, uploads } = await (intake.clone() as TestResponse).json();
  for (const { upload } of uploads as { upload: { url: string; method: string; headers: Record<string, string> } }[]) {
    expect((await fetch(upload.url, { method: upload.method, headers: upload.headers, body: scan })).status).toBe(200);
  }
  const submitted = await gateway.request('POST', `/agency/dossiers/${dossier.id}/submit-desk`, { token: deskOfficer, json: {}, headers: { 'idempotency-key': key() } });
  expect(submitted.status).toBe(200);
  return dossier.id;
}

beforeAll(async () => {
  applicantToken = await gateway.token('citizen', { sub: 'citizen-filed-for-me' });
  strangerToken = await gateway.token('citizen', { sub: 'citizen-stranger', nationalId: '079188000111' });
  unverifiedToken = await gateway.token('citizen', { sub: 'citizen-unverified', nationalId: null });
  deskOfficer = await gateway.token('officer', { sub: 'desk-officer-filed', agencyId: deskAgency.id });
  const own = citizenClient(gateway, applicantToken);
  onlineId = await readyDraft(own);
  expect((await own.submit(onlineId)).status).toBe(200);
  draftId = (await (await own.createDraft()).json()).id;
  deskId = await deskDossier();
}, 120_000);

describe('GET /me/dossiers', () => {
  it('lists the dossiers filed for the signed-in applicant, newest submission first: the desk one beside their own, never a draft', async () => {
    const res = await get('/me/dossiers', applicantToken);
    expect(res.status).toBe(200);
    const { items, nextCursor } = await res.json();
    expect(items.map((item: { id: string; channel: string; mine: boolean }) => [item.id, item.channel, item.mine])).toEqual([
      [deskId, 'desk', false],
      [onlineId, 'online', true],
    ]);
    expect(items[0]).toMatchObject({ status: 'RECEIVED', statusCode: 2, code: expect.stringMatching(/^[A-Z]+-\d{6}-\d{4}$/) });
    expect(nextCursor).toBeUndefined();
    expect(JSON.stringify(items)).not.toContain(draftId);
  });

  it('pages with a cursor of its own', async () => {
    const first = await (await get('/me/dossiers?limit=1', applicantToken)).json();
    expect(first.items.map((item: { id: string }) => item.id)).toEqual([deskId]);
    const second = await (await get(`/me/dossiers?limit=1&cursor=${encodeURIComponent(first.nextCursor)}`, applicantToken)).json();
    expect(second.items.map((item: { id: string }) => item.id)).toEqual([onlineId]);
    const third = second.nextCursor ? await (await get(`/me/dossiers?limit=1&cursor=${encodeURIComponent(second.nextCursor)}`, applicantToken)).json() : { items: [] };
    expect(third.items).toEqual([]);
    expect((await get('/me/dossiers?cursor=bm90LWEtY3Vyc29y', applicantToken)).status).toBe(400);
  });

  it('shows the desk dossier to its applicant read-only, and to nobody else', async () => {
    const res = await get(`/me/dossiers/${deskId}`, applicantToken);
    expect(res.status).toBe(200);
    const view = await res.json();
    expect(view).toMatchObject({ id: deskId, channel: 'desk', mine: false, status: 'RECEIVED', allowedActions: [], applicant: { nationalId: applicant.nationalId } });
    expect(view.history.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['submit', 'receive']));
    // The citizen's own routes still act only on what they filed.
    expect((await get(`/dossiers/${deskId}`, applicantToken)).status).toBe(404);
    // Their own online dossier reads the same here, with its actions.
    expect(await (await get(`/me/dossiers/${onlineId}`, applicantToken)).json()).toMatchObject({ id: onlineId, mine: true, allowedActions: ['withdraw', 'pay'] }); // its fee is due
    // Someone else, or a draft: 404 alike.
    expect((await get(`/me/dossiers/${deskId}`, strangerToken)).status).toBe(404);
    expect((await (await get('/me/dossiers', strangerToken)).json()).items).toEqual([]);
    expect((await get(`/me/dossiers/${draftId}`, applicantToken)).status).toBe(404);
  });

  it('lists a draft submitted 5 times at once, each with its own Idempotency-Key, once', async () => {
    // Another person, so that the lists above stay as they are.
    const racer = await gateway.token('citizen', { sub: 'citizen-racer', nationalId: '079188000222' });
    const own = citizenClient(gateway, racer);
    const raced = await readyDraft(own, { applicant: { ...applicant, fullName: 'Phạm Văn Đua', nationalId: '079188000222' } });
    const statuses = await Promise.all(Array.from({ length: 5 }, () => own.submit(raced).then((res) => res.status)));
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    const { items } = await (await get('/me/dossiers', racer)).json();
    expect(items.map((item: { id: string; mine: boolean }) => [item.id, item.mine])).toEqual([[raced, true]]);
  });

  it('tells an account without a verified identity number how to get one', async () => {
    for (const path of ['/me/dossiers', `/me/dossiers/${deskId}`]) {
      const res = await get(path, unverifiedToken);
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'IDENTITY_NOT_VERIFIED', detail: expect.stringContaining('VNeID') });
    }
    expect((await get('/me/dossiers', deskOfficer)).status).toBe(403);
    expect((await gateway.request('GET', '/me/dossiers')).status).toBe(401);
  });
});
