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

/** OpenAPI 3.1 from the route table and the contracts' zod schemas (JSON Schema 2020-12). */
export function buildOpenApi(routes: readonly Route[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { method, path, contract } of routes) {
    const secured = Array.isArray(contract.access);
    const status = String(contract.status ?? 200);
    const operation = {
      operationId: contract.operationId,
      summary: contract.summary,
      ...(contract.description ? { description: contract.description } : {}),
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
    (paths[path] ??= {})[method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'motcua — online public services (dịch vụ công trực tuyến)', version: '1.0.0', description: 'One-stop shop backend: procedures, dossiers, processing by agencies, payments and results.' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { Problem: problem },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}
