import * as fc from 'fast-check';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { routes, routeKey, type Route } from '../../infra/routes';
import { refusesAsPage, type Role } from '../../shared/http/contract';
import { dynamo } from '../../shared/store/clients';
import { currentNames, useLocalWorld } from '../support/local';

/**
 * Every route of the route table, fed hostile input by fast-check: wrong types, deep nesting,
 * control characters, Vietnamese text in NFC and NFD, __proto__/constructor keys, huge strings.
 * Always a 4xx problem+json (or the gateway's own 4xx), never a 5xx, and nothing written.
 */
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 25);

const { gateway, events } = useLocalWorld({ events: true });
const tokens = new Map<Role, string>();
beforeAll(async () => {
  for (const role of ['citizen', 'officer', 'admin'] as const) tokens.set(role, await gateway.token(role, { sub: `${role}-fuzz`, agencyId: 'agency-fuzz' }));
});

/** Items written, but the audit of population lookups: GET /me/profile records each lookup on purpose (issue 14). */
async function countItems(): Promise<number> {
  const notAudit = { FilterExpression: 'attribute_not_exists(#type) OR #type <> :audit', ExpressionAttributeNames: { '#type': 'type' }, ExpressionAttributeValues: { ':audit': 'POPULATION_LOOKUP' } };
  const counts = await Promise.all([currentNames().tableName, currentNames().outboxTableName].map((TableName) => dynamo().send(new ScanCommand({ TableName, Select: 'COUNT', ...notAudit }))));
  return counts.reduce((sum, page) => sum + (page.Count ?? 0), 0);
}

const vietnamese = fc.constantFrom('Đăng ký khai sinh', 'Nguyễn Thị Ánh', 'Trần Văn Đức', 'ủy ban nhân dân xã');
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  vietnamese,
  vietnamese.map((text) => text.normalize('NFD')),
  fc.constantFrom('\u0000', '\u202e', '../../etc/passwd', '%00', '<script>', "' OR 1=1 --", '${jndi:ldap://x}', 'a'.repeat(5000)),
);
const deep = fc.integer({ min: 50, max: 2000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));
const hostileJson = fc.oneof(
  fc.anything().map((value) => JSON.stringify(value) ?? 'null'),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  deep,
  fc.constantFrom('{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', '{"a":', 'null', '[]', '"string"', '1e999', '{"applicant":{"fullName":1}}'),
  hostileString.map((text) => JSON.stringify({ procedureCode: text, unitId: text, answers: { name: text }, applicant: { fullName: text, nationalId: text } })),
);
const hostileHeaders = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''),
    'idempotency-key': fc.oneof(
      fc.constant(''),
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /^[\x21-\x7e]+$/.test(s)),
      fc.constant('k'.repeat(300)),
    ),
  },
  { requiredKeys: [] },
);

function fill(path: string, values: string[]): string {
  let i = 0;
  return path.replace(/\{\w+\+?\}/g, () => encodeURIComponent(values[i++ % values.length] ?? 'x') || 'x');
}

function tokenFor(route: Route): string | undefined {
  const access = route.contract.access;
  return Array.isArray(access) ? tokens.get(access[0] as Role) : undefined;
}

describe('hostile input on every route', () => {
  let cases = 0;
  afterAll(() => console.log(`hostile input: ${cases} requests over ${routes.length} routes, 0 server errors, 0 items written`));

  it.each(routes.map((route) => [routeKey(route), route] as const))('%s answers 4xx, never 5xx, and writes nothing', async (_key, route) => {
    const before = await countItems();
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileString, { minLength: 1, maxLength: 3 }),
        fc.dictionary(fc.string({ maxLength: 10 }), hostileString, { maxKeys: 4 }),
        hostileJson,
        hostileHeaders,
        async (pathValues, query, body, headers) => {
          cases += 1;
          const search = new URLSearchParams(query).toString();
          const res = await gateway.request(route.method, fill(route.path, pathValues) + (search ? `?${search}` : ''), {
            token: tokenFor(route),
            headers: Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== '')),
            ...(route.method === 'GET' ? {} : { body }),
          });
          const text = await res.text();
          if (res.status >= 500) throw new Error(`${res.status} ${text.slice(0, 300)}`);
          // 401, 413 and a route's own throttle (429) are the gateway's, with its fixed JSON body; 404 may be too.
          const gateways = res.status === 404 || res.status === 401 || res.status === 413 || (res.status === 429 && text === '{"message":"Too Many Requests"}');
          if (res.status >= 400 && !gateways) {
            // Pages answer their refusals as pages (but those with a JSON form); files (CSV, NDJSON) and JSON routes as problem+json.
            expect(res.headers.get('content-type')).toMatch(refusesAsPage(route.contract) ? /^text\/html/ : /^application\/problem\+json$/);
          }
        },
      ),
      { numRuns: RUNS_PER_ROUTE },
    );
    await events.settle();
    expect(await countItems()).toBe(before);
  });
});

describe('roles on every protected route', () => {
  const protectedRoutes = routes.filter((route) => Array.isArray(route.contract.access));

  it.each(protectedRoutes.map((route) => [routeKey(route), route] as const))('%s: 401 without a token, 403 for a role it does not name', async (_key, route) => {
    const path = fill(route.path, ['no-such-id']);
    expect((await gateway.request(route.method, path)).status).toBe(401);
    const access = route.contract.access as readonly Role[];
    for (const role of (['citizen', 'officer', 'admin'] as const).filter((r) => !access.includes(r))) {
      const res = await gateway.request(route.method, path, { token: tokens.get(role), ...(route.method === 'GET' ? {} : { json: {} }) });
      expect([role, res.status]).toEqual([role, 403]);
    }
  });
});
