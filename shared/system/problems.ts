import { NotFoundError } from '../domain/errors';
import type { Language } from '../http/language';
import { problemTitle, problemType } from '../http/problem';
import { PROBLEM_GUIDE, REMEDIES, statusesOf } from '../http/problem-guide';
import { PROBLEM_DETAILS_VI } from '../http/problem-messages';
import type { HttpResult } from '../http/response';
import { PROBLEM_OPERATIONS } from './problem-operations';

/**
 * The pages that problem `type`s name (GET /problems/{code}, GET /problems): what a code means,
 * its status, what to do and which operations answer it, from the declarations of the codes
 * (problem-messages.ts, problem-guide.ts) and of the contracts (their x-error-codes, precomputed
 * in problem-operations.ts). HTML for people, the same as JSON to `Accept: application/json`.
 */
export const PROBLEMS_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface ProblemDescription {
  code: string;
  type: string;
  statuses: number[];
  title: string;
  detail: string;
  remedy: string;
  retryAsIs: boolean;
  operations: { operationId: string; method: string; path: string }[];
}

/** Every code a page explains: those with a Vietnamese detail (every code a route declares has one). */
export const PROBLEM_CODES: readonly string[] = Object.keys(PROBLEM_DETAILS_VI)
  .filter((code) => PROBLEM_GUIDE[code])
  .sort();

/** A code from its `type`'s last segment (`not-found`; `NOT_FOUND` too). */
export function problemCodeOf(segment: string): string | undefined {
  const code = segment.toUpperCase().replace(/-/g, '_');
  return PROBLEM_CODES.includes(code) ? code : undefined;
}

export function describeProblem(code: string, language: Language): ProblemDescription {
  const guide = PROBLEM_GUIDE[code]!;
  const statuses = [...statusesOf(guide)];
  const remedy = REMEDIES[guide.remedy];
  return {
    code,
    type: problemType(code),
    statuses,
    title: problemTitle(statuses[0]!, language),
    detail: language === 'en' ? guide.en : PROBLEM_DETAILS_VI[code]!,
    remedy: remedy[language],
    retryAsIs: remedy.retryAsIs,
    operations: PROBLEM_OPERATIONS.filter((operation) => operation.codes.includes(code)).map(({ operationId, method, path }) => ({ operationId, method, path })),
  };
}

