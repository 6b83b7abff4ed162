import * as z from 'zod';
import { defineContract } from '../../shared/http/contract';
import { httpHandler } from '../../shared/http/handler';
import { logSink } from '../../shared/logger';
import { created, ok } from '../../shared/http/response';
import type { Route } from '../../infra/routes';
import { useLocalWorld } from '../support/local';

// A route table of test routes over the real HTTP stack and the real local gateway.
const Applicant = z.object({ fullName: z.string().min(1), nationalId: z.string().regex(/^\d{12}$/), age: z.number().int().min(0) });
const echo = defineContract({ operationId: 'echo', summary: 'echo', tag: 'test', access: ['citizen'], body: z.object({ applicant: Applicant }), query: z.object({ limit: z.coerce.number().int().max(50).optional() }) });
const crash = defineContract({ operationId: 'crash', summary: 'crash', tag: 'test', access: 'public' });
const adminOnly = defineContract({ operationId: 'adminOnly', summary: 'admin', tag: 'test', access: ['admin'] });
let executions = 0;
const create = defineContract({ operationId: 'create', summary: 'create', tag: 'test', access: ['citizen'], idempotent: true, body: z.object({ n: z.number() }) });

const handlers: Record<string, unknown> = {
  echo: httpHandler(echo, async ({ body, query, caller }) => ok({ body, query, sub: caller.sub })),
  crash: httpHandler(crash, async () => {
    throw new Error('secret internals: table motcua-main at 10.0.0.1');
  }),
  adminOnly: httpHandler(adminOnly, async () => ok({ fine: true })),
  create: httpHandler(create, async ({ body }) => {
    executions += 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return created({ n: body.n, execution: executions });
  }),
};
const testRoutes: Route[] = [
  { method: 'POST', path: '/echo', handler: 'echo', contract: echo, uses: {} },
  { method: 'GET', path: '/crash', handler: 'crash', contract: crash, uses: {} },
  { method: 'GET', path: '/admin-only', handler: 'adminOnly', contract: adminOnly, uses: {} },
  { method: 'POST', path: '/things', handler: 'create', contract: create, uses: {} },
];

const { gateway } = useLocalWorld({ gateway: { routes: testRoutes, loadHandler: async (route) => handlers[route.handler] as never } });
let citizen: string;
beforeAll(async () => {
  citizen = await gateway.token('citizen', { sub: 'citizen-a' });
});

const valid = { applicant: { fullName: 'Nguyễn Văn A', nationalId: '001099012345', age: 30 } };

