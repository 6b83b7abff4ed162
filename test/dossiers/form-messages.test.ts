import { resolveFieldMessage, say, type FieldMessageKey } from '../../shared/domain/field-messages';
import type { Procedure } from '../../shared/domain/procedure';
import { putProcedure } from '../../shared/store/catalogue';
import { useLocalWorld } from '../support/local';
import { birthRegistration, citizenClient, idempotencyKey, pdf, seedCatalogue } from './support';

/**
 * A procedure's form refuses answers in the citizen's words: each rule the JSON Schema validator
 * states in English is said again from the table (shared/domain/field-messages.ts), Vietnamese by
 * default and English on request, with the bound the form sets, at the path of the answer.
 */
const RICH_FORM = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 3 },
    nickname: { type: 'string', minLength: 3, maxLength: 5 },
    age: { type: 'integer', minimum: 18, maximum: 60 },
    children: { type: 'integer', maximum: 20 },
    income: { type: 'number', exclusiveMinimum: 0 },
    share: { type: 'number', exclusiveMaximum: 100 },
    copies: { type: 'integer', multipleOf: 5 },
    kind: { enum: ['a', 'b'] },
    consent: { const: 'yes' },
    day: { type: 'string', format: 'date' },
    code: { type: 'string', pattern: '^[A-Z]+$' },
    tags: { type: 'array', minItems: 2, uniqueItems: true },
    phones: { type: 'array', maxItems: 1 },
    married: { type: 'boolean' },
    spouse: { type: 'string' },
    spouseId: { type: 'string' },
  },
  dependentRequired: { spouse: ['spouseId'] },
};

const BAD_ANSWERS = {
  nickname: 'abcdefg',
  age: 10,
  children: 21,
  income: 0,
  share: 100,
  copies: 7,
  kind: 'c',
  consent: 'no',
  day: '2026-13-45',
  code: 'abc',
  tags: ['x', 'x'],
  phones: ['1', '2'],
  married: 'có',
  spouse: 'Trần Văn B',
  extra: 1,
};

/** Each answer's path, and what the table says there. */
const EXPECTED: Array<[string, FieldMessageKey, Record<string, string | number>?]> = [
  ['answers.name', 'required'],
  ['answers.nickname', 'stringTooLong', { n: 5 }],
  ['answers.age', 'atLeast', { n: 18 }],
  ['answers.children', 'atMost', { n: 20 }],
  ['answers.income', 'greaterThan', { n: 0 }],
  ['answers.share', 'lessThan', { n: 100 }],
  ['answers.copies', 'multipleOf', { n: 5 }],
  ['answers.kind', 'oneOfValues', { values: '["a","b"]' }],
  ['answers.consent', 'mustBe', { value: '"yes"' }],
  ['answers.day', 'notFormat', { format: 'date' }],
  ['answers.code', 'notPattern'],
  ['answers.tags', 'duplicateItems'],
  ['answers.phones', 'atMostItems', { n: 1 }],
  ['answers.married', 'mustBeBoolean'],
  ['answers.spouseId', 'requiredWith', { field: 'spouse' }],
  ['answers.extra', 'notAllowedHere'],
];

const richProcedure = { ...birthRegistration, code: 'T.000009', name: 'Thủ tục có biểu mẫu nhiều quy tắc (thử)', applicationForm: RICH_FORM } as Procedure;
const { gateway } = useLocalWorld({ seed: [seedCatalogue, () => putProcedure(richProcedure)] });
let citizen: ReturnType<typeof citizenClient>;
let token: string;

beforeAll(async () => {
  token = await gateway.token('citizen', { sub: 'citizen-form-messages' });
  citizen = citizenClient(gateway, token);
});

it("says each rule of a procedure's form in Vietnamese, and in English on request, at the answer's path, refusing the submit", async () => {
  const created = await citizen.createDraft({ procedureCode: 'T.000009', answers: BAD_ANSWERS });
  expect(created.status).toBe(201);
  const { id } = await created.json();
  await citizen.attach(id, 'giay-chung-sinh', pdf());

  for (const language of ['vi', 'en'] as const) {
    const res = await gateway.request('POST', `/dossiers/${id}/submit`, { token, headers: { 'idempotency-key': idempotencyKey(), ...(language === 'en' ? { 'accept-language': 'en' } : {}) } });
    expect(res.status).toBe(422);
    const problem = await res.json();
    const errors = new Map<string, string>(problem.errors.filter((error: { path: string }) => error.path.startsWith('answers.')).map((error: { path: string; message: string }) => [error.path, error.message]));
    expect(Object.fromEntries(errors)).toEqual(Object.fromEntries(EXPECTED.map(([path, key, values]) => [path, resolveFieldMessage(say(key, values), language)])));
  }
  expect((await (await citizen.get(id)).json()).status).toBe('DRAFT');
});
