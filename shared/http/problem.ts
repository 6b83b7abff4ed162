import { AppError, ServiceUnavailableError } from '../domain/errors';
import { resolveFieldMessage } from '../domain/field-messages';
import { isTransientDependencyError } from '../store/faults';
import type { Language } from './language';
import { PROBLEM_DETAILS_VI, PROBLEM_TITLES_VI } from './problem-messages';
import type { HttpResult } from './response';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A status's title: RFC 9110's reason phrase, or its Vietnamese (PROBLEM_TITLES_VI). */
export function problemTitle(status: number, language: Language): string {
  return (language === 'vi' ? PROBLEM_TITLES_VI[status] : undefined) ?? TITLES[status] ?? 'Error';
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details. `type` is a relative URI reference per code; `code` is stable. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { path: string; message: string; code?: string }[];
  correlationId?: string;
}

export function problemType(code: string): string {
  return `/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

/**
 * The one mapper from errors to HTTP. A 5xx never shows internals: only its code and correlation id.
 * `detail` and `title` are Vietnamese unless the caller asked for English; `code` is the same in both.
 */
export function toProblem(error: unknown, correlationId?: string, language: Language = 'vi'): HttpResult & { body: Problem } {
  const known = error instanceof AppError ? error : isTransientDependencyError(error) ? new ServiceUnavailableError() : undefined;
  const status = known?.status ?? 500;
  const code = known?.code ?? 'INTERNAL_ERROR';
  const english = known && status < 500 ? known.message : known ? 'A service this request depends on is unavailable; retry later.' : 'An unexpected error occurred. Quote the correlation id if you report it.';
  // A code without a Vietnamese text keeps the thrown one (test/http/problem-language checks every declared code has one).
  const detail = language === 'en' ? english : ((status < 500 ? known?.vi : undefined) ?? PROBLEM_DETAILS_VI[code] ?? english);
  const body: Problem = {
    // Extensions first: they never replace a standard member.
    ...(known && status < 500 ? known.extensions : {}),
    type: problemType(code),
    title: problemTitle(status, language),
    status,
    detail,
    code,
    ...(known?.errors?.length ? { errors: known.errors.map((error) => ({ ...error, message: resolveFieldMessage(error.message, language) })) } : {}),
    ...(correlationId ? { correlationId } : {}),
  };
  return { status, body, headers: { 'content-type': PROBLEM_CONTENT_TYPE, 'content-language': language, ...known?.headers } };
}
