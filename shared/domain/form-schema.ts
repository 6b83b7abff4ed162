import { Validator, type OutputUnit } from '@cfworker/json-schema';
import { Script, createContext } from 'node:vm';
import type { FieldError } from './errors';
import { jsonBoundIssues, type JsonBounds } from './json-bounds';
import { say, type FieldMessageKey } from './field-messages';

/**
 * Application forms (tờ khai) are JSON Schema 2020-12: frontends render them, the server validates
 * the answers with them. Admins write them, so a form must not be able to take the service down:
 * - each form gets its own validator (no process-wide registry: one form's `$id` or `$defs` cannot
 *   break another's), built without code generation (@cfworker/json-schema);
 * - a form is saved only in the dialect below: known keywords, local `$ref`s without cycles, formats
 *   we check, patterns without backreferences, lookarounds or nested repetition (the shapes whose
 *   backtracking grows exponentially), and a bounded size once its `$ref`s are expanded;
 * - validating one answer set runs under a time budget (node:vm's watchdog interrupts even a
 *   backtracking RegExp), so a form saved before these checks costs at most that budget per request.
 */

/** What one validation of an answer set may cost before it is given up. Real forms take under 2 ms. */
export const FORM_CHECK_BUDGET_MS = 200;
/** Schema nodes a form may have once every `$ref` is expanded (a `$ref` chain can double at each step). */
export const MAX_EXPANDED_NODES = 5_000;
export const MAX_PATTERN_LENGTH = 512;
/** What DynamoDB can store inside a procedure item, and what the checks below can walk without deep recursion. */
export const FORM_BOUNDS: JsonBounds = { maxDepth: 24, maxValues: 20_000, maxStringLength: 5_000, maxKeyLength: 200 };
/** Formats the validator checks; any other would be silently ignored, so it is refused. */
export const FORM_FORMATS = ['date', 'time', 'date-time', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uri', 'uri-reference', 'uuid'] as const;

const schemaRef = { $ref: '#/$defs/schema' };
const count = { type: 'integer', minimum: 0, maximum: 1_000_000 };
const schemaList = { type: 'array', items: schemaRef, minItems: 1, maxItems: 100 };
const schemaMap = { type: 'object', additionalProperties: schemaRef, maxProperties: 500 };
const typeName = { enum: ['null', 'boolean', 'object', 'array', 'number', 'integer', 'string'] };
const names = { type: 'array', items: { type: 'string', maxLength: 200 }, uniqueItems: true, maxItems: 500 };

/** The form dialect: JSON Schema 2020-12 without `$id`, anchors, dynamic references or content keywords. */
const FORM_DIALECT = {
  $ref: '#/$defs/schema',
  $defs: {
    schema: {
      type: ['object', 'boolean'],
      properties: {
        $schema: { const: 'https://json-schema.org/draft/2020-12/schema' },
        $comment: { type: 'string' },
        $ref: { type: 'string', pattern: '^#(/[^/]*)*$', maxLength: 500 },
        $defs: schemaMap,
        title: { type: 'string', maxLength: 500 },
        description: { type: 'string', maxLength: 5_000 },
        default: true,
        examples: { type: 'array' },
        readOnly: { type: 'boolean' },
        writeOnly: { type: 'boolean' },
        deprecated: { type: 'boolean' },
        type: { anyOf: [typeName, { type: 'array', items: typeName, minItems: 1, uniqueItems: true }] },
        enum: { type: 'array', minItems: 1, maxItems: 1_000 },
        const: true,
        multipleOf: { type: 'number', exclusiveMinimum: 0 },
        minimum: { type: 'number' },
        maximum: { type: 'number' },
        exclusiveMinimum: { type: 'number' },
        exclusiveMaximum: { type: 'number' },
        minLength: count,
        maxLength: count,
        pattern: { type: 'string', maxLength: MAX_PATTERN_LENGTH },
        format: { enum: FORM_FORMATS },
        items: schemaRef,
        prefixItems: schemaList,
        contains: schemaRef,
        minContains: count,
        maxContains: count,
        minItems: count,
        maxItems: count,
        uniqueItems: { type: 'boolean' },
        properties: schemaMap,
        patternProperties: schemaMap,
        additionalProperties: schemaRef,
        unevaluatedProperties: schemaRef,
        unevaluatedItems: schemaRef,
        propertyNames: schemaRef,
        required: names,
        dependentRequired: { type: 'object', additionalProperties: names },
        dependentSchemas: schemaMap,
        minProperties: count,
        maxProperties: count,
        allOf: schemaList,
        anyOf: schemaList,
        oneOf: schemaList,
        not: schemaRef,
        if: schemaRef,
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's own keyword, in a schema, not a thenable
        then: schemaRef,
        else: schemaRef,
      },
      // Hints for the frontends that render the form (x-widget, x-order...).
      patternProperties: { '^x-': true },
      additionalProperties: false,
    },
  },
};
let dialect: Validator | undefined;

/** Why a procedure's form is not a usable form (empty when it is). Paths start at `at`. */
export function formSchemaErrors(schema: unknown, at = 'body.applicationForm'): FieldError[] {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return [{ path: at, message: say('jsonSchemaObject'), code: 'INVALID_JSON_SCHEMA' }];
  const bounds = jsonBoundIssues(schema, FORM_BOUNDS);
  if (bounds.length) return bounds.map((issue) => ({ path: [at, ...issue.path].join('.'), message: issue.message, code: issue.code }));
  dialect ??= new Validator(FORM_DIALECT as never, '2020-12', false);
  const shape = fieldErrors(dialect.validate(schema).errors, at, 'INVALID_JSON_SCHEMA', { false: say('keywordNotInForms'), anyOf: say('notValidForKeyword') });
  if (shape.length) return shape;
  const errors = [...patternErrors(schema, at), ...referenceErrors(schema as Record<string, unknown>, at)];
  if (errors.length) return errors;
  if ((schema as { type?: unknown }).type !== 'object') return [{ path: `${at}.type`, message: say('formDescribesObject'), code: 'INVALID_JSON_SCHEMA' }];
  try {
    new Validator(schema as never, '2020-12', false);
  } catch (error) {
    return [{ path: at, message: say('formDoesNotCompile', { reason: error instanceof Error ? error.message.slice(0, 200) : '' }), code: 'INVALID_JSON_SCHEMA' }];
  }
  return [];
}

/** Why the answers do not satisfy the form (empty when they do). Paths start at `at`, e.g. `answers.child.birthDate`. */
export function answerErrors(schema: Record<string, unknown>, answers: unknown, at = 'body.answers'): FieldError[] {
  const validator = validatorFor(schema);
  let output: ReturnType<Validator['validate']>;
  try {
    output = withinBudget(() => validator.validate(answers), FORM_CHECK_BUDGET_MS);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
    return [{ path: at, message: say('formTooCostly', { n: FORM_CHECK_BUDGET_MS }), code: 'FORM_TOO_COSTLY' }];
  }
  return output.valid ? [] : fieldErrors(output.errors, at, undefined);
}

// --- validators, one per form ------------------------------------------------------------------

const MAX_CACHED = 200;
const validators = new Map<string, Validator>();

/** Keyed by the form's content: two procedures (or versions) share a validator only if their forms are identical. */
function validatorFor(schema: Record<string, unknown>): Validator {
  const key = JSON.stringify(schema);
  let validator = validators.get(key);
  if (!validator) {
    validator = new Validator(schema as never, '2020-12', false);
    if (validators.size >= MAX_CACHED) validators.delete(validators.keys().next().value!);
    validators.set(key, validator);
  }
  return validator;
}

// Made on first use, not at cold start: only the functions that check answers need them.
let sandbox: Record<string, unknown> | undefined;
let runTask: Script | undefined;

/** Runs `task` synchronously, interrupted (it throws ERR_SCRIPT_EXECUTION_TIMEOUT) after `ms`. */
function withinBudget<T>(task: () => T, ms: number): T {
  sandbox ??= createContext({});
  runTask ??= new Script('task()');
  sandbox.task = task;
  try {
    return runTask.runInContext(sandbox, { timeout: ms }) as T;
  } finally {
    sandbox.task = undefined;
  }
}

// --- errors ------------------------------------------------------------------------------------

/** Keywords that only say "a subschema failed": their subschemas' own errors say where and why. */
const WRAPPERS = new Set([
  'additionalProperties',
  'properties',
  'patternProperties',
  'items',
  'prefixItems',
  'allOf',
  '$ref',
  'then',
  'else',
  'if',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
]);

function fieldErrors(units: OutputUnit[], at: string, codeOf: string | undefined, messages: Record<string, string> = {}): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const unit of units) {
    if (WRAPPERS.has(unit.keyword)) continue;
    let path = `${at}${pointerToPath(unit.instanceLocation)}`;
    // The missing property: `required`'s only quoted name, `dependentRequired`'s second (`has "a" but does not have "b"`).
    if (unit.keyword === 'required' || unit.keyword === 'dependentRequired') {
      const name = [...unit.error.matchAll(/"([^"]*)"/g)].at(-1)?.[1];
      if (name !== undefined) path += `.${name}`;
    }
    // A `false` schema is what `additionalProperties: false` (or a property set to false) applies to each extra property.
    const code = codeOf ?? (unit.keyword === 'false' ? 'FORM_NOT_ALLOWED' : `FORM_${unit.keyword.toUpperCase()}`);
    const dedupe = `${path}\n${code}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    errors.push({ path, message: messages[unit.keyword] ?? formMessage(unit), code });
  }
  return errors;
}

const TYPE_KEYS: Record<string, FieldMessageKey> = {
  string: 'mustBeString',
  number: 'mustBeNumber',
  integer: 'mustBeInteger',
  boolean: 'mustBeBoolean',
  object: 'mustBeObject',
  array: 'mustBeArray',
  null: 'mustBeNull',
};

/**
 * A failed rule of a form in the caller's words. The validator writes English sentences with the
 * bound at their end (`String is too short (2 < 5).`); the bound is read back from them, so the
 * sentences of the pinned @cfworker/json-schema are part of this mapping (test/catalogue checks them).
 */
function formMessage(unit: OutputUnit): string {
  const last = /(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\)?\.$/i.exec(unit.error)?.[1] ?? '';
  const quoted = [...unit.error.matchAll(/"([^"]*)"/g)].map((match) => match[1]!);
  switch (unit.keyword) {
    case 'required':
      return say('required');
    case 'dependentRequired':
      return say('requiredWith', { field: quoted[0] ?? '' });
    case 'type': {
      const expected = quoted.slice(1);
      return expected.length === 1 && TYPE_KEYS[expected[0]!] ? say(TYPE_KEYS[expected[0]!]!) : say('mustBeOfType', { types: expected.join(', ') });
    }
    case 'minLength':
      return say('atLeastCharacters', { n: last });
    case 'maxLength':
      return say('stringTooLong', { n: last });
    case 'minimum':
    case 'exclusiveMinimum':
      return say(/or equal|less than or/.test(unit.error) || unit.keyword === 'exclusiveMinimum' ? 'greaterThan' : 'atLeast', { n: last });
    case 'maximum':
    case 'exclusiveMaximum':
      return say(/or equal/.test(unit.error) || unit.keyword === 'exclusiveMaximum' ? 'lessThan' : 'atMost', { n: last });
    case 'multipleOf':
      return say('multipleOf', { n: last });
    case 'minItems':
      return say('atLeastItems', { n: last });
    case 'maxItems':
      return say('atMostItems', { n: last });
    case 'uniqueItems':
      return say('duplicateItems');
    case 'format':
      return say('notFormat', { format: quoted[0] ?? '' });
    case 'pattern':
      return say('notPattern');
    case 'enum':
      return say('oneOfValues', { values: /any of (.*)\.$/.exec(unit.error)?.[1] ?? '' });
    case 'const':
      return say('mustBe', { value: /match (.*)\.$/.exec(unit.error)?.[1] ?? '' });
    case 'false':
      return say('notAllowedHere');
    default:
      return say('formRule', { keyword: unit.keyword });
  }
}

/** `#/child/0/h%E1%BB%8D` → `.child.0.họ` */
const pointerToPath = (pointer: string) =>
  pointer
    .replace(/^#/, '')
    .split('/')
    .slice(1)
    .map((part) => `.${decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')}`)
    .join('');

// --- patterns ----------------------------------------------------------------------------------

/** Every `pattern` and `patternProperties` key of the form, with the path it sits at. */
function patternErrors(schema: unknown, at: string): FieldError[] {
  const errors: FieldError[] = [];
  walk(schema, at, (node, path) => {
    if (typeof node.pattern === 'string') {
      const reason = unsafePattern(node.pattern);
      if (reason) errors.push({ path: `${path}.pattern`, message: reason, code: 'UNSAFE_PATTERN' });
    }
    if (node.patternProperties && typeof node.patternProperties === 'object') {
      for (const key of Object.keys(node.patternProperties)) {
        const reason = unsafePattern(key);
        if (reason) errors.push({ path: `${path}.patternProperties.${key}`, message: reason, code: 'UNSAFE_PATTERN' });
      }
    }
  });
  return errors;
}

/**
 * Why a pattern could make matching slow (undefined when it cannot). Backtracking is exponential
 * only where a repeated part can match the same text in two ways, which needs a quantifier or an
 * alternation inside it: `(a+)+`, `(a|a)*`, `(a?b?)*`. So a repeated group may hold neither.
 * Backreferences and lookarounds are refused too: no linear-time engine can run them.
 */
export function unsafePattern(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return say('stringTooLong', { n: MAX_PATTERN_LENGTH });
  try {
    new RegExp(pattern, 'u');
  } catch {
    return say('patternInvalid');
  }
  // One frame per open group: did it hold a quantifier or an alternation?
  const frames: { risky: boolean }[] = [{ risky: false }];
  let closed: { risky: boolean } | undefined; // the group that just closed, if the next token may quantify it
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    const quantifier = quantifierAt(pattern, i);
    if (quantifier) {
      if (closed?.risky && quantifier.repeats) return say('patternNestedRepetition');
      // A fixed count (`\d{3}`) matches one way; only a quantifier whose count varies makes the group ambiguous.
      if (quantifier.varies || closed?.risky) frames[frames.length - 1]!.risky = true;
      i += quantifier.length - 1;
      if (pattern[i + 1] === '?') i++; // lazy
      closed = undefined;
      continue;
    }
    closed = undefined;
    if (char === '\\') {
      const next = pattern[i + 1];
      if (next && /[1-9]/.test(next)) return say('patternBackreference');
      if (next === 'k' && pattern[i + 2] === '<') return say('patternBackreference');
      i++;
      if (next === 'u' && pattern[i + 1] === '{') i = pattern.indexOf('}', i);
      else if (next === 'p' || next === 'P') i = pattern[i + 1] === '{' ? pattern.indexOf('}', i) : i;
      continue;
    }
    if (char === '[') {
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
      continue;
    }
    if (char === '(') {
      if (/^\(\?<?[=!]/.test(pattern.slice(i, i + 4))) return say('patternLookaround');
      frames.push({ risky: false });
      if (pattern[i + 1] === '?') i = pattern[i + 2] === '<' ? pattern.indexOf('>', i) : i + 2;
      continue;
    }
    if (char === ')') {
      closed = frames.pop();
      if (closed?.risky) frames[frames.length - 1]!.risky = true;
      continue;
    }
    if (char === '|') frames[frames.length - 1]!.risky = true;
  }
  return undefined;
}

/** The quantifier starting at `i`, if any: `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`. */
function quantifierAt(pattern: string, i: number): { length: number; repeats: boolean; varies: boolean } | undefined {
  const char = pattern[i];
  if (char === '*' || char === '+') return { length: 1, repeats: true, varies: true };
  if (char === '?') return { length: 1, repeats: false, varies: true };
  if (char !== '{') return undefined;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
  if (!braces) return undefined;
  const max = braces[2] === undefined ? Number(braces[1]) : braces[3] === '' ? Infinity : Number(braces[3]);
  return { length: braces[0].length, repeats: max > 1, varies: max !== Number(braces[1]) };
}

// --- references --------------------------------------------------------------------------------

/** `$ref`s must point inside the form, without cycles, and the expanded form must stay small. */
function referenceErrors(form: Record<string, unknown>, at: string): FieldError[] {
  const errors: FieldError[] = [];
  const sizes = new Map<unknown, number>();
  const visiting = new Set<unknown>();
  const resolve = (ref: string): unknown => {
    let node: unknown = form;
    for (const raw of ref.replace(/^#/, '').split('/').slice(1)) {
      const part = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      node = node && typeof node === 'object' && Object.hasOwn(node, part) ? (node as Record<string, unknown>)[part] : undefined;
    }
    return node;
  };
  // Nodes of the expanded tree below `node`, memoised: a chain of $refs that doubles at each step is counted, not walked.
  const expandedSize = (node: unknown, path: string): number => {
    if (!node || typeof node !== 'object') return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (visiting.has(node)) {
      errors.push({ path, message: say('refLoops'), code: 'INVALID_JSON_SCHEMA' });
      return Infinity;
    }
    visiting.add(node);
    let size = 1;
    const ref = (node as Record<string, unknown>).$ref;
    if (typeof ref === 'string') {
      const target = resolve(ref);
      if (target === undefined) errors.push({ path: `${path}.$ref`, message: say('refNotInForm', { ref }), code: 'INVALID_JSON_SCHEMA' });
      else size += expandedSize(target, `${path}.$ref`);
    }
    for (const [child, childPath] of subschemas(node as Record<string, unknown>, path)) {
      if (size > MAX_EXPANDED_NODES) break;
      size += expandedSize(child, childPath);
    }
    visiting.delete(node);
    sizes.set(node, size);
    return size;
  };
  const size = expandedSize(form, at);
  if (!errors.length && size > MAX_EXPANDED_NODES) errors.push({ path: at, message: say('formTooLarge', { n: MAX_EXPANDED_NODES }), code: 'FORM_TOO_LARGE' });
  return errors.slice(0, 20);
}

const ONE = ['items', 'contains', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'propertyNames', 'not', 'if', 'then', 'else'];
const LIST = ['prefixItems', 'allOf', 'anyOf', 'oneOf'];
const MAP = ['$defs', 'properties', 'patternProperties', 'dependentSchemas'];

/** The subschemas directly below a schema object, with their paths (a form is in the dialect by then). */
function subschemas(node: Record<string, unknown>, path: string): [unknown, string][] {
  const found: [unknown, string][] = [];
  for (const key of ONE) if (node[key] !== undefined) found.push([node[key], `${path}.${key}`]);
  for (const key of LIST) if (Array.isArray(node[key])) for (const [i, child] of (node[key] as unknown[]).entries()) found.push([child, `${path}.${key}.${i}`]);
  for (const key of MAP) {
    const map = node[key];
    if (map && typeof map === 'object') for (const [name, child] of Object.entries(map)) found.push([child, `${path}.${key}.${name}`]);
  }
  return found;
}

/** Calls `visit` on every schema object of the form. */
function walk(node: unknown, path: string, visit: (node: Record<string, unknown>, path: string) => void): void {
  if (!node || typeof node !== 'object') return;
  visit(node as Record<string, unknown>, path);
  for (const [child, childPath] of subschemas(node as Record<string, unknown>, path)) walk(child, childPath, visit);
}
