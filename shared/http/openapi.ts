import * as z from 'zod';
import type { Route } from '../../infra/routes';
import { FIELD_MESSAGES } from '../domain/field-messages';
import { refusesAsPage, type Contract } from './contract';
import { problemType } from './problem';
import { PROBLEM_DETAILS_VI, PROBLEM_TITLES_VI } from './problem-messages';

type Json = Record<string, unknown>;

const problem = {
  type: 'object',
  description:
    'RFC 9457 problem details. Branch on `code` (stable); `title`, `detail` and field messages are for people: Vietnamese unless `Accept-Language` puts English first, as the `Content-Language` header says. `code`, `type`, `status` and field paths are the same in both.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', description: 'A URI reference per code: /problems/<code in kebab case>.', examples: [problemType('VALIDATION_FAILED')] },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, ILLEGAL_TRANSITION, CONFLICT: each operation lists its own in `x-error-codes`.' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string', examples: ['body.applicant.fullName'] }, message: { type: 'string' }, code: { type: 'string' } } },
    },
    correlationId: { type: 'string' },
  },
  examples: [
    {
      type: problemType('VALIDATION_FAILED'),
      title: PROBLEM_TITLES_VI[400],
      status: 400,
      code: 'VALIDATION_FAILED',
      detail: PROBLEM_DETAILS_VI.VALIDATION_FAILED,
      errors: [{ path: 'body.applicant.nationalId', message: FIELD_MESSAGES.nationalId.vi, code: 'invalid_format' }],
      correlationId: '6f0e4f7a-3c1b-4d2e-9a8b-1c2d3e4f5a6b',
    },
  ],
};

/** What API Gateway itself answers (no token, throttled, too large, a crashed function): not a problem, just a message. */
const gatewayError = {
  type: 'object',
  description: 'API Gateway\'s own answer, before any function runs: `{"message":"Unauthorized"}`, `{"message":"Too Many Requests"}`, `{"message":"Request Entity Too Large"}`, `{"message":"Internal Server Error"}`.',
  required: ['message'],
  properties: { message: { type: 'string' } },
  examples: [{ message: 'Unauthorized' }],
};

const header = (description: string, schema: Json = { type: 'string' }) => ({ description, schema });
const headers = {
  CorrelationId: header("The request's correlation id (yours if you sent a valid one, `^[\\w-]{1,64}$`): quote it when you report a problem.", { type: 'string', maxLength: 64 }),
  IdempotentReplayed: header('`true` when this is the stored first answer to the same Idempotency-Key and body.', { type: 'string', enum: ['true'] }),
  RetryAfter: header('Seconds to wait before retrying.', { type: 'integer', minimum: 0 }),
  Location: header('Where the created resource lives.', { type: 'string', format: 'uri-reference' }),
  WwwAuthenticate: header('`Bearer`: send a valid bearer token.', { type: 'string', enum: ['Bearer'] }),
};
const ref = (kind: 'schemas' | 'headers' | 'responses' | 'parameters', name: string) => ({ $ref: `#/components/${kind}/${name}` });
const problemContent = { 'application/problem+json': { schema: ref('schemas', 'Problem') } };
const gatewayContent = { 'application/json': { schema: ref('schemas', 'GatewayError') } };
const correlated = { 'x-correlation-id': ref('headers', 'CorrelationId') };

const responses = {
  Unauthenticated: {
    description: "Missing, expired or invalid bearer token: answered by the gateway's JWT authorizer, before the function (no `code`, no correlation id).",
    headers: { 'WWW-Authenticate': ref('headers', 'WwwAuthenticate') },
    content: gatewayContent,
  },
  PayloadTooLarge: {
    description: 'The body is larger than the function accepts (problem PAYLOAD_TOO_LARGE, 256 KiB for JSON) or than API Gateway accepts (10 MB, its own message).',
    content: { ...problemContent, ...gatewayContent },
  },
  TooManyRequests: {
    description: "Throttled by API Gateway (the stage's or this route's limit: its own message) or a quota of yours is spent (problem RATE_LIMITED, with Retry-After).",
    headers: { 'Retry-After': ref('headers', 'RetryAfter') },
    content: { ...problemContent, ...gatewayContent },
  },
  ServiceUnavailable: {
    description: 'A dependency is down or throttling (SERVICE_UNAVAILABLE): retry after Retry-After. Nothing was changed.',
    headers: { ...correlated, 'Retry-After': ref('headers', 'RetryAfter') },
    content: problemContent,
  },
  ServerError: {
    description: "Server error (INTERNAL_ERROR, no internals shown; quote the correlation id), or API Gateway's own message when a function crashed or timed out.",
    headers: correlated,
    content: { ...problemContent, ...gatewayContent },
  },
};

