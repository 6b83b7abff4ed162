import { ENV } from '../../shared/config';
import { logSink } from '../../shared/logger';
import { resetActiveProfile } from '../../shared/identity/profiles';
import { DEMO_CITIZEN } from '../../infra/local/population-simulator';
import { useLocalWorld } from '../support/local';
import { birthRegistration, goodAnswers, idempotencyKey, seedCatalogue } from '../dossiers/support';
import { meClient } from './support';

const { gateway } = useLocalWorld({ seed: seedCatalogue });
afterAll(async () => {
  delete process.env[ENV.identityProfile];
  resetActiveProfile();
});

describe('GET /me/profile', () => {
  it('prefills from the population database and audits the lookup, without logging the number', async () => {
    const lines: string[] = [];
    const write = logSink.write;
    logSink.write = (line) => lines.push(line) > 0;
    process.env.LOG_LEVEL = 'info';
    const me = meClient(gateway, await gateway.token('citizen', { sub: 'citizen-an', identity: { fullName: DEMO_CITIZEN.fullName, birthDate: DEMO_CITIZEN.birthDate, phone: '0912345678' } }));
    const res = await me.profile();
    logSink.write = write;
    process.env.LOG_LEVEL = 'silent';
    expect(res.status).toBe(200);
    const profile = await res.json();
    expect(profile).toMatchObject({
      identity: { nationalId: DEMO_CITIZEN.nationalId, fullName: DEMO_CITIZEN.fullName, birthDate: DEMO_CITIZEN.birthDate, phone: '0912345678', assurance: 1 },
      population: { fullName: 'Nguyễn Văn An', birthDate: DEMO_CITIZEN.birthDate, gender: 'male', permanentAddress: expect.stringContaining('xã An Bình') },
    });
    // The simulator got the §4 request: the name upper-cased without spaces, the birth year, the integration code.
    expect(gateway.population.requests.at(-1)).toMatchObject({ SoDinhDanh: DEMO_CITIZEN.nationalId, HoVaTen: 'NGUYỄNVĂNAN', Nam: '1999', MaTichHop: 'MOTCUA-LOCAL' });
    const { items } = await (await me.lookups()).json();
    expect(items[0]).toMatchObject({ purpose: 'profile', who: { role: 'citizen', self: true }, outcome: 'found' });
    expect(lines.some((line) => line.includes('population.lookup'))).toBe(true);
    expect(lines.join('\n')).not.toContain(DEMO_CITIZEN.nationalId);
  });

  it('answers null for a citizen the database does not know, and 503 with Retry-After while it fails (audited as failed)', async () => {
    const unknown = meClient(gateway, await gateway.token('citizen', { sub: 'citizen-x', nationalId: '001077000999' }));
    expect(await (await unknown.profile()).json()).toMatchObject({ population: null });
    await fetch(`${gateway.url}/_simulator/population/fail`, { method: 'POST', body: JSON.stringify({ count: 1 }) });
    const failed = await unknown.profile();
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('5');
    const { items } = await (await unknown.lookups()).json();
    expect(items.map((item: { outcome: string }) => item.outcome)).toEqual(['failed', 'not-found']);
  });

  it('is 403 IDENTITY_NOT_VERIFIED for an account without a verified identity number, and looks nothing up', async () => {
    const before = gateway.population.requests.length;
    const res = await meClient(gateway, await gateway.token('citizen', { sub: 'citizen-new', nationalId: null })).profile();
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('IDENTITY_NOT_VERIFIED');
    expect(gateway.population.requests.length).toBe(before);
  });

  it('prefills a draft created without an applicant: the caller, from the population database and the verified claims, audited for that dossier', async () => {
    const token = await gateway.token('citizen', { sub: 'citizen-prefill', identity: { fullName: DEMO_CITIZEN.fullName, birthDate: DEMO_CITIZEN.birthDate, phone: '0912345678' } });
    const me = meClient(gateway, token);
    const res = await gateway.request('POST', '/dossiers', { token, json: { procedureCode: birthRegistration.code, unitId: 'xa-an-binh', answers: goodAnswers }, headers: { 'idempotency-key': idempotencyKey() } });
    expect(res.status).toBe(201);
    const draft = await res.json();
    expect(draft.applicant).toMatchObject({ fullName: 'Nguyễn Văn An', nationalId: DEMO_CITIZEN.nationalId, phone: '0912345678', address: expect.stringContaining('xã An Bình') });
    const { items } = await (await me.lookups()).json();
    expect(items[0]).toMatchObject({ purpose: 'prefill', dossierId: draft.id, outcome: 'found' });
    // Nothing to prefill from without a verified identity number: 403, and no draft.
    const anonymous = await gateway.token('citizen', { sub: 'citizen-prefill-2', nationalId: null });
    const refused = await gateway.request('POST', '/dossiers', {
      token: anonymous,
      json: { procedureCode: birthRegistration.code, unitId: 'xa-an-binh', answers: goodAnswers },
      headers: { 'idempotency-key': idempotencyKey() },
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'APPLICANT_NOT_CALLER', errors: [{ path: 'body.applicant' }] });
    expect((await (await gateway.request('GET', '/dossiers', { token: anonymous })).json()).items).toEqual([]);
  });

  it("reads the VNeID profile's claims (SoDinhDanh, HoVaTen, NgayThangNamSinh, loAs) when the stage uses it", async () => {
    process.env[ENV.identityProfile] = 'vneid';
    resetActiveProfile();
    try {
      const token = await gateway.token('citizen', { sub: 'vneid-an', identity: { fullName: DEMO_CITIZEN.fullName, birthDate: DEMO_CITIZEN.birthDate }, loa: 2 });
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
      expect(claims).toMatchObject({ SoDinhDanh: DEMO_CITIZEN.nationalId, HoVaTen: DEMO_CITIZEN.fullName, NgayThangNamSinh: '19990314', loAs: 'LoA2' });
      const profile = await (await meClient(gateway, token).profile()).json();
      expect(profile.identity).toMatchObject({ nationalId: DEMO_CITIZEN.nationalId, birthDate: DEMO_CITIZEN.birthDate, assurance: 2 });
    } finally {
      delete process.env[ENV.identityProfile];
      resetActiveProfile();
    }
  });
});
