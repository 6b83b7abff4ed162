import * as z from 'zod';
import { defineContract } from '../http/contract';

export const HealthStatus = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({ table: z.enum(['ok', 'failing']), buckets: z.enum(['ok', 'failing']) }),
  stage: z.string(),
}).meta({ examples: [{ status: 'ok', checks: { table: 'ok', buckets: 'ok' }, stage: 'dev' }] });

export const getHealth = defineContract({
  operationId: 'getHealth',
  summary: 'Liveness and readiness: reaches the table and the buckets',
  tag: 'system',
  access: 'public',
  response: HealthStatus,
});

export const getOpenApi = defineContract({
  operationId: 'getOpenApi',
  summary: 'This API as an OpenAPI 3.1 document',
  tag: 'system',
  access: 'public',
  response: z.lazy(() => z.looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
    .meta({ description: 'Generated from the route table and the contracts (shared/http/openapi.ts).' })),
});

export const getDocs = defineContract({
  operationId: 'getDocs',
  summary: 'This API\'s reference page, for people (Redoc, served by the API; reads /openapi.json)',
  tag: 'system',
  access: 'public',
  produces: 'text/html',
});

export const getDocsAsset = defineContract({
  operationId: 'getDocsAsset',
  summary: 'The reference page\'s script (Redoc\'s standalone bundle, pinned in package.json)',
  tag: 'system',
  access: 'public',
  produces: 'text/javascript',
});
