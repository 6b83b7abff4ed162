import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import * as fc from 'fast-check';
import { ANSWER_BOUNDS } from '../../shared/domain/json-bounds';
import { logSink } from '../../shared/logger';
import { dynamo } from '../../shared/store/clients';
import { agencyA, seedCatalogue as seedAgencyCatalogue, seedInInbox } from '../agency/support';
import { citizenClient, goodAnswers, idempotencyKey, outboxCount, readyDraft, seedCatalogue } from '../dossiers/support';
import { useLocalWorld } from '../support/local';
import { figures } from './support';

/**
 * Issue 12.6: nothing a client sends is a 5xx. Each class that answered 500 before (answers DynamoDB
 * cannot store, cursors that keep their partition but change the key's shape, an empty appointment
 * range, a malformed %-escape) is now a 400 with the path of the field, and writes nothing; fast-check
 * then throws arbitrary answers and cursors at the same routes. And a 5xx that does happen (a fault
 * injected into an idempotent route) logs its cause, not only its status.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25) * 2;

const { gateway } = useLocalWorld({ seed: [seedCatalogue, seedAgencyCatalogue] });
let citizen: ReturnType<typeof citizenClient>;
let officer: string;
let admin: string;
let citizenToken: string;
beforeAll(async () => {
  citizenToken = await gateway.token('citizen', { sub: 'citizen-input' });
  citizen = citizenClient(gateway, citizenToken);
  officer = await gateway.token('officer', { sub: 'officer-input', agencyId: agencyA.id });
  admin = await gateway.token('admin', { sub: 'admin-input' });
});

const nested = (levels: number): unknown => (levels === 0 ? 'x' : { a: nested(levels - 1) });
/** JSON with sorted keys (DynamoDB keeps no key order; JSON has no -0). */
const canonical = (value: unknown): string => JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v));
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** [what, answers, path of the error (under body.answers)] */
const HOSTILE_ANSWERS: [string, Record<string, unknown>, string][] = [
  ['1e200', { copies: 1e200 }, 'body.answers.copies'],
  ['-1e200', { child: { weight: -1e200 } }, 'body.answers.child.weight'],
  ['1e-200', { copies: 1e-200 }, 'body.answers.copies'],
  ['2^64', { copies: 2 ** 64 }, 'body.answers.copies'],
  ['-(2^63)', { copies: -(2 ** 63) }, 'body.answers.copies'],
  ['2^53', { copies: 2 ** 53 }, 'body.answers.copies'],
  ['1e200 in a list', { list: [1, 2, 1e200] }, 'body.answers.list.2'],
  ['nesting 33 levels', { deep: nested(33) }, 'body.answers.deep'],
  ['nesting 100 levels', { deep: nested(100) }, 'body.answers.deep'],
  [`nesting ${ANSWER_BOUNDS.maxDepth + 1} levels`, { deep: nested(ANSWER_BOUNDS.maxDepth) }, 'body.answers.deep'],
  ['a "" key', { '': 'x' }, 'body.answers'],
  ['a "" key deeper down', { child: { '': 'x' } }, 'body.answers.child.'],
  ['a key of 101 characters', { ['k'.repeat(101)]: 1 }, 'body.answers'],
  ['a string of 4,001 characters', { note: 'a'.repeat(4_001) }, 'body.answers.note'],
  ['2,001 values', { list: Array.from({ length: 2_001 }, (_, i) => i) }, 'body.answers'],
];

