import { randomUUID } from 'node:crypto';
import { routes } from '../../infra/routes';
import { buildOpenApi } from '../../shared/http/openapi';
import { PROBLEM_DETAILS_VI } from '../../shared/http/problem-messages';
import { useLocalWorld } from '../support/local';

/**
 * Problems in the caller's language: Vietnamese by default, English on `Accept-Language: en`,
 * through the real routes and gateway; the code, status, type and field paths never change.
 */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

const { gateway } = useLocalWorld();
let citizen: string;
let officer: string;
beforeAll(async () => {
  citizen = await gateway.token('citizen', { sub: 'citizen-language' });
  officer = await gateway.token('officer', { sub: 'officer-language', agencyId: 'ubnd-xa-an-binh' });
});

type Problem = { type: string; title: string; status: number; code: string; detail: string; errors?: { path: string; message: string; code?: string }[] };

async function problem(path: string, init: RequestInit & { token: string; language?: string }): Promise<{ status: number; language: string | null; body: Problem }> {
  const res = await fetch(gateway.url + path, {
    ...init,
    headers: { authorization: `Bearer ${init.token}`, 'content-type': 'application/json', 'idempotency-key': randomUUID(), ...(init.language ? { 'accept-language': init.language } : {}), ...init.headers },
  });
  return { status: res.status, language: res.headers.get('content-language'), body: (await res.json()) as Problem };
}

describe('problem details in Vietnamese first, English on request', () => {
  const badDraft = { method: 'POST', body: JSON.stringify({ procedureCode: 42, applicant: { fullName: '' } }) };

  it("answers a citizen's invalid body in Vietnamese, field messages included", async () => {
    const vi = await problem('/dossiers', { ...badDraft, token: citizen });
    expect(vi.status).toBe(400);
    expect(vi.language).toBe('vi');
    expect(vi.body).toMatchObject({ code: 'VALIDATION_FAILED', type: '/problems/validation-failed', title: 'Yêu cầu không hợp lệ', detail: PROBLEM_DETAILS_VI.VALIDATION_FAILED });
    expect(vi.body.errors!.length).toBeGreaterThan(0);
    for (const error of vi.body.errors!) expect(error.message).toMatch(VIETNAMESE);
  });

  it('answers the same in English with the same code, type and field paths when English comes first', async () => {
    const vi = await problem('/dossiers', { ...badDraft, token: citizen });
    const en = await problem('/dossiers', { ...badDraft, token: citizen, language: 'en-GB,en;q=0.9,vi;q=0.5' });
    expect(en.language).toBe('en');
    expect(en.body).toMatchObject({ code: 'VALIDATION_FAILED', type: vi.body.type, status: 400, title: 'Bad Request', detail: 'The request is invalid; see errors for each field.' });
    expect(en.body.errors!.map((e) => [e.path, e.code])).toEqual(vi.body.errors!.map((e) => [e.path, e.code]));
    for (const error of en.body.errors!) expect(error.message).not.toMatch(VIETNAMESE);
    // Vietnamese first, or a language we do not speak: Vietnamese.
    expect((await problem('/dossiers', { ...badDraft, token: citizen, language: 'vi-VN,en;q=0.8' })).body.title).toBe('Yêu cầu không hợp lệ');
    expect((await problem('/dossiers', { ...badDraft, token: citizen, language: 'fr' })).language).toBe('vi');
  });

  it('speaks Vietnamese to officers too: a dossier that is not theirs', async () => {
    const id = randomUUID();
    const vi = await problem(`/agency/dossiers/${id}/receive`, { method: 'POST', body: JSON.stringify({}), token: officer });
    expect(vi).toMatchObject({ status: 404, body: { code: 'NOT_FOUND', detail: PROBLEM_DETAILS_VI.NOT_FOUND, title: 'Không tìm thấy' } });
    const en = await problem(`/agency/dossiers/${id}/receive`, { method: 'POST', body: JSON.stringify({}), token: officer, language: 'en' });
    expect(en.body.code).toBe('NOT_FOUND');
    expect(en.body.detail).not.toMatch(VIETNAMESE);
  });

  it('has a Vietnamese text, with its diacritics, for every code any route declares', () => {
    const document = buildOpenApi(routes) as { paths: Record<string, Record<string, { 'x-error-codes'?: string[] }>> };
    const declared = new Set(Object.values(document.paths).flatMap((path) => Object.values(path).flatMap((operation) => operation['x-error-codes'] ?? [])));
    expect(declared.size).toBeGreaterThan(50);
    expect([...declared].filter((code) => !PROBLEM_DETAILS_VI[code])).toEqual([]);
    for (const [code, text] of Object.entries(PROBLEM_DETAILS_VI)) expect([code, VIETNAMESE.test(text)]).toEqual([code, true]);
  });
});