const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: true,
  description:
    'Your key for this change (e.g. a UUID), 1-128 characters. Same key and body → the first answer again (`idempotent-replayed: true`); same key, other body → 422 IDEMPOTENCY_KEY_REUSED; still running → 409 IDEMPOTENCY_IN_PROGRESS with Retry-After. Missing or longer → 400 IDEMPOTENCY_KEY_REQUIRED.',
  schema: { type: 'string', minLength: 1, maxLength: 128 },
  example: '2f1d7c9e-5b3a-4e8f-a1c2-9d0e8f7a6b5c',
};

/** One line per tag (each contract's `tag`): the document's sections, in this order. */
export const TAGS: Record<string, string> = {
  system: 'Health, this document and its reference page.',
  catalogue: 'Procedures (thủ tục hành chính), their forms, administrative units and agencies: levels 1 and 2.',
  dossiers: "A citizen's dossiers (hồ sơ): draft, papers, submit, supplement, withdraw, result; tracking by code.",
  agency: 'Officers of the one-stop desk (bộ phận một cửa): inbox, actions, desk intake, audit of reads, trusted CAs.',
  routing: 'Which agency is competent for a dossier: rules and the unroutable list.',
  notifications: 'Messages sent about a dossier and the contacts they go to.',
  payments: "Fees (lệ phí) online through VNPay or PayGov, receipts, refunds; the gateways' callbacks.",
  stats: 'The service index (Bộ chỉ số, QĐ 766): figures, the tracking book, ratings and feedback (phản ánh, kiến nghị).',
  dvcqg: 'The national public-service portal (Cổng DVCQG): dossiers forwarded to us and status sent back.',
  identity: "The caller's identity (VNeID): profile, population lookups, mandates (ủy quyền).",
  slips: 'The slips of TT 01/2018 (forms 01-06) and the public QR verification.',
  retention: 'Removing personal data past its retention period.',
};

const ROLES = ['citizen', 'officer', 'admin'];

/**
 * Every problem code an operation can answer: its contract's own, and those of the HTTP stack
 * (shared/http/handler.ts, json-body.ts, store/idempotency.ts) for what the route takes.
 */
