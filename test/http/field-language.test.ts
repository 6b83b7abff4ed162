import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { FIELD_MESSAGES, resolveFieldMessage, say, type FieldMessageKey } from '../../shared/domain/field-messages';
import { useLocalWorld } from '../support/local';

/**
 * Field messages in the caller's language: the messages our schemas write by hand (say(key),
 * shared/domain/field-messages.ts) as well as zod's own, Vietnamese by default and English on
 * `Accept-Language: en`, with the same path and code in both.
 */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

const { gateway } = useLocalWorld();
const tokens: Record<'citizen' | 'officer' | 'admin', string> = {} as never;
beforeAll(async () => {
  tokens.citizen = await gateway.token('citizen', { sub: 'citizen-fields' });
  tokens.officer = await gateway.token('officer', { sub: 'officer-fields', agencyId: 'ubnd-xa-an-binh' });
  tokens.admin = await gateway.token('admin', { sub: 'admin-fields' });
});

type FieldError = { path: string; message: string; code?: string };

/** The field errors of one request, in each language. */
async function errorsOf(method: string, path: string, options: { token?: keyof typeof tokens; json?: unknown }) {
  const send = async (language?: string) => {
    const res = await gateway.request(method, path, {
      ...(options.token ? { token: tokens[options.token] } : {}),
      ...(options.json === undefined ? {} : { json: options.json }),
      headers: { 'idempotency-key': randomUUID(), ...(language ? { 'accept-language': language } : {}) },
    });
    expect([path, res.status]).toEqual([path, 400]);
    const body = await res.json();
    return { language: res.headers.get('content-language'), errors: body.errors as FieldError[] };
  };
  const vi = await send();
  const en = await send('en');
  expect([vi.language, en.language]).toEqual(['vi', 'en']);
  expect(en.errors.map((error) => [error.path, error.code])).toEqual(vi.errors.map((error) => [error.path, error.code]));
  return { vi: vi.errors, en: en.errors };
}

const at = (errors: FieldError[], path: string) => errors.find((error) => error.path === path);
const text = (key: FieldMessageKey, language: 'vi' | 'en', values?: Record<string, number>) => resolveFieldMessage(say(key, values), language);

describe('hand-written field messages, Vietnamese first', () => {
  it('says a regex rule in Vietnamese, and in English on request (identity number, phone)', async () => {
    const { vi, en } = await errorsOf('POST', '/dossiers', {
      token: 'citizen',
      json: { procedureCode: '1.001193', unitId: 'xa-an-binh', applicant: { fullName: 'Trần Thị Mai', nationalId: '12345', phone: 'không có' } },
    });
    expect(at(vi, 'body.applicant.nationalId')).toEqual({ path: 'body.applicant.nationalId', message: FIELD_MESSAGES.nationalId.vi, code: 'invalid_format' });
    expect(at(en, 'body.applicant.nationalId')).toEqual({ path: 'body.applicant.nationalId', message: FIELD_MESSAGES.nationalId.en, code: 'invalid_format' });
    expect(at(vi, 'body.applicant.phone')?.message).toBe(FIELD_MESSAGES.phone.vi);
    expect(at(en, 'body.applicant.phone')?.message).toBe(FIELD_MESSAGES.phone.en);
  });

  it('says a refinement in Vietnamese, and in English on request (a postal delivery without an address)', async () => {
    const { vi, en } = await errorsOf('POST', '/dossiers', { token: 'citizen', json: { procedureCode: '1.001193', unitId: 'xa-an-binh', delivery: { method: 'post' } } });
    expect(at(vi, 'body.delivery.address')).toEqual({ path: 'body.delivery.address', message: FIELD_MESSAGES.postalAddress.vi, code: 'custom' });
    expect(at(en, 'body.delivery.address')?.message).toBe(FIELD_MESSAGES.postalAddress.en);
  });

  it('says a bound with its value in both languages (a string answer too long), the code unchanged', async () => {
    const { vi, en } = await errorsOf('POST', '/dossiers', { token: 'citizen', json: { procedureCode: '1.001193', unitId: 'xa-an-binh', answers: { note: 'a'.repeat(4_001) } } });
    expect(at(vi, 'body.answers.note')).toEqual({ path: 'body.answers.note', message: 'tối đa 4000 ký tự', code: 'STRING_TOO_LONG' });
    expect(at(en, 'body.answers.note')).toEqual({ path: 'body.answers.note', message: 'at most 4000 characters', code: 'STRING_TOO_LONG' });
  });

  it("says a query's rules in both languages (a period that runs backwards, or too long)", async () => {
    const backwards = await errorsOf('GET', '/stats/public?from=2027-03-31&to=2027-01-01', {});
    expect(at(backwards.vi, 'query.to')?.message).toBe(FIELD_MESSAGES.periodBackwards.vi);
    expect(at(backwards.en, 'query.to')?.message).toBe(FIELD_MESSAGES.periodBackwards.en);
    const long = await errorsOf('GET', '/stats/public?from=2026-01-01&to=2027-06-30', {});
    expect(at(long.vi, 'query.to')?.message).toBe(text('periodTooLong', 'vi', { n: 366 }));
    expect(at(long.en, 'query.to')?.message).toBe('at most 366 days');
  });

  it("says the catalogue's rules in both languages (a routing rule that names neither a procedure nor a unit)", async () => {
    const { vi, en } = await errorsOf('PUT', `/admin/routing-rules/${encodeURIComponent('*#*')}`, { token: 'admin', json: { agencyId: 'ubnd-xa-an-binh' } });
    expect(at(vi, 'body.procedureCode')?.message).toBe(FIELD_MESSAGES.ruleScope.vi);
    expect(at(en, 'body.procedureCode')?.message).toBe(FIELD_MESSAGES.ruleScope.en);
  });

  it("says a contact code's format in both languages", async () => {
    const { vi, en } = await errorsOf('POST', '/me/contacts/confirm', { token: 'citizen', json: { channel: 'sms', address: '0912345678', code: 'abc' } });
    expect(at(vi, 'body.code')?.message).toBe(FIELD_MESSAGES.confirmationCode.vi);
    expect(at(en, 'body.code')?.message).toBe(FIELD_MESSAGES.confirmationCode.en);
  });

  it("speaks Vietnamese in an officer action's own body too, zod's messages included", async () => {
    const { vi, en } = await errorsOf('POST', `/agency/dossiers/${randomUUID()}/refuse`, { token: 'officer', json: { reason: 42 } });
    expect(vi.length).toBeGreaterThan(0);
    for (const error of vi) expect(error.message).toMatch(VIETNAMESE);
    for (const error of en) expect(error.message).not.toMatch(VIETNAMESE);
  });
});

