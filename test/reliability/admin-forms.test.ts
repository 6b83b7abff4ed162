import type { Procedure } from '../../shared/domain/procedure';
import { FORM_CHECK_BUDGET_MS } from '../../shared/domain/form-schema';
import { putProcedure } from '../../shared/store/catalogue';
import { birthRegistration, citizenClient, goodAnswers, readyDraft, seedCatalogue } from '../dossiers/support';
import { useLocalWorld } from '../support/local';
import { figures } from './support';

/**
 * Issue 12.5: an application form is admin input, and admin input cannot take the service down.
 * The worst forms we could build are refused when saved, with the path of what is wrong; a form that
 * reached the store before these checks (written here straight to the store) is validated in
 * isolation and within a time budget, so a submit answers a 4xx in bounded time, never a 5xx.
 */
const { gateway } = useLocalWorld({ seed: seedCatalogue });
let admin: string;
let citizen: ReturnType<typeof citizenClient>;
beforeAll(async () => {
  admin = await gateway.token('admin');
  citizen = citizenClient(gateway, await gateway.token('citizen', { sub: 'citizen-forms' }));
});

const { code, forms: _forms, ...definition } = birthRegistration as Procedure;
const withField = (field: Record<string, unknown>) => ({ type: 'object', properties: { child: { type: 'object', properties: { fullName: field } } } });

/** Patterns whose backtracking grows exponentially (or that no linear engine runs). */
const EVIL_PATTERNS = [
  '^(a+)+$',
  '^(a*)*$',
  '(a|a)*$',
  '^(a|aa)+$',
  '^(\\w+\\s?)*$',
  '^([a-zA-Z0-9]+\\.?)+@',
  '(.*a){20}',
  '^(\\d+)*$',
  '(a{1,30})+$',
  '(?:a+)+b',
  '((ab)*)*c',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '(x+x+)+y',
  '^(\\p{L}+\\s?)+$',
  '(a\\1)',
  '(?<n>a)\\k<n>',
  '(?=a+)a',
  '(?<!a+)b',
  'a'.repeat(600),
];

function refDoubling(levels: number) {
  const $defs: Record<string, unknown> = { [`d${levels}`]: { type: 'string' } };
  for (let i = 0; i < levels; i++) $defs[`d${i}`] = { allOf: [{ $ref: `#/$defs/d${i + 1}` }, { $ref: `#/$defs/d${i + 1}` }] };
  return { type: 'object', $defs, properties: { a: { $ref: '#/$defs/d0' } } };
}
function deepForm(levels: number) {
  let node: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) node = { type: 'object', properties: { a: node } };
  return node;
}

