import { useLocalWorld } from '../support/local';
import { agencyA, agencyB, seedCatalogue, seedInInbox } from './support';

/** Issue 16: every officer's read of a dossier is recorded before it is answered, and an admin lists them. */
const { gateway } = useLocalWorld({ seed: seedCatalogue });
let officerA: string;
let officerB: string;
let admin: string;
beforeAll(async () => {
  officerA = await gateway.token('officer', { sub: 'officer-audit-a', agencyId: agencyA.id });
  officerB = await gateway.token('officer', { sub: 'officer-audit-b', agencyId: agencyB.id });
  admin = await gateway.token('admin', { sub: 'admin-audit' });
});

const audit = (query: string, token = admin) => gateway.request('GET', `/admin/audit?${query}`, { token });

describe('GET /admin/audit?dossierId=', () => {
  it('lists who read a dossier, when and what, newest first, page by page; a refused read is not a read', async () => {
    const { dossier } = await seedInInbox(agencyA.id);
    expect((await gateway.request('GET', `/agency/dossiers/${dossier.id}`, { token: officerA })).status).toBe(200);
    expect((await gateway.request('GET', `/agency/dossiers/${dossier.id}/slips`, { token: officerA })).status).toBe(200);
    expect((await gateway.request('GET', `/agency/dossiers/${dossier.id}`, { token: admin })).status).toBe(200);
    // Another agency's officer gets 404 and reads nothing: nothing to audit.
    expect((await gateway.request('GET', `/agency/dossiers/${dossier.id}`, { token: officerB })).status).toBe(404);

    const all = await (await audit(`dossierId=${dossier.id}`)).json();
    expect(all.items.map((read: { who: { sub: string; role: string }; what: string }) => [read.who.sub, read.who.role, read.what])).toEqual([
      ['admin-audit', 'admin', 'dossier'],
      ['officer-audit-a', 'officer', 'slips'],
      ['officer-audit-a', 'officer', 'dossier'],
    ]);
    expect(all.items[2]).toMatchObject({ who: { agencyId: agencyA.id }, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(all.nextCursor).toBeUndefined();

    const first = await (await audit(`dossierId=${dossier.id}&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    const second = await (await audit(`dossierId=${dossier.id}&limit=2&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((read: { id: string }) => read.id)).toEqual([all.items[2].id]);
    // Nothing about the applicant is in the audit itself.
    expect(JSON.stringify(all)).not.toContain(dossier.applicant.nationalId);
  });

  it("is for admins; a bad cursor is 400; another dossier's audit is its own", async () => {
    const { dossier } = await seedInInbox(agencyA.id);
    expect((await audit(`dossierId=${dossier.id}`, officerA)).status).toBe(403);
    const bad = await audit(`dossierId=${dossier.id}&cursor=not-a-cursor`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('INVALID_CURSOR');
    expect((await audit('dossierId=../x')).status).toBe(400);
    expect((await audit('')).status).toBe(400);
    expect((await (await audit(`dossierId=${dossier.id}`)).json()).items).toEqual([]);
  });
});