export function errorCodesOf(contract: Contract): string[] {
  const codes = new Set<string>(contract.errorCodes ?? []);
  if (contract.params || contract.query || contract.body || contract.idempotent) codes.add('VALIDATION_FAILED');
  // The one cursor codec (shared/domain/cursor.ts) refuses a cursor it did not write.
  const query = contract.query as { shape?: Record<string, unknown> } | undefined;
  if (query?.shape && 'cursor' in query.shape) codes.add('INVALID_CURSOR');
  if (contract.body) for (const code of ['MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE']) codes.add(code);
  if (contract.idempotent) for (const code of ['IDEMPOTENCY_KEY_REQUIRED', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_IN_PROGRESS']) codes.add(code);
  if (Array.isArray(contract.access)) {
    codes.add('UNAUTHENTICATED');
    if (!ROLES.every((role) => (contract.access as readonly string[]).includes(role))) codes.add('FORBIDDEN');
  }
  return [...codes].sort();
}

/** What a route's access means, for its description. */
function accessLine(contract: Contract): string {
  const access =
    contract.access === 'public'
      ? 'Public: no token.'
      : contract.access === 'webhook'
        ? "Called by a national system or payment gateway: no token, the request's signature is checked."
        : `Bearer token of a ${contract.access.join(' or ')}.`;
  return contract.idempotent ? `${access} Requires an Idempotency-Key: a retry answers the first answer again.` : access;
}

/**
 * Zod → JSON Schema, the schemas named with `.meta({ id })` moved to components (one definition,
 * referenced everywhere). A named schema whose input form differs from its output (defaults,
 * transforms, closed objects), or that refers to one that does, gets a second component `<id>Input`.
 */
class Components {
  readonly schemas: Record<string, Json> = {};
  private readonly needsInput = new Map<string, boolean>();

  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const { root, defs } = toJson(schema, io);
    const names = Object.fromEntries(Object.keys(defs).map((id) => [id, io === 'input' && this.inputDiffers(id) ? `${id}Input` : id]));
    for (const [id, def] of Object.entries(defs)) this.add(names[id]!, rewrite(def, names));
    return rewrite(root, names);
  }

  private inputDiffers(id: string): boolean {
    const known = this.needsInput.get(id);
    if (known !== undefined) return known;
    this.needsInput.set(id, false); // a cycle refers back to itself: decided by the rest
    const schema = z.globalRegistry._idmap.get(id) as z.ZodType;
    const input = ownDefinition(schema, id, 'input');
    let differs = JSON.stringify(input) !== JSON.stringify(ownDefinition(schema, id, 'output'));
    for (const match of JSON.stringify(input).matchAll(/"#\/\$defs\/([^"]+)"/g)) differs = this.inputDiffers(decodeURIComponent(match[1]!)) || differs;
    this.needsInput.set(id, differs);
    return differs;
  }

  private add(name: string, definition: Json) {
    const existing = this.schemas[name];
    if (existing && JSON.stringify(existing) !== JSON.stringify(definition)) throw new Error(`Two different schemas are named ${name} (.meta({ id })): give one another id`);
    this.schemas[name] = definition;
  }
}

function toJson(schema: z.ZodType, io: 'input' | 'output'): { root: Json; defs: Record<string, Json> } {
  const { $defs, $schema: _, ...root } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  return { root, defs: ($defs ?? {}) as Record<string, Json> };
}

/** A named schema's own definition (its references to others left as they are). */
function ownDefinition(schema: z.ZodType, id: string, io: 'input' | 'output'): Json {
  const { root, defs } = toJson(schema, io);
  return defs[id] ?? root;
}

/** `#/$defs/<id>` → `#/components/schemas/<name>`, everywhere in a schema. */
function rewrite<T>(value: T, names: Record<string, string>): T {
  if (Array.isArray(value)) return value.map((item) => rewrite(item, names)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, item] of Object.entries(value as Json)) {
    if (key === '$ref' && typeof item === 'string' && item.startsWith('#/$defs/')) {
      const id = decodeURIComponent(item.slice('#/$defs/'.length).replace(/~1/g, '/').replace(/~0/g, '~'));
      out[key] = `#/components/schemas/${names[id] ?? id}`;
    } else out[key] = rewrite(item, names);
  }
  return out as T;
}

/** Path and query parameters from an object schema: one OpenAPI parameter per property. */
function parameters(components: Components, schema: z.ZodType | undefined, where: 'path' | 'query', omit: readonly string[] = []) {
  if (!schema) return [];
  const object = components.convert(schema, 'input') as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(object.properties ?? {})
    .filter(([name]) => !omit.includes(name))
    .map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path' || (object.required ?? []).includes(name),
      schema: property,
      ...(typeof property.description === 'string' ? { description: property.description } : {}),
    }));
}

function operation(components: Components, contract: Contract, omitParams: readonly string[] = []) {
  const secured = Array.isArray(contract.access);
  const status = String(contract.status ?? 200);
  const codes = errorCodesOf(contract);
  const successHeaders = {
    ...correlated,
    ...(contract.idempotent ? { 'idempotent-replayed': ref('headers', 'IdempotentReplayed') } : {}),
    ...(contract.location ? { Location: { ...ref('headers', 'Location'), description: `The created resource: ${contract.location}.` } } : {}),
  };
  const body = contract.body ? components.convert(contract.body, 'input') : undefined;
  return {
    operationId: contract.operationId,
    summary: contract.summary,
    description: [contract.description, accessLine(contract), `Problem codes: ${codes.join(', ')}.`].filter(Boolean).join('\n\n'),
    tags: [contract.tag],
    ...(secured ? { security: [{ bearer: [] }], 'x-roles': contract.access } : { security: [] }),
    'x-error-codes': codes,
    parameters: [
      ...parameters(components, contract.params, 'path', omitParams),
      ...parameters(components, contract.query ?? contract.documentedQuery, 'query'),
      ...(contract.idempotent ? [ref('parameters', 'IdempotencyKey')] : []),
    ],
    ...(body
      ? { requestBody: { required: !contract.body!.safeParse(undefined).success, content: { 'application/json': { schema: body, ...(contract.example !== undefined ? { example: contract.example } : {}) } } } }
      : {}),
    responses: {
      [status]: {
        description: 'Success',
        headers: successHeaders,
        ...(contract.produces || contract.response
          ? {
              content: {
                ...(contract.produces ? { [contract.produces]: { schema: { type: 'string' } } } : {}),
                ...(contract.response ? { 'application/json': { schema: components.convert(contract.response, 'output') } } : {}),
              },
            }
          : {}),
      },
      ...Object.fromEntries(
        Object.entries(contract.otherStatuses ?? {}).map(([other, description]) => [
          other,
          {
            description,
            headers: { ...correlated, ...(contract.idempotent ? { 'idempotent-replayed': ref('headers', 'IdempotentReplayed') } : {}) },
            ...(contract.response ? { content: { 'application/json': { schema: components.convert(contract.response, 'output') } } } : {}),
          },
        ]),
      ),
      '4XX': {
        description: `Refused: problem+json with one of these codes (see x-error-codes): ${codes.join(', ')}.`,
        headers: correlated,
        'x-error-codes': codes,
        content: refusesAsPage(contract) ? { 'text/html': { schema: { type: 'string' } } } : problemContent,
      },
      ...(secured ? { '401': ref('responses', 'Unauthenticated') } : {}),
      ...(contract.body ? { '413': ref('responses', 'PayloadTooLarge') } : {}),
      '429': ref('responses', 'TooManyRequests'),
      '503': ref('responses', 'ServiceUnavailable'),
      '5XX': ref('responses', 'ServerError'),
    },
  };
}