describe('the HTTP stack', () => {
  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await gateway.request('POST', '/echo', { token: citizen, body: '{"applicant": ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({ type: '/problems/malformed-json', title: 'Yêu cầu không hợp lệ', status: 400, code: 'MALFORMED_JSON' });
  });

  it('lists every invalid field with its path', async () => {
    const res = await gateway.request('POST', '/echo?limit=500', { token: citizen, json: { applicant: { fullName: '', nationalId: '12', age: -1 } } });
    expect(res.status).toBe(400);
    const problem = await res.json();
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((e: { path: string }) => e.path).sort()).toEqual(['body.applicant.age', 'body.applicant.fullName', 'body.applicant.nationalId', 'query.limit']);
  });

  it('refuses __proto__ keys', async () => {
    const res = await gateway.request('POST', '/echo', {
      token: citizen,
      body: '{"applicant":{"fullName":"x","nationalId":"001099012345","age":1},"__proto__":{"admin":true}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('MALFORMED_JSON');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await gateway.request('POST', '/echo', { token: citizen, body: 'a=b', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect((await res.json()).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('passes validated input and the caller to the use case, and echoes the correlation id', async () => {
    const res = await gateway.request('POST', '/echo?limit=5', { token: citizen, json: valid, headers: { 'x-correlation-id': 'trace-123' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-correlation-id')).toBe('trace-123');
    expect(await res.json()).toEqual({ body: valid, query: { limit: 5 }, sub: 'citizen-a' });
  });

  it('answers a handler that throws with 500 problem+json that shows no internals', async () => {
    const res = await gateway.request('GET', '/crash');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' });
    expect(text).not.toMatch(/secret|internals|10\.0\.0\.1|motcua-main|stack/i);
  });

  it("gives 403 to a valid token without the route's role", async () => {
    const res = await gateway.request('GET', '/admin-only', { token: citizen });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('FORBIDDEN');
  });
});

describe("the gateway's JWT authorizer", () => {
  it('rejects a missing token with 401', async () => {
    expect((await gateway.request('POST', '/echo', { json: valid })).status).toBe(401);
  });

  it('rejects an expired token with 401', async () => {
    const expired = await gateway.issuer.sign({ sub: 'c', role: 'citizen' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    expect((await gateway.request('POST', '/echo', { token: expired, json: valid })).status).toBe(401);
  });

  it('rejects a token signed by another key with 401', async () => {
    const { createLocalIssuer } = await import('../../infra/local/issuer');
    const forger = await createLocalIssuer();
    const forged = await forger.sign({ sub: 'c', role: 'admin' });
    expect((await gateway.request('GET', '/admin-only', { token: forged })).status).toBe(401);
  });

  it('rejects a token for another audience or issuer with 401', async () => {
    const otherAudience = await gateway.issuer.sign({ sub: 'c', role: 'admin' }, { audience: 'someone-else' });
    const otherIssuer = await gateway.issuer.sign({ sub: 'c', role: 'admin' }, { issuer: 'https://evil.example' });
    expect((await gateway.request('GET', '/admin-only', { token: otherAudience })).status).toBe(401);
    expect((await gateway.request('GET', '/admin-only', { token: otherIssuer })).status).toBe(401);
  });

  it('rejects a tampered token with 401', async () => {
    const token = await gateway.token('citizen');
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'x', role: 'admin', iss: 'motcua-local', aud: 'motcua-api', exp: 9999999999 })).toString('base64url');
    expect((await gateway.request('GET', '/admin-only', { token: `${header}.${payload}.${signature}` })).status).toBe(401);
  });

  it('answers 404 for a route that is not declared', async () => {
    expect((await gateway.request('GET', '/nowhere')).status).toBe(404);
  });
});

describe('Idempotency-Key', () => {
  it('is required on idempotent routes', async () => {
    const res = await gateway.request('POST', '/things', { token: citizen, json: { n: 1 } });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe('IDEMPOTENCY_KEY_REQUIRED');
  });

  it('runs 20 concurrent identical requests once and gives all of them the first answer', async () => {
    const before = executions;
    const answers = await Promise.all(Array.from({ length: 20 }, () => gateway.request('POST', '/things', { token: citizen, json: { n: 7 }, headers: { 'idempotency-key': 'key-concurrent' } })));
    const bodies = await Promise.all(answers.map((res) => res.text()));
    expect(executions - before).toBe(1);
    expect(answers.map((res) => res.status)).toEqual(Array(20).fill(201));
    expect(new Set(bodies).size).toBe(1);
    expect(answers.filter((res) => res.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
  });

  it('answers 422 when the same key comes with another body', async () => {
    await gateway.request('POST', '/things', { token: citizen, json: { n: 1 }, headers: { 'idempotency-key': 'key-reused' } });
    const res = await gateway.request('POST', '/things', { token: citizen, json: { n: 2 }, headers: { 'idempotency-key': 'key-reused' } });
    expect(res.status).toBe(422);
    expect((await res.json()).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps keys apart per caller', async () => {
    const other = await gateway.token('citizen', { sub: 'citizen-b' });
    const mine = await (await gateway.request('POST', '/things', { token: citizen, json: { n: 3 }, headers: { 'idempotency-key': 'shared-key' } })).json();
    const theirs = await (await gateway.request('POST', '/things', { token: other, json: { n: 3 }, headers: { 'idempotency-key': 'shared-key' } })).json();
    expect(theirs.execution).not.toBe(mine.execution);
  });
});

describe('logs', () => {
  it('never contain the bearer token or a national ID number', async () => {
    const lines: string[] = [];
    const write = logSink.write;
    const level = process.env.LOG_LEVEL;
    logSink.write = (line) => {
      lines.push(line);
      return true;
    };
    process.env.LOG_LEVEL = 'info';
    try {
      await gateway.request('POST', '/echo', { token: citizen, json: { applicant: { ...valid.applicant, age: 'x' } } });
      await gateway.request('GET', '/crash', { token: citizen });
    } finally {
      logSink.write = write;
      process.env.LOG_LEVEL = level;
    }
    expect(lines.length).toBeGreaterThan(0);
    const all = lines.join('\n');
    expect(all).not.toContain(citizen);
    expect(all).not.toContain('001099012345');
  });
});
