import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { buildOpenApi, errorCodesOf } from '../../shared/http/openapi';
import { PROBLEM_GUIDE, statusesOf } from '../../shared/http/problem-guide';
import type { Route } from '../routes';

/** What a function answered, as the local gateway is about to send it. */
export interface AnsweredResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: string | Buffer | undefined;
}

const DOCUMENT_ID = 'https://motcua.invalid/openapi.json';
/** Answered by the HTTP stack on any route, documented by the shared 5XX and 503 responses. */
const STACK_CODES = new Set(['INTERNAL_ERROR', 'SERVICE_UNAVAILABLE']);

/**
 * Checks every answer of a function against what the OpenAPI document (generated from the
 * contracts) declares for that route and status: the content type, the JSON body against its
 * schema, a problem's `code` among the operation's `x-error-codes` and its `status` the HTTP one,
 * the `x-correlation-id` header, `Location` where the contract promises one, and what the
 * problem pages promise of a problem (problemMismatch). Returns what is
 * wrong, or undefined. The tests' gateway runs it on every answer (test/support/local.ts).
 */
export function createResponseChecker(routes: readonly Route[]) {
  const document = buildOpenApi(routes) as { paths: Record<string, Record<string, any>>; components: Record<string, Record<string, any>> };
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  const validators = new Map<string, ValidateFunction>();
  const resolve = (node: any) =>
    node?.$ref
      ? node.$ref
          .split('/')
          .slice(1)
          .reduce((at: any, key: string) => at[key], document)
      : node;

  return function check(route: Route, pathParameters: Record<string, string>, response: AnsweredResponse): string | undefined {
    const { contract } = route;
    const variant = contract.variants ? pathParameters[contract.variants.param] : undefined;
    const path = variant !== undefined ? route.path.replace(`{${contract.variants!.param}}`, variant) : route.path;
    const where = `${route.method} ${path.slice(0, 100)} → ${response.status}`;
    const operation = document.paths[path]?.[route.method.toLowerCase()];
    if (!operation && variant !== undefined) return unknownVariant(route, response, where);
    if (!operation) return `${where}: not in the document`;
    const status = String(response.status);
    const key = operation.responses[status] ? status : operation.responses[`${status[0]}XX`] ? `${status[0]}XX` : undefined;
    if (!key) return `${where}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`;
    const declared = resolve(operation.responses[key]);
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    if (!header('x-correlation-id')) return `${where}: no x-correlation-id header`;
    if (contract.location && response.status === 201 && !header('location')) return `${where}: no Location header (the contract promises ${contract.location})`;
    const json = (type: string) => /^application\/([\w.+-]+\+)?json$/.test(type);
    // An empty file (CSV, NDJSON of a quiet day) is a file; an empty JSON answer is not.
    if (response.body === undefined || response.body.length === 0)
      return Object.keys(declared.content ?? {}).some(json) && response.status !== 204 ? `${where}: empty body, documented ${Object.keys(declared.content).join(', ')}` : undefined;
    const type = (header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!declared.content?.[type]) return `${where}: content type ${type || '(none)'} not documented (documented: ${Object.keys(declared.content ?? {}).join(', ') || 'no body'})`;
    if (!json(type)) return undefined;
    let body: any;
    try {
      body = JSON.parse(response.body.toString());
    } catch {
      return `${where}: ${type} that is not JSON`;
    }
    const pointer = `#/paths/${encodeURIComponent(path.replace(/~/g, '~0').replace(/\//g, '~1'))}/${route.method.toLowerCase()}/responses/${key}/content/${encodeURIComponent(type.replace(/\//g, '~1'))}/schema`;
    const schemaRef = operation.responses[key].$ref ? `${operation.responses[key].$ref.replace(/^#/, '')}` : undefined;
    const id = schemaRef ? `#${schemaRef}/content/${encodeURIComponent(type.replace(/\//g, '~1'))}/schema` : pointer;
    let validate = validators.get(id);
    if (!validate) {
      validate = ajv.compile({ $ref: DOCUMENT_ID + id });
      validators.set(id, validate);
    }
    if (!validate(body)) {
      const errors = (validate.errors ?? [])
        .slice(0, 3)
        .map((error) => `${error.instancePath || '/'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`);
      return `${where}: body does not match its schema: ${errors.join('; ')}`;
    }
    if (type === 'application/problem+json' && response.status < 500) {
      const problem = body as { status?: number; code: string };
      if (problem.status !== response.status) return `${where}: problem.status ${problem.status}`;
      const codes: string[] = operation['x-error-codes'] ?? [];
      if (!codes.includes(problem.code) && !STACK_CODES.has(problem.code)) return `${where}: problem code ${problem.code} is not in x-error-codes (add it to the contract's errorCodes)`;
      return problemMismatch(problem, header('content-language'), where);
    }
    return undefined;
  };
}

/** Letters only Vietnamese writes: a Vietnamese sentence has at least one. */
const VIETNAMESE = /[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]/i;

/**
 * What the problem pages promise (shared/http/problem-guide.ts): the code answers with the status
 * its page states, and each field message is in the answer's language, resolved (no `i18n:` key
 * left), Vietnamese unless English was asked for.
 */
function problemMismatch(problem: { status?: number; code: string; errors?: { path: string; message: string }[] }, language: string | undefined, where: string): string | undefined {
  const guide = PROBLEM_GUIDE[problem.code];
  if (!guide) return `${where}: problem code ${problem.code} has no page (add it to PROBLEM_GUIDE and PROBLEM_DETAILS_VI)`;
  if (!statusesOf(guide).includes(problem.status!)) return `${where}: ${problem.code}'s page says ${statusesOf(guide).join(' or ')} (shared/http/problem-guide.ts)`;
  for (const error of problem.errors ?? []) {
    if (error.message.startsWith('i18n:')) return `${where}: ${error.path}'s message ${error.message} was not resolved`;
    if (language !== 'en' && !VIETNAMESE.test(error.message)) return `${where}: ${error.path}'s message is not Vietnamese: ${error.message.slice(0, 100)} (say it through shared/domain/field-messages.ts)`;
  }
  return undefined;
}

/** A value of a variant parameter that names no operation (an unknown officer action): a problem of the route's own. */
function unknownVariant(route: Route, response: AnsweredResponse, where: string): string | undefined {
  const type = String(response.headers['content-type'] ?? '').split(';')[0];
  if (response.status < 400 || response.status >= 500 || type !== 'application/problem+json') return `${where}: an unknown ${route.contract.variants!.param} answered other than a 4xx problem`;
  const code = (JSON.parse(String(response.body)) as { code?: string }).code ?? '';
  const codes = new Set([...errorCodesOf(route.contract), ...Object.values(route.contract.variants!.contracts).flatMap(errorCodesOf)]);
  return codes.has(code) ? undefined : `${where}: problem code ${code} is not in x-error-codes`;
}
