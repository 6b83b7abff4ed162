import { handler as routeDossier } from '../../functions/routing/route-dossier';
import { getDossier } from '../../shared/store/dossiers';
import { getDossierHistory } from '../../shared/store/inbox';
import { agencyA, agencyB, bridgeEvent, seedCatalogue, seedSubmitted } from '../agency/support';
import { useLocalWorld } from '../support/local';

/** The router consumer (dossier.submitted) and the routing rules it reads. */
const { gateway } = useLocalWorld({ seed: seedCatalogue });
let admin: string;
beforeAll(async () => {
  admin = await gateway.token('admin', { sub: 'admin-1' });
});

describe('the router (dossier.submitted)', () => {
  it("puts the dossier in its agency's inbox, writes a route entry, and does it once for a redelivered event", async () => {
    const { dossier, submitted } = await seedSubmitted({ agencyId: agencyA.id });
    const event = bridgeEvent(submitted);
    await routeDossier(event);
    await routeDossier(event);
    const stored = (await getDossier(dossier.id))!;
    expect(stored).toMatchObject({ routed: true, agencyId: agencyA.id, version: 2 });
    const history = await getDossierHistory(dossier.id);
    expect(history.map((h) => h.action)).toEqual(['submit', 'route']);
    expect(history[1]!.actor).toEqual({ sub: 'system', role: 'system' });
  });

  it("does not make the citizen's next action stale: only a person's change since the version shown is a 409 CONFLICT", async () => {
    const citizen = await gateway.token('citizen', { sub: 'citizen-1' });
    const withdraw = (id: string, version: number) => gateway.request('POST', `/dossiers/${id}/withdraw`, { token: citizen, json: { version }, headers: { 'idempotency-key': `withdraw-${id}-${version}` } });

    // The citizen shows version 1; the router then routes the dossier (version 2): withdrawing on version 1 still works.
    const routed = await seedSubmitted({ agencyId: agencyA.id });
    await routeDossier(bridgeEvent(routed.submitted));
    expect((await getDossier(routed.dossier.id))!.version).toBe(2);
    const res = await withdraw(routed.dossier.id, 1);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'WITHDRAWN', version: 3 });

    // An officer received it meanwhile (a person's change): the version the citizen showed is stale.
    const received = await seedSubmitted({ agencyId: agencyA.id });
    await routeDossier(bridgeEvent(received.submitted));
    const officer = await gateway.token('officer', { sub: 'officer-a', agencyId: agencyA.id });
    expect((await gateway.request('POST', `/agency/dossiers/${received.dossier.id}/receive`, { token: officer, json: { version: 1 }, headers: { 'idempotency-key': `receive-${received.dossier.id}` } })).status).toBe(200);
    const stale = await withdraw(received.dossier.id, 1);
    expect(stale.status).toBe(409);
    expect((await stale.json()).code).toBe('CONFLICT');
    expect((await withdraw(received.dossier.id, 3)).status).toBe(200);
  });

  it('lists a dossier without agency for admins (dossier.unroutable), until an admin assigns it', async () => {
    const { dossier, submitted } = await seedSubmitted({});
    await routeDossier(bridgeEvent(submitted));
    await routeDossier(bridgeEvent(submitted));
    const list = await (await gateway.request('GET', '/admin/dossiers/unroutable', { token: admin })).json();
    expect(list.items.filter((i: { dossierId: string }) => i.dossierId === dossier.id)).toHaveLength(1);
    expect(JSON.stringify(list)).not.toContain('001099012345');

    const officer = await gateway.token('officer', { sub: 'o', agencyId: agencyB.id });
    expect((await gateway.request('GET', '/admin/dossiers/unroutable', { token: officer })).status).toBe(403);

    const assign = await gateway.request('POST', `/admin/dossiers/${dossier.id}/assign`, { token: admin, json: { agencyId: agencyB.id, reason: 'Xã Hai nhận' }, headers: { 'idempotency-key': 'assign-1' } });
    expect(assign.status).toBe(200);
    const after = await (await gateway.request('GET', '/admin/dossiers/unroutable', { token: admin })).json();
    expect(after.items.map((i: { dossierId: string }) => i.dossierId)).not.toContain(dossier.id);
    const inbox = await (await gateway.request('GET', '/agency/dossiers?status=SUBMITTED&limit=100', { token: officer })).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(dossier.id);
    expect((await getDossierHistory(dossier.id)).map((h) => h.action)).toEqual(['submit', 'route', 'route']);
  });
});

describe('PUT /admin/routing-rules/{id}', () => {
  it('stores a rule under its scope id and lists it', async () => {
    const id = encodeURIComponent(`1.000001#xa-mot`);
    const res = await gateway.request('PUT', `/admin/routing-rules/${id}`, { token: admin, json: { procedureCode: '1.000001', unitId: 'xa-mot', agencyId: agencyB.id } });
    expect(res.status).toBe(200);
    const list = await (await gateway.request('GET', '/admin/routing-rules', { token: admin })).json();
    expect(list.items).toContainEqual({ id: '1.000001#xa-mot', rule: { procedureCode: '1.000001', unitId: 'xa-mot', agencyId: agencyB.id } });
    const mismatch = await gateway.request('PUT', `/admin/routing-rules/${encodeURIComponent('*#xa-hai')}`, { token: admin, json: { unitId: 'xa-mot', agencyId: agencyB.id } });
    expect((await mismatch.json()).code).toBe('ROUTING_RULE_ID_MISMATCH');
  });
});