describe('answers DynamoDB cannot store are 400 with their path, and nothing is written', () => {
  it('refuses each hostile answer set on create, edit and supplement', async () => {
    const draft = (await (await citizen.createDraft()).json()) as { id: string; version: number };
    const through: string[] = [];
    let tried = 0;
    for (const [what, answers, path] of HOSTILE_ANSWERS) {
      const outbox = await outboxCount();
      for (const [verb, res] of [
        ['create', await citizen.createDraft({ answers })],
        ['edit', await citizen.patch(draft.id, { version: draft.version, answers })],
        ['supplement', await citizen.supplement(draft.id, { answers })],
      ] as const) {
        tried++;
        const body = await res.json();
        if (res.status !== 400 || !body.errors?.some((error: { path: string }) => error.path.startsWith(path))) through.push(`${what} (${verb}): ${res.status} ${JSON.stringify(body.errors?.slice(0, 2))}`);
      }
      expect([what, await outboxCount()]).toEqual([what, outbox]);
    }
    // The draft the edits aimed at is unchanged.
    expect(await (await citizen.get(draft.id)).json()).toMatchObject({ version: draft.version, answers: goodAnswers });
    figures('hostile answers', { cases: tried, 'got through': through.length });
    expect(through).toEqual([]);
  });

  it('stores, reads back and submits answers right at the bounds', async () => {
    const answers = { ...goodAnswers, deep: nested(ANSWER_BOUNDS.maxDepth - 1), big: Number.MAX_SAFE_INTEGER, small: 1e-130, note: 'ă'.repeat(ANSWER_BOUNDS.maxStringLength), ['k'.repeat(100)]: true };
    const id = await readyDraft(citizen, { answers });
    expect((await (await citizen.get(id)).json()).answers).toEqual(answers);
    expect((await citizen.submit(id)).status).toBe(200);
  });

  it('never answers a 5xx to arbitrary answers (fast-check), and what it accepts reads back unchanged', async () => {
    let accepted = 0;
    let refused = 0;
    const failures: unknown[] = [];
    const numbers = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e200, -1e200, 1e-200, 2 ** 64, 2 ** 53, 1e-130, 9.9e125, -0));
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', maxDepth: 40 },
        numbers,
        fc.string({ maxLength: 20 }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.oneof(fc.string({ maxLength: 3 }), fc.constant('')), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 5 }), value, { maxKeys: 4 }), async (answers) => {
        const res = await citizen.createDraft({ answers });
        if (res.status === 201) {
          accepted++;
          const stored = (await res.json()).answers;
          if (canonical(stored) !== canonical(answers)) failures.push({ answers, stored });
        } else if (res.status === 400) refused++;
        else failures.push({ answers, status: res.status });
      }),
      { numRuns: RUNS, seed: Number(process.env.RELIABILITY_SEED ?? 12) },
    );
    figures('fuzzed answers', { cases: accepted + refused + failures.length, accepted, 'refused 400': refused, 'got through (5xx or changed)': failures.length });
    expect(failures.slice(0, 3)).toEqual([]);
  });
});