/** [what, form, path the refusal names] */
const UNSAFE_FORMS: [string, Record<string, unknown>, string][] = [
  ...EVIL_PATTERNS.map((pattern): [string, Record<string, unknown>, string] => [
    `pattern ${pattern.slice(0, 30)}`,
    withField({ type: 'string', pattern }),
    'body.applicationForm.properties.child.properties.fullName.pattern',
  ]),
  ['patternProperties with a nested repetition', { type: 'object', patternProperties: { '^(a+)+$': { type: 'string' } } }, 'body.applicationForm.patternProperties'],
  ['propertyNames with a nested repetition', { type: 'object', propertyNames: { pattern: '^(a|a)+$' } }, 'body.applicationForm.propertyNames.pattern'],
  ['$id (one registry for every form, before)', { $id: 'https://example.invalid/form', type: 'object' }, 'body.applicationForm.$id'],
  ['$id deeper down', withField({ $id: 'urn:x', type: 'string' }), 'body.applicationForm.properties.child.properties.fullName.$id'],
  ['$anchor', withField({ $anchor: 'x', type: 'string' }), 'body.applicationForm.properties.child.properties.fullName.$anchor'],
  ['$dynamicRef', withField({ $dynamicRef: '#x' }), 'body.applicationForm.properties.child.properties.fullName.$dynamicRef'],
  ['a remote $ref', withField({ $ref: 'https://example.invalid/schema.json' }), 'body.applicationForm.properties.child.properties.fullName.$ref'],
  ['a $ref to nowhere', withField({ $ref: '#/$defs/missing' }), 'body.applicationForm.properties.child.properties.fullName.$ref'],
  ['a $ref cycle', { type: 'object', $defs: { n: { type: 'object', properties: { next: { $ref: '#/$defs/n' } } } }, properties: { a: { $ref: '#/$defs/n' } } }, 'body.applicationForm.$defs.n.properties.next.$ref'],
  ['a $ref chain that doubles 40 times (2^40 subschemas)', refDoubling(40), 'body.applicationForm'],
  ['a form nested 2,000 levels deep', deepForm(2_000), 'body.applicationForm'],
  ['an unknown format (silently ignored, before)', withField({ type: 'string', format: 'vn-phone' }), 'body.applicationForm.properties.child.properties.fullName.format'],
  ['the regex format (compiles answers as regular expressions)', withField({ type: 'string', format: 'regex' }), 'body.applicationForm.properties.child.properties.fullName.format'],
  ['a misspelt keyword', withField({ type: 'string', minLenght: 3 }), 'body.applicationForm.properties.child.properties.fullName.minLenght'],
  ['a number DynamoDB cannot store', withField({ type: 'number', maximum: 1e300 }), 'body.applicationForm.properties.child.properties.fullName.maximum'],
  ['an enum of 5,000 values', withField({ enum: Array.from({ length: 5_000 }, (_, i) => `v${i}`) }), 'body.applicationForm.properties.child.properties.fullName.enum'],
  ['an empty property name', { type: 'object', properties: { '': { type: 'string' } } }, 'body.applicationForm.properties.'],
];

describe('PUT /admin/procedures/{code} with the worst forms we could build', () => {
  it('refuses each one with the path of what is wrong, quickly, and the procedure keeps its form', async () => {
    const before = await (await gateway.request('GET', `/procedures/${code}`)).json();
    let slowest = 0;
    const accepted: string[] = [];
    for (const [what, applicationForm, path] of UNSAFE_FORMS) {
      const started = performance.now();
      const res = await gateway.request('PUT', `/admin/procedures/${code}`, { token: admin, json: { ...definition, applicationForm } });
      slowest = Math.max(slowest, performance.now() - started);
      const body = await res.json();
      if (res.status !== 400 || !body.errors?.some((error: { path: string }) => error.path.startsWith(path))) accepted.push(`${what}: ${res.status} ${JSON.stringify(body.errors?.slice(0, 2))}`);
    }
    const after = await (await gateway.request('GET', `/procedures/${code}`)).json();
    figures('admin forms', { 'unsafe forms tried': UNSAFE_FORMS.length, 'patterns among them': EVIL_PATTERNS.length, accepted: accepted.length, 'slowest refusal ms': Math.round(slowest) });
    expect(accepted).toEqual([]);
    expect(after.applicationForm).toEqual(before.applicationForm);
    expect(slowest).toBeLessThan(2_000);
  });

  it('still saves forms that use patterns, formats, $defs and local $refs safely', async () => {
    const applicationForm = {
      type: 'object',
      required: ['child'],
      $defs: { name: { type: 'string', minLength: 1, pattern: '^[\\p{L} ]+$' } },
      properties: {
        child: {
          type: 'object',
          required: ['fullName', 'birthDate'],
          properties: { fullName: { $ref: '#/$defs/name' }, birthDate: { type: 'string', format: 'date' }, nationalId: { type: 'string', pattern: '^\\d{12}$' } },
        },
        phone: { type: 'string', pattern: '^(\\+84|0)\\d{9,10}$' },
        copies: { type: 'integer', minimum: 1, maximum: 10 },
        lot: { type: 'string', pattern: '^(\\d{3}-)+\\d{2}$', 'x-widget': 'text' },
      },
    };
    const res = await gateway.request('PUT', `/admin/procedures/${code}`, { token: admin, json: { ...definition, applicationForm } });
    expect(res.status).toBe(200);
    const id = await readyDraft(citizen, { answers: { ...goodAnswers, phone: '0912345678', lot: '123-456-78' } });
    expect((await citizen.submit(id)).status).toBe(200);
  });
});

