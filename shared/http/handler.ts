import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createHash, randomUUID } from 'node:crypto';
import type * as z from 'zod';
import { ForbiddenError, UnauthenticatedError, ValidationError } from '../domain/errors';
import { KeyHeldElsewhere, once } from '../store/idempotency';
import type { TransactItem } from '../store/transaction';
import { callerFromClaims, type Caller } from './caller';
import type { BodyOf, Contract, ParamsOf, QueryOf } from './contract';
import { parseJsonBody } from './json-body';
import { checkConfigAtInit } from '../config';
import { activeProfile } from '../identity/profiles';
import { createLogger, type Logger } from '../logger';
import { requestLanguage, type Language } from './language';
import { toProblem } from './problem';
import { fieldMessages } from './validation';
import type { HttpResult } from './response';
import { fieldErrors } from './validation';
import { say } from '../domain/field-messages';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResponse = APIGatewayProxyStructuredResultV2;

/** What a use case receives: validated input, the caller and a logger bound to the request. */
export interface HttpRequest<C extends Contract> {
  body: BodyOf<C>;
  query: QueryOf<C>;
  params: ParamsOf<C>;
  /** Present on every route whose access is a list of roles. */
  caller: C['access'] extends readonly unknown[] ? Caller : Caller | undefined;
  headers: Record<string, string | undefined>;
  rawBody: string;
  event: HttpEvent;
  log: Logger;
  correlationId: string;
  /** What the caller reads: Vietnamese unless Accept-Language asks for English first. */
  language: Language;
  /**
   * On idempotent routes: `claimed` settles once this request holds its Idempotency-Key (await it
   * before the first write when the handler overlaps the claim), and `record(result)` is the write
   * that stores `result` as the key's answer, to commit in the use case's own transaction.
   */
  idempotency?: { claimed: Promise<void>; record(result: HttpResult): TransactItem };
}

const CORRELATION_HEADER = 'x-correlation-id';
const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * The one HTTP stack: correlation id and logs → errors as problem+json → caller and role check →
 * JSON body → zod validation of path, query and body → idempotency → the use case.
 */
/**
 * `authenticate`: for callers that sign their requests (national systems), checked on the raw
 * request before anything is parsed, so a forged call is 401 whatever its body, never a 400 that
 * tells a stranger which fields we expect.
 */
export interface HandlerOptions {
  authenticate?: (request: { headers: Record<string, string | undefined>; rawBody: string }) => Promise<void>;
  /**
   * The use case starts beside the claim of its Idempotency-Key, so that its reads overlap it; it
   * must await `request.idempotency.claimed` before anything it writes.
   */
  overlapClaim?: boolean;
}

export function httpHandler<const C extends Contract>(contract: C, useCase: (request: HttpRequest<C>) => Promise<HttpResult>, options: HandlerOptions = {}) {
  // At init: the settings and the identity profile's claim names, so that a bad deploy fails here.
  checkConfigAtInit();
  activeProfile();
  const handler = middy<HttpEvent, HttpResponse, Error, Context>().handler(async (event) => {
    const request = await prepare(contract, event, options);
    if (!contract.idempotent) return serialise(await useCase(request), request.correlationId);
    const key = request.headers[IDEMPOTENCY_HEADER];
    if (!key || key.length > 128) {
      throw new ValidationError('Idempotency-Key header is required (at most 128 characters).', [{ path: 'headers.idempotency-key', message: say('required') }], 'IDEMPOTENCY_KEY_REQUIRED');
    }
    const scope = `${request.caller?.sub ?? 'anonymous'}#${event.routeKey}`;
    const hash = createHash('sha256').update(event.rawPath).update('\n').update(request.rawBody).digest('base64url');
    // Stored serialised, so that a replay is byte for byte the first answer.
    const result = await once(
      scope,
      key,
      hash,
      async (run) => {
        try {
          return serialiseBody(await useCase({ ...request, idempotency: { claimed: run.claimed, record: (answer) => run.record(serialiseBody(answer)) } }));
        } catch (error) {
          // Another request holds the key: once() answers with its answer; this run is void.
          if (error instanceof KeyHeldElsewhere) throw error;
          const problem = toProblem(error, request.correlationId, request.language);
          // The stored answer keeps only the problem; the cause is logged here, where it is known.
          if (problem.status >= 500) request.log.error('request.failed', { status: problem.status, error });
          return serialiseBody(problem); // concurrent duplicates get the same refusal
        }
      },
      { early: options.overlapClaim ?? false },
    );
    return serialise({ ...result, headers: { ...result.headers, ...(result.replayed ? { 'idempotent-replayed': 'true' } : {}) } }, request.correlationId);
  });
  handler.use({
    onError: async (request) => {
      const correlationId = correlationIdOf(request.event);
      const problem = toProblem(request.error, correlationId, requestLanguage(request.event?.headers?.['accept-language']));
      const log = createLogger({ correlationId, route: request.event?.routeKey });
      if (problem.status >= 500) log.error('request.failed', { status: problem.status, error: request.error });
      else log.info('request.rejected', { status: problem.status, code: problem.body.code });
      request.response = serialise(problem, correlationId);
    },
  });
  return Object.assign(handler, { contract });
}