/** OpenAPI 3.1 from the route table and the contracts' zod schemas (JSON Schema 2020-12). */
export function buildOpenApi(routes: readonly Route[], options: { servers?: { url: string; description?: string }[] } = {}) {
  const components = new Components();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path, contract } of routes) {
    if (!TAGS[contract.tag]) throw new Error(`${contract.operationId}: tag "${contract.tag}" is not described in TAGS (shared/http/openapi.ts)`);
    if (contract.variants) {
      // One operation per value of a path parameter (e.g. the officers' actions): generated clients type each one's body.
      const { param, contracts } = contract.variants;
      for (const [value, variant] of Object.entries(contracts)) {
        (paths[path.replace(`{${param}}`, value)] ??= {})[method.toLowerCase()] = { ...operation(components, { ...variant, params: variant.params ?? contract.params }, [param]), 'x-route': `${method} ${path}` };
      }
      continue;
    }
    (paths[path] ??= {})[method.toLowerCase()] = operation(components, contract);
  }
  const used = new Set(routes.map((route) => route.contract.tag));
  return {
    openapi: '3.1.0',
    info: {
      title: 'motcua — online public services (dịch vụ công trực tuyến)',
      version: '1.0.0',
      description:
        'One-stop shop backend: procedures, dossiers, processing by agencies, payments and results. Errors are RFC 9457 problem+json with a stable `code` (each operation lists its own in `x-error-codes`); every answer of a function carries `x-correlation-id`. A reference page is served at /docs.',
      // The province that deploys it owns it; the repository carries no open-source licence (an SPDX LicenseRef- names one of our own).
      license: { name: 'Proprietary: the deploying province', identifier: 'LicenseRef-motcua-province' },
      contact: { name: 'The one-stop desk (bộ phận một cửa) of the deploying province' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    // Relative to where this document is served (GET /openapi.json on the API itself), unless the caller names them.
    servers: options.servers ?? [{ url: '/', description: 'This API (the document is served at /openapi.json)' }],
    tags: Object.entries(TAGS)
      .filter(([name]) => used.has(name))
      .map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: { Problem: problem, GatewayError: gatewayError, ...Object.fromEntries(Object.entries(components.schemas).sort(([a], [b]) => a.localeCompare(b))) },
      responses,
      headers,
      parameters: { IdempotencyKey: idempotencyKey },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "The identity provider's token (Cognito or VNeID), checked by the HTTP API's JWT authorizer." } },
    },
  };
}

/** One operation of the document and the problem codes it can answer. */
export interface OperationCodes {
  operationId: string;
  method: string;
  path: string;
  codes: readonly string[];
}

/**
 * Every operation of the document with its `x-error-codes`, in the document's order: what the
 * problem pages list (GET /problems/{code}), precomputed by `npm run problems:index` into
 * shared/system/problem-operations.ts so that their function does not carry every contract.
 */
export function operationCodes(routes: readonly Route[]): OperationCodes[] {
  const document = buildOpenApi(routes);
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods as Record<string, { operationId: string; 'x-error-codes': string[] }>).map(([method, operation]) => ({
      operationId: operation.operationId,
      method: method.toUpperCase(),
      path,
      codes: operation['x-error-codes'],
    })),
  );
}