describe('forms that reached the store before these checks', () => {
  const stored = (suffix: string, applicationForm: Record<string, unknown>) => putProcedure({ ...(birthRegistration as Procedure), code: `T.${suffix}`, applicationForm });

  it('validates two forms with the same $id and $defs names each against itself, and both can be edited', async () => {
    const $id = 'https://example.invalid/to-khai';
    await stored('ID1', { $id, type: 'object', required: ['child'], $defs: { c: { type: 'object', required: ['fullName'] } }, properties: { child: { $ref: '#/$defs/c' } } });
    await stored('ID2', { $id, type: 'object', required: ['child'], $defs: { c: { type: 'object', required: ['nickname'] } }, properties: { child: { $ref: '#/$defs/c' } } });
    const results: number[] = [];
    for (const [suffix, answers, expected] of [
      ['ID1', goodAnswers, 200],
      ['ID2', goodAnswers, 422],
      ['ID1', goodAnswers, 200],
      ['ID2', { child: { nickname: 'Bé' } }, 200],
    ] as const) {
      const id = await readyDraft(citizen, { procedureCode: `T.${suffix}`, answers });
      const res = await citizen.submit(id);
      results.push(res.status);
      expect([suffix, res.status]).toEqual([suffix, expected]);
    }
    for (const suffix of ['ID1', 'ID2']) {
      const edited = await gateway.request('PUT', `/admin/procedures/T.${suffix}`, { token: admin, json: { ...definition, applicationForm: birthRegistration.applicationForm } });
      expect(edited.status).toBe(200);
    }
    figures('forms in isolation', { 'forms sharing one $id': 2, submits: results.length, 'server errors': results.filter((s) => s >= 500).length });
  });

  it('answers a submit against a catastrophic pattern with a 4xx within the time budget', async () => {
    const patterns = ['^(a+)+$', '^(a|aa)+$', '^(\\w+\\s?)*$', '^\\d*\\d*\\d*\\d*\\d*\\d*$'];
    const timings: number[] = [];
    const statuses: number[] = [];
    for (const [i, pattern] of patterns.entries()) {
      await stored(`REDOS${i}`, withField({ type: 'string', pattern }));
      for (const length of [27, 40]) {
        const fullName = /\\d/.test(pattern) ? `${'1'.repeat(length * 40)}x` : `${'a'.repeat(length)}!`;
        const id = await readyDraft(citizen, { procedureCode: `T.REDOS${i}`, answers: { child: { fullName } } });
        const started = performance.now();
        const res = await citizen.submit(id);
        timings.push(performance.now() - started);
        statuses.push(res.status);
        const body = await res.json();
        expect([pattern, length, res.status, body.code]).toEqual([pattern, length, 422, 'FORM_INVALID']);
        expect(body.errors.map((e: { code: string }) => e.code)).toEqual(expect.arrayContaining([expect.stringMatching(/^FORM_(TOO_COSTLY|PATTERN)$/)]));
      }
    }
    const slowest = Math.max(...timings);
    figures('pattern budget', {
      'stored catastrophic patterns': patterns.length,
      submits: statuses.length,
      'server errors': statuses.filter((s) => s >= 500).length,
      'budget ms': FORM_CHECK_BUDGET_MS,
      'slowest submit ms': Math.round(slowest),
    });
    // The budget plus a submit's own work, on a loaded 2-core machine.
    expect(slowest).toBeLessThan(FORM_CHECK_BUDGET_MS + 1_500);
  });
});
