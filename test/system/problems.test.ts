import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PROBLEM_INDEX_FILE, problemIndexSource } from '../../infra/local/problem-index';
import { projectRoot } from '../../infra/local/paths';
import { problemTitle } from '../../shared/http/problem';
import { PROBLEM_GUIDE, REMEDIES, statusesOf } from '../../shared/http/problem-guide';
import { PROBLEM_DETAILS_VI } from '../../shared/http/problem-messages';
import { useLocalWorld } from '../support/local';

/**
 * GET /problems/{code}: every problem's `type` is a page that says what the code means (Vietnamese
 * first, English on request), its status, what to do and which operations answer it.
 */
const { gateway } = useLocalWorld();
let document: any;
beforeAll(async () => {
  document = await (await gateway.request('GET', '/openapi.json')).json();
});

/** A page's text as a reader sees it: tags dropped, entities decoded. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&');
const plain = (detail: string) => detail.replace(/`/g, '');

/** Each code the document declares (x-error-codes), with the operations that declare it. */
function declared(): Map<string, string[]> {
  const codes = new Map<string, string[]>();
  for (const [path, methods] of Object.entries<any>(document.paths)) {
    for (const [method, operation] of Object.entries<any>(methods)) {
      for (const code of operation['x-error-codes']) codes.set(code, [...(codes.get(code) ?? []), `${method.toUpperCase()} ${path}`]);
    }
  }
  return codes;
}

describe('the problem catalogue', () => {
  it('tells, for every code with a Vietnamese detail and none other, its status, its English detail and what to do', () => {
    expect(Object.keys(PROBLEM_GUIDE).sort()).toEqual(Object.keys(PROBLEM_DETAILS_VI).sort());
    for (const [code, guide] of Object.entries(PROBLEM_GUIDE)) {
      expect({ code, en: guide.en.length > 0, remedy: REMEDIES[guide.remedy] !== undefined }).toEqual({ code, en: true, remedy: true });
      for (const status of statusesOf(guide)) expect([code, problemTitle(status, 'vi'), problemTitle(status, 'en')]).not.toContain('Error');
    }
  });

  it('lists the operations of the current route table (npm run problems:index rewrites the list)', () => {
    expect(readFileSync(join(projectRoot, PROBLEM_INDEX_FILE), 'utf8')).toBe(problemIndexSource());
  });
});

describe('GET /problems/{code}', () => {
  it('answers, for every code any operation declares, a Vietnamese page that names the code, explains it and lists the operations', async () => {
    const codes = declared();
    expect(codes.size).toBeGreaterThan(90);
    for (const [code, operations] of codes) {
      const type = `/problems/${code.toLowerCase().replace(/_/g, '-')}`;
      const res = await gateway.request('GET', type);
      const html = await res.text();
      expect([code, res.status, res.headers.get('content-type'), res.headers.get('content-language')]).toEqual([code, 200, 'text/html; charset=utf-8', 'vi']);
      expect(html).toContain('<html lang="vi">');
      const page = text(html);
      expect(page).toContain(code);
      expect(page).toContain(plain(PROBLEM_DETAILS_VI[code]!));
      expect(page).toContain(plain(PROBLEM_GUIDE[code]!.en));
      expect(page).toContain(plain(REMEDIES[PROBLEM_GUIDE[code]!.remedy].vi));
      for (const status of statusesOf(PROBLEM_GUIDE[code]!)) expect(page).toContain(`${status} ${problemTitle(status, 'vi')}`);
      for (const operation of operations) expect({ code, listed: page.includes(operation) }).toEqual({ code, listed: true });
    }
  });

  it('resolves the `type` of a real problem answer', async () => {
    const citizen = await gateway.token('citizen', { sub: 'citizen-problems' });
    const missing = await gateway.request('GET', `/dossiers/${randomUUID()}`, { token: citizen });
    expect(missing.status).toBe(404);
    const problem = await missing.json();
    expect(problem.type).toBe('/problems/not-found');
    const page = await gateway.request('GET', problem.type);
    expect(page.status).toBe(200);
    const body = text(await page.text());
    expect(body).toContain('NOT_FOUND');
    expect(body).toContain('GET /dossiers/{id}');
    expect(body).toContain('Kiểm tra lại đường dẫn');
  });

  it('answers in English on Accept-Language: en, the Vietnamese detail beside', async () => {
    const res = await gateway.request('GET', '/problems/idempotency-in-progress', { headers: { 'accept-language': 'en-GB,en;q=0.9,vi;q=0.5' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-language')).toBe('en');
    const html = await res.text();
    expect(html).toContain('<html lang="en">');
    const page = text(html);
    expect(page).toContain('What to do');
    expect(page).toContain(PROBLEM_GUIDE.IDEMPOTENCY_IN_PROGRESS!.en);
    expect(page).toContain(REMEDIES.wait.en);
    expect(page).toContain('409 Conflict');
    expect(page).toContain(PROBLEM_DETAILS_VI.IDEMPOTENCY_IN_PROGRESS);
  });

  it('answers the same as JSON to Accept: application/json', async () => {
    const res = await gateway.request('GET', '/problems/fee-due', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      code: 'FEE_DUE',
      type: '/problems/fee-due',
      statuses: [409],
      title: 'Xung đột',
      detail: PROBLEM_DETAILS_VI.FEE_DUE,
      remedy: REMEDIES['other-step'].vi,
      retryAsIs: false,
      operations: expect.arrayContaining([expect.objectContaining({ method: 'GET', path: '/dossiers/{id}/result' })]),
    });
    const english = await (await gateway.request('GET', '/problems/FEE_DUE', { headers: { accept: 'text/html;q=0.5, application/json', 'accept-language': 'en' } })).json();
    expect(english).toMatchObject({ code: 'FEE_DUE', title: 'Conflict', detail: PROBLEM_GUIDE.FEE_DUE!.en, remedy: REMEDIES['other-step'].en });
  });

  it('answers 404 problem+json for a code it does not know, without echoing it', async () => {
    for (const segment of ['no-such-code', '<script>alert(1)</script>', 'constructor', '__proto__']) {
      const res = await gateway.request('GET', `/problems/${encodeURIComponent(segment)}`);
      expect([segment, res.status, res.headers.get('content-type')]).toEqual([segment, 404, 'application/problem+json']);
      const body = await res.text();
      expect(JSON.parse(body)).toMatchObject({ code: 'NOT_FOUND', type: '/problems/not-found' });
      expect(body).not.toContain('script');
    }
  });
});

describe('GET /problems', () => {
  it('lists every code, each linked to its page, in Vietnamese by default and in English on request', async () => {
    const res = await gateway.request('GET', '/problems');
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const code of Object.keys(PROBLEM_DETAILS_VI)) expect(html).toContain(`<a href="/problems/${code.toLowerCase().replace(/_/g, '-')}"><code>${code}</code></a>`);
    expect(text(html)).toContain(PROBLEM_DETAILS_VI.CONFLICT);
    const english = await gateway.request('GET', '/problems', { headers: { 'accept-language': 'en' } });
    expect(text(await english.text())).toContain(PROBLEM_GUIDE.CONFLICT!.en);
    const json = await (await gateway.request('GET', '/problems', { headers: { accept: 'application/json' } })).json();
    expect(json.problems.map((problem: { code: string }) => problem.code).sort()).toEqual(Object.keys(PROBLEM_DETAILS_VI).sort());
  });
});