/** JSON where Accept prefers application/json to text/html; a page otherwise. */
export function wantsJson(accept: string | undefined): boolean {
  const quality = (type: string) => {
    for (const part of (accept ?? '').toLowerCase().split(',')) {
      const [media, ...params] = part.split(';').map((piece) => piece.trim());
      if (media !== type) continue;
      const q = params.find((param) => param.startsWith('q='));
      const value = q ? Number(q.slice(2)) : 1;
      return Number.isFinite(value) ? value : 0;
    }
    return 0;
  };
  const json = quality('application/json');
  return json > 0 && json > quality('text/html');
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** Escaped text, its `code spans` as <code>. */
const prose = (text: string) => escape(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const WORDS = {
  vi: {
    page: (code: string) => `Mã lỗi ${code} — API motcua`,
    list: 'Các mã lỗi của API motcua',
    code: 'Mã lỗi',
    status: 'Trạng thái HTTP',
    meaning: 'Ý nghĩa',
    other: 'Tiếng Anh (English)',
    todo: 'Nên làm gì',
    retry: (yes: boolean) => (yes ? 'Gửi lại y nguyên yêu cầu có thể thành công.' : 'Gửi lại y nguyên yêu cầu sẽ không thành công.'),
    operations: 'Các thao tác có thể trả mã này',
    none: 'Chưa thao tác nào khai báo mã này.',
    all: 'Mọi mã lỗi',
    docs: 'Tài liệu API',
    intro: 'Mỗi câu trả lời lỗi (application/problem+json) có `code` ổn định và `type` là đường dẫn đến trang giải thích mã đó.',
  },
  en: {
    page: (code: string) => `Problem ${code} — motcua API`,
    list: "The motcua API's problem codes",
    code: 'Code',
    status: 'HTTP status',
    meaning: 'What it means',
    other: 'In Vietnamese (Tiếng Việt)',
    todo: 'What to do',
    retry: (yes: boolean) => (yes ? 'Sending the same request again may succeed.' : 'Sending the same request again will not succeed.'),
    operations: 'Operations that can answer it',
    none: 'No operation declares it.',
    all: 'All problem codes',
    docs: 'API reference',
    intro: 'Every error answer (application/problem+json) has a stable `code` and a `type`: the path of the page that explains that code.',
  },
} as const;

function html(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2em}td,th{text-align:left;vertical-align:top;padding:.2rem .5rem}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

const nav = (words: (typeof WORDS)[Language]) => `<p><a href="/problems">${escape(words.all)}</a> · <a href="/docs">${escape(words.docs)}</a></p>`;

export function problemPage(code: string, language: Language): string {
  const words = WORDS[language];
  const described = describeProblem(code, language);
  const other = language === 'en' ? PROBLEM_DETAILS_VI[code]! : PROBLEM_GUIDE[code]!.en;
  const otherLanguage = language === 'en' ? 'vi' : 'en';
  const operations = described.operations.length
    ? `<ul>\n${described.operations.map((operation) => `<li><code>${escape(`${operation.method} ${operation.path}`)}</code> (${escape(operation.operationId)})</li>`).join('\n')}\n</ul>`
    : `<p>${escape(words.none)}</p>`;
  return html(
    language,
    words.page(code),
    `<h1>${escape(code)}</h1>
<p>${escape(words.code)}: <code>${escape(code)}</code> · type: <code>${escape(described.type)}</code> · ${escape(words.status)}: ${described.statuses.map((status) => `${status} ${escape(problemTitle(status, language))}`).join(', ')}</p>
<h2>${escape(words.meaning)}</h2>
<p>${prose(described.detail)}</p>
<p>${escape(words.other)}: <span lang="${otherLanguage}">${prose(other)}</span></p>
<h2>${escape(words.todo)}</h2>
<p>${prose(described.remedy)}</p>
<p>${escape(words.retry(described.retryAsIs))}</p>
<h2>${escape(words.operations)}</h2>
${operations}
${nav(words)}`,
  );
}

export function problemsPage(language: Language): string {
  const words = WORDS[language];
  const rows = PROBLEM_CODES.map((code) => describeProblem(code, language)).map(
    (described) => `<tr><td><a href="${escape(described.type)}"><code>${escape(described.code)}</code></a></td><td>${described.statuses.join(', ')}</td><td>${prose(described.detail)}</td></tr>`,
  );
  return html(
    language,
    words.list,
    `<h1>${escape(words.list)}</h1>
<p>${prose(words.intro)}</p>
<table>
<thead><tr><th>${escape(words.code)}</th><th>${escape(words.status)}</th><th>${escape(words.meaning)}</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
${nav(words)}`,
  );
}

/** The answer of a problems route: the page, or its JSON to a caller that asks for it. */
export function problemsAnswer(language: Language, accept: string | undefined, json: () => unknown, page: () => string): HttpResult {
  const headers = { 'content-language': language, vary: 'accept, accept-language', 'cache-control': 'public, max-age=300' };
  if (wantsJson(accept)) return { status: 200, headers, body: json() };
  return {
    status: 200,
    headers: { ...headers, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': PROBLEMS_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' },
    body: page(),
  };
}

/** GET /problems/{code}'s use case. */
export function answerProblem(segment: string, language: Language, accept: string | undefined): HttpResult {
  const code = problemCodeOf(segment);
  if (!code) throw new NotFoundError('No such problem code.');
  return problemsAnswer(
    language,
    accept,
    () => describeProblem(code, language),
    () => problemPage(code, language),
  );
}

/** GET /problems's use case. */
export function answerProblems(language: Language, accept: string | undefined): HttpResult {
  return problemsAnswer(
    language,
    accept,
    () => ({
      problems: PROBLEM_CODES.map((code) => {
        const { type, statuses, title, detail } = describeProblem(code, language);
        return { code, type, statuses, title, detail };
      }),
    }),
    () => problemsPage(language),
  );
}