describe("a use case's refusals, Vietnamese first", () => {
  it('says why a confirmation code is refused in Vietnamese, and in English on request, with the same path and code', async () => {
    const send = (language?: string) =>
      gateway.request('POST', '/me/contacts/confirm', {
        token: tokens.citizen,
        json: { channel: 'email', address: 'mai@example.vn', code: '123456' },
        headers: { 'idempotency-key': randomUUID(), ...(language ? { 'accept-language': language } : {}) },
      });
    const [vi, en] = [await (await send()).json(), await (await send('en')).json()];
    expect(vi).toMatchObject({ status: 422, code: 'CODE_EXPIRED', errors: [{ path: 'body.code', message: FIELD_MESSAGES.codeExpired.vi, code: 'CODE_EXPIRED' }] });
    expect(en).toMatchObject({ status: 422, code: 'CODE_EXPIRED', errors: [{ path: 'body.code', message: FIELD_MESSAGES.codeExpired.en, code: 'CODE_EXPIRED' }] });
    expect(vi.detail).toMatch(VIETNAMESE);
    expect(en.detail).toBe('The code expired or was never sent; ask for a new one.');
  });
});

describe('the field message table', () => {
  it('has a Vietnamese text, with its diacritics, and an English one for every key, with the same values', () => {
    for (const [key, { vi, en }] of Object.entries(FIELD_MESSAGES as Record<string, { vi: string; en: string }>)) {
      expect([key, VIETNAMESE.test(vi), en.length > 0, vi !== en]).toEqual([key, true, true, true]);
      expect([key, vi.match(/\{\w+\}/g)?.sort()]).toEqual([key, en.match(/\{\w+\}/g)?.sort()]);
    }
  });

  it('holds every message a schema writes by hand: none is a bare string', () => {
    // Configuration schemas (read at cold start, for operators) are left out: nobody's request is answered with them.
    const files = execFileSync('git', ['ls-files', 'shared', 'events'], { encoding: 'utf8' })
      .split('\n')
      .filter((file) => file.endsWith('.ts') && !['shared/config.ts', 'shared/integrations/webhook-targets.ts', 'shared/domain/field-messages.ts'].includes(file));
    const bare = [
      /\.regex\((\/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n[])+\/[a-z]*|\w+),\s*['"`]/g, // .regex(/.../, 'text')
      /\.refine\([^\n]*\),\s*['"`][^'"`\n]*['"`]\)/g, // .refine(check, 'text')
      /(?:refine|addIssue)\([^;]*?message:\s*['"`]/gs, // .refine(check, { message: 'text' }), ctx.addIssue({ message: 'text' })
      /\bz\.\w+\(\s*\{\s*(?:error|message):\s*['"`]/g, // z.string({ error: 'text' })
    ];
    const found: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      if (!/from 'zod'/.test(source)) continue;
      for (const pattern of bare) for (const match of source.matchAll(pattern)) found.push(`${file}: ${match[0].slice(0, 120)}`);
    }
    expect(found).toEqual([]);
  });

  it("holds every message a use case writes into a problem's errors: none is a bare string", () => {
    // `{ path: …, message: 'text' }` and a paper's `fail(…, 'text')`: each is a say(key) of the table instead (a problem's detail is not a field message: problem-messages.ts).
    const files = execFileSync('git', ['ls-files', 'shared'], { encoding: 'utf8' })
      .split('\n')
      .filter((file) => file.endsWith('.ts') && file !== 'shared/domain/field-messages.ts');
    const bare = [/\bpath\b[^\n;]*?,\s*message:\s*['"`]/g, /\b(?:fail|refused|failed)\([^\n;]*?['"`][^'"`\n]*[a-z] [a-z][^'"`\n]*['"`]\)/g];
    const found: string[] = [];
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      for (const pattern of bare) for (const match of source.matchAll(pattern)) found.push(`${file}: ${match[0].slice(0, 120)}`);
    }
    expect(found).toEqual([]);
  });
});
