import * as fc from 'fast-check';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalIssuer } from '../../infra/local/issuer';
import { routes, routeKey, type Route } from '../../infra/routes';
import type { Role } from '../../shared/http/contract';
import { dynamo } from '../../shared/store/clients';
import { currentNames, useLocalWorld } from '../support/local';
import { figures } from './support';
import { docsAsset } from '../../shared/system/docs';

/**
 * The gap hostile-input.test.ts leaves: the headers. Forged, expired, foreign and malformed bearer
 * tokens are 401 on every protected route; hostile correlation ids, signatures, languages and
 * content types with a valid token are never a 5xx, are not reflected unchecked, and write nothing.
 */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_HEADER_RUNS ?? 12);

const { gateway } = useLocalWorld();
const valid = new Map<Role, string>();
const forged: { name: string; token: string }[] = [];

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

beforeAll(async () => {
  for (const role of ['citizen', 'officer', 'admin'] as const) valid.set(role, await gateway.token(role, { sub: `${role}-headers`, agencyId: 'agency-headers' }));
  const stranger = await createLocalIssuer();
  const now = Math.floor(Date.now() / 1000);
  const admin = valid.get('admin')!;
  const [header, payload] = admin.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
  forged.push(
    { name: 'alg none', token: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, role: 'admin' })}.` },
    { name: "another issuer's key", token: await stranger.sign({ sub: 'admin-headers', role: 'admin' }) },
    { name: 'expired', token: await gateway.issuer.sign({ sub: 'admin-headers', role: 'admin' }, { expiresIn: now - 60 }) },
    { name: 'another audience', token: await gateway.issuer.sign({ sub: 'admin-headers', role: 'admin' }, { audience: 'someone-else' }) },
    { name: 'another issuer name', token: await gateway.issuer.sign({ sub: 'admin-headers', role: 'admin' }, { issuer: 'https://evil.example' }) },
    { name: 'claims swapped under a valid signature', token: `${header}.${b64({ ...claims, role: 'admin', sub: 'someone' })}.${admin.split('.')[2]}` },
    { name: 'truncated', token: admin.slice(0, -10) },
  );
});

/** Items written, but the audit of population lookups: GET /me/profile records each lookup on purpose (issue 14). */
async function countItems(): Promise<number> {
  const notAudit = { FilterExpression: 'attribute_not_exists(#type) OR #type <> :audit', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':audit': 'POPULATION_LOOKUP' } };
  const counts = await Promise.all([currentNames().tableName, currentNames().outboxTableName].map((TableName) => dynamo().send(new ScanCommand({ TableName, Select: 'COUNT', ...notAudit }))));
  return counts.reduce((sum, page) => sum + (page.Count ?? 0), 0);
}

const fill = (path: string) => path.replace(/\{\w+\+?\}/g, 'no-such-id');
const protectedRoutes = routes.filter((route) => Array.isArray(route.contract.access));
const tokenFor = (route: Route) => (Array.isArray(route.contract.access) ? valid.get(route.contract.access[0] as Role) : undefined);

let cases = 0;
afterAll(() => figures('hostile headers', { routes: routes.length, requests: cases, forgedTokens: forged.length, serverErrors: 0, itemsWritten: 0 }));

describe('bearer tokens', () => {
  it.each(protectedRoutes.map((route) => [routeKey(route), route] as const))('%s: 401 for every forged, expired or malformed token', async (_key, route) => {
    const authorizations = [
      ...forged.map((f) => [f.name, `Bearer ${f.token}`]),
      ['no scheme', valid.get('admin')!],
      ['Basic', `Basic ${Buffer.from('admin:admin').toString('base64')}`],
      ['empty bearer', 'Bearer '],
      ['two tokens', `Bearer ${valid.get('admin')} ${valid.get('admin')}`],
    ];
    for (const [name, authorization] of authorizations) {
      cases += 1;
      const res = await gateway.request(route.method, fill(route.path), { headers: { authorization: authorization! }, ...(route.method === 'GET' ? {} : { json: {} }) });
      expect([name, res.status]).toEqual([name, 401]);
    }
  });
});

const hostileValue = fc.oneof(
  fc.string({ maxLength: 80 }).filter((s) => /^[\x20-\x7e]*$/.test(s)),
  fc.constantFrom('../../etc/passwd', '${jndi:ldap://x}', '<script>alert(1)</script>', "' OR 1=1 --", 'a'.repeat(4000), 't=1,v1=zz', 't=99999999999,v1=' + 'f'.repeat(64), '%00', 'null'),
);
const hostileHeaders = fc.record(
  {
    'x-correlation-id': hostileValue,
    'webhook-signature': hostileValue,
    'accept-language': hostileValue,
    accept: fc.constantFrom('*/*', 'text/html', 'application/xml', '', 'application/json;q=0'),
    'content-type': fc.constantFrom('application/json', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'text/plain'),
    'x-forwarded-for': hostileValue,
    'idempotency-key': fc.string({ minLength: 1, maxLength: 200 }).filter((s) => /^[\x21-\x7e]+$/.test(s)),
  },
  { requiredKeys: [] },
);

describe('hostile headers with a valid token', () => {
  it.each(routes.map((route) => [routeKey(route), route] as const))('%s never answers 5xx and writes nothing', async (_key, route) => {
    const before = await countItems();
    await fc.assert(
      fc.asyncProperty(hostileHeaders, async (headers) => {
        cases += 1;
        const res = await gateway.request(route.method, fill(route.path), {
          token: tokenFor(route),
          headers: Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== '')),
          ...(route.method === 'GET' ? {} : { body: '{}' }),
        });
        const text = await res.text();
        if (res.status >= 500) throw new Error(`${res.status} ${text.slice(0, 300)}`);
        // The correlation id comes back only when it is a safe token; anything else is replaced.
        const echoed = res.headers.get('x-correlation-id');
        if (echoed !== null) expect(echoed).toMatch(/^[\w-]{1,64}$/);
        // Nothing sent is reflected. The reference page's script (Redoc's bundle) holds "<script>" in its own
        // code: it must come back byte for byte the file, whatever the headers.
        if (route.contract.produces === 'text/javascript') expect(text).toBe(docsAsset());
        else expect(text).not.toContain('<script>');
      }),
      { numRuns: RUNS_PER_ROUTE },
    );
    expect(await countItems()).toBe(before);
  });
});
