import * as z from 'zod';
import { defineContract } from '../http/contract';

export const HealthStatus = z
  .object({
    status: z.enum(['ok', 'degraded']),
    checks: z.object({ table: z.enum(['ok', 'failing']), buckets: z.enum(['ok', 'failing']) }),
    stage: z.string(),
  })
  .meta({ examples: [{ status: 'ok', checks: { table: 'ok', buckets: 'ok' }, stage: 'dev' }] });

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
  response: z.lazy(() =>
    z
      .looseObject({ openapi: z.literal('3.1.0'), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
      .meta({ description: 'Generated from the route table and the contracts (shared/http/openapi.ts).' }),
  ),
});

export const getDocs = defineContract({
  operationId: 'getDocs',
  summary: "This API's reference page, for people (Redoc, served by the API; reads /openapi.json)",
  tag: 'system',
  access: 'public',
  produces: 'text/html',
});

export const getDocsAsset = defineContract({
  operationId: 'getDocsAsset',
  summary: "The reference page's script (Redoc's standalone bundle, pinned in package.json)",
  tag: 'system',
  access: 'public',
  produces: 'text/javascript',
});

const ProblemOperation = z.object({ operationId: z.string(), method: z.string(), path: z.string() });

/** A problem code explained (its `type`'s page, as JSON), in the caller's language. */
export const ProblemDescription = z
  .object({
    code: z.string(),
    type: z.string(),
    statuses: z.array(z.int()).meta({ description: 'The HTTP status it is answered with (two where two refusals share the code).' }),
    title: z.string(),
    detail: z.string(),
    remedy: z.string().meta({ description: 'What a client should do about it.' }),
    retryAsIs: z.boolean().meta({ description: 'Whether sending the same request again may succeed.' }),
    operations: z.array(ProblemOperation).meta({ description: 'The operations that can answer it (their x-error-codes).' }),
  })
  .meta({
    id: 'ProblemDescription',
    examples: [
      {
        code: 'NOT_FOUND',
        type: '/problems/not-found',
        statuses: [404],
        title: 'Không tìm thấy',
        detail: 'Không tìm thấy (hoặc bạn không có quyền xem).',
        remedy: 'Kiểm tra lại đường dẫn và các mã đã dùng (mã hồ sơ, mã thủ tục…); gửi lại y nguyên sẽ có cùng câu trả lời.',
        retryAsIs: false,
        operations: [{ operationId: 'getDossier', method: 'GET', path: '/dossiers/{id}' }],
      },
    ],
  });

export const getProblem = defineContract({
  operationId: 'getProblem',
  summary: 'What a problem `type` means: its code, status, explanation, what to do, which operations answer it',
  description: "The page a problem's `type` (/problems/<code in kebab case>) names: HTML for people, Vietnamese unless `Accept-Language` puts English first; the same as JSON to `Accept: application/json`.",
  tag: 'system',
  access: 'public',
  params: z.object({
    code: z
      .string()
      .max(64)
      .meta({ description: "The code in kebab case, as in a problem's `type` (e.g. not-found).", examples: ['validation-failed'] }),
  }),
  produces: 'text/html',
  response: ProblemDescription,
  errorCodes: ['NOT_FOUND'],
});

export const listProblems = defineContract({
  operationId: 'listProblems',
  summary: 'Every problem code this API answers, each with its page',
  description: 'HTML for people, Vietnamese unless `Accept-Language` puts English first; JSON to `Accept: application/json`.',
  tag: 'system',
  access: 'public',
  produces: 'text/html',
  response: z
    .object({ problems: z.array(ProblemDescription.pick({ code: true, type: true, statuses: true, title: true, detail: true })) })
    .meta({ examples: [{ problems: [{ code: 'NOT_FOUND', type: '/problems/not-found', statuses: [404], title: 'Không tìm thấy', detail: 'Không tìm thấy (hoặc bạn không có quyền xem).' }] }] }),
});
