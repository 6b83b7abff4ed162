import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FieldError } from './errors';

/**
 * Application forms (tờ khai) are JSON Schema 2020-12: frontends render them, the server validates
 * the answers with them. ajv compiles each form once per process.
 */
const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: true });
addFormats(ajv);
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/** Why a procedure's form is not a usable JSON Schema (empty when it is). Paths start at `body.applicationForm`. */
export function formSchemaErrors(schema: unknown, at = 'body.applicationForm'): FieldError[] {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return [{ path: at, message: 'must be a JSON Schema object' }];
  if (!ajv.validateSchema(schema)) {
    return (ajv.errors ?? []).map((error) => ({ path: `${at}${pointerToPath(error.instancePath)}`, message: error.message ?? 'invalid', code: 'INVALID_JSON_SCHEMA' }));
  }
  try {
    ajv.compile(schema);
  } catch (error) {
    return [{ path: at, message: error instanceof Error ? error.message : 'does not compile', code: 'INVALID_JSON_SCHEMA' }];
  }
  if ((schema as { type?: unknown }).type !== 'object') return [{ path: `${at}.type`, message: 'the form must describe an object', code: 'INVALID_JSON_SCHEMA' }];
  return [];
}

/** Why the answers do not satisfy the form (empty when they do). Paths start at `at`, e.g. `body.answers.child.birthDate`. */
export function answerErrors(schema: Record<string, unknown>, answers: unknown, at = 'body.answers'): FieldError[] {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  if (validate(answers)) return [];
  return (validate.errors ?? []).map((error) => {
    const missing = error.keyword === 'required' ? `.${(error.params as { missingProperty: string }).missingProperty}` : '';
    return { path: `${at}${pointerToPath(error.instancePath)}${missing}`, message: error.message ?? 'invalid', code: `FORM_${error.keyword.toUpperCase()}` };
  });
}

/** `/child/0/name` → `.child.0.name` */
const pointerToPath = (pointer: string) => pointer.split('/').slice(1).map((part) => `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`).join('');
