import { useLocalWorld } from '../support/local';
import { applicant, citizenClient, seedCatalogue } from '../dossiers/support';

/**
 * Issue 12 point 8: a user who signed up in the Cognito pool and confirmed is in no group. No group
 * (and no role claim) means citizen: they use the citizen routes, never the officers' or admins'.
 */
const { gateway } = useLocalWorld({ seed: seedCatalogue });

describe('a self-registered, confirmed user (no group)', () => {
  it('is a citizen: reads their dossiers, and files once their identity number is verified', async () => {
    const fresh = await gateway.issuer.sign({ sub: 'signed-up-1', identity: { email: 'moi@example.vn' } });
    const me = citizenClient(gateway, fresh);
    expect((await me.list()).status).toBe(200);
    const refused = await me.createDraft();
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'APPLICANT_NOT_CALLER', detail: expect.stringMatching(/chưa có số định danh cá nhân đã xác thực/) });

    const verified = citizenClient(gateway, await gateway.issuer.sign({ sub: 'signed-up-1', identity: { nationalId: applicant.nationalId, assurance: 1 } }));
    expect((await verified.createDraft()).status).toBe(201);
    expect((await (await verified.list()).json()).items).toHaveLength(1);
  });

  it("gets nothing of the officers' and admins' routes", async () => {
    const fresh = await gateway.issuer.sign({ sub: 'signed-up-2' });
    for (const path of ['/agency/dossiers', '/admin/dossiers/unroutable', '/admin/routing-rules']) {
      expect((await gateway.request('GET', path, { token: fresh })).status).toBe(403);
    }
  });

  it('is not a citizen when the IdP named only groups motcua does not know', async () => {
    const stranger = await gateway.issuer.sign({ sub: 'auditor-1', role: 'auditor' as never });
    expect((await gateway.request('GET', '/dossiers', { token: stranger })).status).toBe(403);
  });
});