function correlationIdOf(event: HttpEvent | undefined): string {
  const given = event?.headers?.[CORRELATION_HEADER];
  if (given && /^[\w-]{1,64}$/.test(given)) return given;
  return event?.requestContext?.requestId ?? randomUUID();
}

async function prepare<C extends Contract>(contract: C, event: HttpEvent, options: HandlerOptions): Promise<HttpRequest<C>> {
  const correlationId = correlationIdOf(event);
  const log = createLogger({ correlationId, route: event.routeKey });
  const caller = callerFromClaims(event.requestContext?.authorizer?.jwt?.claims);
  if (Array.isArray(contract.access)) {
    if (!caller) throw new UnauthenticatedError('A valid bearer token is required.');
    if (!contract.access.some((role) => caller.roles.includes(role))) throw new ForbiddenError('Your role may not do this.');
  }
  const headers = event.headers ?? {};
  const rawBody = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (options.authenticate) await options.authenticate({ headers, rawBody });
  const language = requestLanguage(headers['accept-language']);
  const input = {
    params: validate(contract.params, event.pathParameters ?? {}, 'params', language),
    query: validate(contract.query, event.queryStringParameters ?? {}, 'query', language),
    body: contract.body ? validate(contract.body, parseJsonBody(rawBody, headers['content-type']), 'body', language) : undefined,
  };
  const errors = [input.params, input.query, input.body].flatMap((part) => (part && 'errors' in part ? part.errors : []));
  if (errors.length) throw new ValidationError('The request is invalid; see errors for each field.', errors);
  return {
    params: unwrap(input.params),
    query: unwrap(input.query),
    body: unwrap(input.body),
    caller,
    headers,
    rawBody,
    event,
    log,
    correlationId,
    language,
  } as HttpRequest<C>;
}

type Validated = { value: unknown } | { errors: ReturnType<typeof fieldErrors> };

function validate(schema: z.ZodType | undefined, value: unknown, where: string, language: Language): Validated {
  if (!schema) return { value: undefined };
  // zod's own messages in the caller's language; a schema's own message (say('nationalId')) wins over them, resolved in fieldErrors.
  const parsed = schema.safeParse(value, { error: fieldMessages(language) });
  return parsed.success ? { value: parsed.data } : { errors: fieldErrors(parsed.error, where, language) };
}

const unwrap = (part: Validated | undefined) => (part && 'value' in part ? part.value : undefined);

/** JSON bodies become strings with their content type; string bodies keep the type they were given. */
function serialiseBody(result: HttpResult): HttpResult {
  if (result.body === undefined || (typeof result.body === 'string' && result.headers?.['content-type'])) return result;
  return { ...result, headers: { 'content-type': 'application/json', ...result.headers }, body: JSON.stringify(result.body) };
}

function serialise(result: HttpResult, correlationId: string): HttpResponse {
  const { status, headers, body } = serialiseBody(result);
  return { statusCode: status, headers: { [CORRELATION_HEADER]: correlationId, ...headers }, ...(body === undefined ? {} : { body: body as string }) };
}
