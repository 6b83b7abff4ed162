import * as z from 'zod';
import type { Route } from '../../infra/routes';
import { problemType } from './problem';

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;

const problem = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', examples: [problemType('VALIDATION_FAILED')] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, ILLEGAL_TRANSITION, CONFLICT.' },
    errors: { type: 'array', items: { type: 'object', properties: { path: { type: 'string', examples: ['body.applicant.fullName'] }, message: { type: 'string' }, code: { type: 'string' } } } },
    correlationId: { type: 'string' },
  },
};

/** Path and query parameters from an object schema: one OpenAPI parameter per property. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name, in: where, required: where === 'path' || (object.required ?? []).includes(name),
    schema: property, ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

/** One line per tag (each contract's `tag`): the document's sections, in this order. */
export const TAGS: Record<string, string> = {
  system: 'Health, this document and its reference page.',
  catalogue: 'Procedures (thủ tục hành chính), their forms, administrative units and agencies: levels 1 and 2.',
  dossiers: 'A citizen\'s dossiers (hồ sơ): draft, papers, submit, supplement, withdraw, result; tracking by code.',
  agency: 'Officers of the one-stop desk (bộ phận một cửa): inbox, actions, desk intake, audit of reads, trusted CAs.',
  routing: 'Which agency is competent for a dossier: rules and the unroutable list.',
  notifications: 'Messages sent about a dossier and the contacts they go to.',
  payments: 'Fees (lệ phí) online through VNPay or PayGov, receipts, refunds; the gateways\' callbacks.',
  stats: 'The service index (Bộ chỉ số, QĐ 766): figures, the tracking book, ratings and feedback (phản ánh, kiến nghị).',
  dvcqg: 'The national public-service portal (Cổng DVCQG): dossiers forwarded to us and status sent back.',
  identity: 'The caller\'s identity (VNeID): profile, population lookups, mandates (ủy quyền).',
  slips: 'The slips of TT 01/2018 (forms 01-06) and the public QR verification.',
  retention: 'Removing personal data past its retention period.',
};

/** What a route's access means, for its description. */
function accessLine(contract: Route['contract']): string {
  const access = contract.access === 'public' ? 'Public: no token.'
    : contract.access === 'webhook' ? 'Called by a national system or payment gateway: no token, the request\'s signature is checked.'
    : `Bearer token of a ${contract.access.join(' or ')}.`;
  return contract.idempotent ? `${access} Requires an Idempotency-Key: a retry answers the first answer again.` : access;
}

/** OpenAPI 3.1 from the route table and the contracts' zod schemas (JSON Schema 2020-12). */
export function buildOpenApi(routes: readonly Route[], options: { servers?: { url: string; description?: string }[] } = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path, contract } of routes) {
    const secured = Array.isArray(contract.access);
    const status = String(contract.status ?? 200);
    const operation = {
      operationId: contract.operationId,
      summary: contract.summary,
      description: [contract.description, accessLine(contract)].filter(Boolean).join('\n\n'),
      tags: [contract.tag],
      ...(secured ? { security: [{ bearer: [] }], 'x-roles': contract.access } : { security: [] }),
      parameters: [
        ...parameters(contract.params, 'path'),
        ...parameters(contract.query, 'query'),
        ...(contract.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 128 }, description: 'Same key and body → the first answer again; same key, other body → 422.' }] : []),
      ],
      ...(contract.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(contract.body, 'input') } } } } : {}),
      responses: {
        [status]: { description: 'Success', ...(contract.produces ? { content: { [contract.produces]: { schema: { type: 'string' } } } } : contract.response ? { content: { 'application/json': { schema: jsonSchema(contract.response, 'output') } } } : {}) },
        '4XX': { description: contract.errorCodes?.length ? `Client error; codes: ${contract.errorCodes.join(', ')} (and VALIDATION_FAILED)` : 'Client error', ...(contract.errorCodes?.length ? { 'x-error-codes': contract.errorCodes } : {}), content: contract.produces === 'text/html' ? { [contract.produces]: { schema: { type: 'string' } } } : { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
        ...(secured ? { '401': { description: 'Missing, expired or invalid token (answered by the gateway)' } } : {}),
        '5XX': { description: 'Server error (no internals shown)', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
      },
    };
    if (!TAGS[contract.tag]) throw new Error(`${contract.operationId}: tag "${contract.tag}" is not described in TAGS (shared/http/openapi.ts)`);
    (paths[path] ??= {})[method.toLowerCase()] = operation;
  }
  const used = new Set(routes.map((route) => route.contract.tag));
  return {
    openapi: '3.1.0',
    info: {
      title: 'motcua — online public services (dịch vụ công trực tuyến)',
      version: '1.0.0',
      description: 'One-stop shop backend: procedures, dossiers, processing by agencies, payments and results. Errors are RFC 9457 problem+json with a stable `code`.',
      // The province that deploys it owns it; the repository carries no open-source licence (an SPDX LicenseRef- names one of our own).
      license: { name: 'Proprietary: the deploying province', identifier: 'LicenseRef-motcua-province' },
      contact: { name: 'The one-stop desk (bộ phận một cửa) of the deploying province' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    // Relative to where this document is served (GET /openapi.json on the API itself), unless the caller names them.
    servers: options.servers ?? [{ url: '/', description: 'This API (the document is served at /openapi.json)' }],
    tags: Object.entries(TAGS).filter(([name]) => used.has(name)).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      schemas: { Problem: problem },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
