/**
 * The typed error family. Each error has a stable `code` that clients may branch on; one mapper
 * (shared/http/problem.ts) turns it into RFC 9457 problem+json. No AWS here: use cases throw these.
 */
export interface FieldError {
  /** JSON path of the offending field, e.g. `body.applicant.phone` or `query.limit`. */
  path: string;
  message: string;
  code?: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly errors?: FieldError[];
  /** Extra response headers, e.g. Retry-After. */
  readonly headers?: Record<string, string>;
  /** Extension members of the problem (RFC 9457 §3.2), e.g. a national system's own answer fields. */
  readonly extensions?: Record<string, unknown>;
  /** This refusal's own Vietnamese detail, where the code's (shared/http/problem-messages.ts) would say too little. */
  vi?: string;

  constructor(detail: string, options?: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown; extensions?: Record<string, unknown> }) {
    super(detail, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.errors = options?.errors;
    this.headers = options?.headers;
    this.extensions = options?.extensions;
  }
}

/** Gives an error its own Vietnamese detail (the message stays the English one). */
export function inVietnamese<E extends AppError>(error: E, detail: string): E {
  error.vi = detail;
  return error;
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code: string;
  constructor(detail: string, errors: FieldError[] = [], code = 'VALIDATION_FAILED') {
    super(detail, { errors });
    this.code = code;
  }
}

export class MalformedJsonError extends AppError {
  readonly status = 400;
  readonly code = 'MALFORMED_JSON';
}

export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly code = 'UNAUTHENTICATED';
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code: string;
  /** `code` names what is missing, e.g. APPLICANT_NOT_CALLER or ASSURANCE_TOO_LOW; `errors` where in the request. */
  constructor(detail: string, code = 'FORBIDDEN', errors?: FieldError[]) {
    super(detail, { errors });
    this.code = code;
  }
}

/** Also used where a resource exists but the caller may not see it: existence is not leaked. */
export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
}

export class ConflictError extends AppError {
  readonly status = 409;
  readonly code: string;
  constructor(detail: string, code = 'CONFLICT', options?: { headers?: Record<string, string>; cause?: unknown }) {
    super(detail, options);
    this.code = code;
  }
}

export class IllegalTransitionError extends ConflictError {
  constructor(detail: string) {
    super(detail, 'ILLEGAL_TRANSITION');
  }
}

export class PayloadTooLargeError extends AppError {
  readonly status = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
}

export class UnsupportedMediaTypeError extends AppError {
  readonly status = 415;
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}

/** Well-formed but semantically unacceptable, e.g. an Idempotency-Key reused with another body. */
export class UnprocessableError extends AppError {
  readonly status = 422;
  readonly code: string;
  constructor(detail: string, code: string, errors?: FieldError[]) {
    super(detail, { errors });
    this.code = code;
  }
}

/** The caller spent a quota (e.g. confirmation codes per day): retry after `retryAfterSeconds`. */
export class TooManyRequestsError extends AppError {
  readonly status = 429;
  readonly code = 'RATE_LIMITED';
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail, { headers: { 'retry-after': String(retryAfterSeconds) } });
  }
}

/** A dependency is down or throttling: the client may retry after `retryAfterSeconds`. */
export class ServiceUnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(detail = 'A dependency is unavailable; retry later.', retryAfterSeconds = 1, cause?: unknown) {
    super(detail, { headers: { 'retry-after': String(retryAfterSeconds) }, cause });
  }
}

/**
 * One 422 for a list of field errors. The top-level code is their common code (every FORM_* error
 * counts as FORM_INVALID), or `mixed` when they differ.
 */
export function rejection(detail: string, errors: FieldError[], mixed: string): UnprocessableError {
  const codes = new Set(errors.map((error) => (error.code?.startsWith('FORM_') ? 'FORM_INVALID' : (error.code ?? mixed))));
  return new UnprocessableError(detail, codes.size === 1 ? [...codes][0]! : mixed, errors);
}