describe('cursors', () => {
  const inbox = (query: string, token = officer) => gateway.request('GET', `/agency/dossiers?${query}`, { token });

  it('pages through an inbox with the cursors it issues', async () => {
    const base = Date.now() + 5 * 24 * 3600_000;
    const seeded = await Promise.all([0, 1, 2].map((i) => seedInInbox(agencyA.id, { appointmentAt: new Date(base + i * 60_000).toISOString() })));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await inbox(`limit=1&appointmentFrom=${encodeURIComponent(new Date(base).toISOString())}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      const page = await res.json();
      seen.push(...page.items.map((item: { id: string }) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(seeded.map((s) => s.dossier.id));
  });

  it('refuses a cursor that keeps its partition but changes the key, and fuzzed ones, with 400 INVALID_CURSOR', async () => {
    const { dossier } = await seedInInbox(agencyA.id);
    const partition = `AGENCY#${agencyA.id}#SUBMITTED`;
    const sortKey = `${dossier.appointmentAt}#${dossier.id}`;
    const forged = [
      { gsi2pk: partition, gsi2sk: sortKey, pk: 7, sk: 'DOSSIER' },
      { gsi2pk: partition, gsi2sk: sortKey },
      { gsi2pk: partition, gsi2sk: sortKey, pk: `DOSSIER#${dossier.id}`, sk: 'DOSSIER', extra: 'x' },
      { gsi2pk: partition, gsi2sk: { S: sortKey }, pk: `DOSSIER#${dossier.id}`, sk: 'DOSSIER' },
      { gsi2pk: partition, gsi2sk: 'zzzz', pk: 'x', sk: 'y' },
      [partition, sortKey, 'extra'],
      [partition, 42],
      [partition, { S: sortKey }],
      [partition, '9999#not-a-uuid'],
      [partition, `0000-01-01T00:00:00.000Z#${dossier.id}`], // before the range asked for
      [partition, sortKey.replace('#', '##')],
      [`AGENCY#${agencyA.id}#RECEIVED`, sortKey], // another list's
      [sortKey],
    ];
    const from = encodeURIComponent(new Date(Date.now() - 3600_000).toISOString());
    const statuses: number[] = [];
    const through: unknown[] = [];
    for (const value of forged) {
      const res = await inbox(`appointmentFrom=${from}&cursor=${cursorOf(value)}`);
      statuses.push(res.status);
      if (res.status !== 400 || (await res.json()).code !== 'INVALID_CURSOR') through.push({ value, status: res.status });
    }
    const lists = [
      (c: string) => inbox(`cursor=${c}`),
      (c: string) => gateway.request('GET', `/admin/dossiers/unroutable?cursor=${c}`, { token: admin }),
      (c: string) => gateway.request('GET', `/dossiers?cursor=${c}`, { token: citizenToken }),
    ];
    let fuzzed = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map(cursorOf),
          fc.string({ maxLength: 60 }).map(encodeURIComponent),
          fc.tuple(fc.constantFrom(partition, 'AGENCY#UNROUTED#SUBMITTED'), fc.oneof(fc.constant(sortKey), fc.string({ maxLength: 50 }))).map(cursorOf),
        ),
        fc.constantFrom(0, 1, 2),
        async (cursor, list) => {
          fuzzed++;
          const res = await lists[list]!(cursor);
          if (res.status >= 500 || (res.status !== 200 && res.status !== 400)) through.push({ cursor, list, status: res.status });
        },
      ),
      { numRuns: RUNS, seed: Number(process.env.RELIABILITY_SEED ?? 12) },
    );
    figures('cursors', { 'forged keys': forged.length, fuzzed, 'got through': through.length });
    expect(through).toEqual([]);
  });

  it('answers 400 with the field when appointmentFrom is later than appointmentTo, and an empty page for an empty overdue range', async () => {
    const res = await inbox('appointmentFrom=2026-12-31T00:00:00Z&appointmentTo=2026-01-01T00:00:00Z');
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([expect.objectContaining({ path: 'query.appointmentFrom' })]);
    const overdue = await inbox('overdue=true&appointmentFrom=2999-01-01T00:00:00Z');
    expect(overdue.status).toBe(200);
    expect((await overdue.json()).items).toEqual([]);
  });
});

describe('paths the local gateway cannot decode', () => {
  it('answers 400 to a malformed %-escape, on every kind of route', async () => {
    const paths = ['/dossiers/%E0%A4%A', '/procedures/%zz', '/tracking/%', '/agency/dossiers/%C0%AF/receive', '/procedures/1.001193/forms/%E0'];
    const statuses = await Promise.all(paths.map(async (path) => (await gateway.request(path.endsWith('receive') ? 'POST' : 'GET', path, { token: citizenToken })).status));
    figures('malformed paths', { cases: paths.length, 'got through': statuses.filter((s) => s !== 400).length });
    expect(statuses).toEqual(paths.map(() => 400));
  });
});

describe('a 5xx logs its cause', () => {
  it('on an idempotent route, where only the status was logged before', async () => {
    const id = await readyDraft(citizen);
    const lines: string[] = [];
    const write = logSink.write;
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = 'info';
    logSink.write = (line) => {
      lines.push(line);
      return true;
    };
    const mock = mockClient(dynamo());
    mock.send.callThrough();
    mock.on(TransactWriteCommand).rejects(Object.assign(new TypeError('injected: the transaction could not be built'), { name: 'TypeError' }));
    let status: number;
    try {
      status = (await citizen.submit(id, idempotencyKey())).status;
    } finally {
      mock.restore();
      logSink.write = write;
      process.env.LOG_LEVEL = level;
    }
    expect(status).toBe(500);
    const failed = lines.map((line) => JSON.parse(line)).filter((entry) => entry.action === 'request.failed');
    expect(failed).toEqual([expect.objectContaining({ level: 'error', status: 500, error: { name: 'TypeError', message: 'injected: the transaction could not be built' } })]);
  });
});
