import type * as z from 'zod';
import { say } from './field-messages';

/**
 * Bounds on free-form JSON that clients send (a dossier's answers): what DynamoDB can store and what
 * one request may cost. DynamoDB refuses numbers outside ±1E-130..9.9999999999999999999999999999999999999E+125
 * and nesting past 32 levels, and our SDK refuses integers past 2^53 (it would lose digits); an empty
 * map key is an error at write time. Checked in the contract, so each one is a 400 with its path.
 */
export interface JsonBounds {
  /** Levels of objects and arrays below the value itself (the stored item adds its own). */
  maxDepth: number;
  /** Values in the whole tree (objects, arrays and scalars). */
  maxValues: number;
  maxStringLength: number;
  maxKeyLength: number;
}

export const ANSWER_BOUNDS: JsonBounds = { maxDepth: 16, maxValues: 2_000, maxStringLength: 4_000, maxKeyLength: 100 };

/** The smallest magnitude DynamoDB stores (other than 0). */
const SMALLEST = 1e-130;

export interface JsonBoundIssue {
  path: (string | number)[];
  message: string;
  code: 'JSON_TOO_DEEP' | 'JSON_TOO_LARGE' | 'STRING_TOO_LONG' | 'KEY_INVALID' | 'NUMBER_OUT_OF_RANGE';
}

/** Each code's message (shared/domain/field-messages.ts) and the bound it names. */
const MESSAGES: Record<JsonBoundIssue['code'], (bounds: JsonBounds) => string> = {
  JSON_TOO_LARGE: (bounds) => say('jsonTooLarge', { n: bounds.maxValues }),
  NUMBER_OUT_OF_RANGE: () => say('numberOutOfRange', { n: Number.MAX_SAFE_INTEGER }),
  STRING_TOO_LONG: (bounds) => say('stringTooLong', { n: bounds.maxStringLength }),
  JSON_TOO_DEEP: (bounds) => say('jsonTooDeep', { n: bounds.maxDepth }),
  KEY_INVALID: (bounds) => say('keyInvalid', { n: bounds.maxKeyLength }),
};

/** Where `value` breaks `bounds` (at most 20 issues; empty when it does not). */
export function jsonBoundIssues(value: unknown, bounds: JsonBounds = ANSWER_BOUNDS): JsonBoundIssue[] {
  const issues: JsonBoundIssue[] = [];
  let values = 0;
  const visit = (node: unknown, path: (string | number)[], depth: number): void => {
    if (issues.length >= 20) return;
    if (++values > bounds.maxValues) {
      if (values === bounds.maxValues + 1) issues.push({ path: [], message: MESSAGES.JSON_TOO_LARGE(bounds), code: 'JSON_TOO_LARGE' });
      return;
    }
    if (typeof node === 'number') {
      const size = Math.abs(node);
      if (!Number.isFinite(node) || size > Number.MAX_SAFE_INTEGER || (size !== 0 && size < SMALLEST)) {
        issues.push({ path, message: MESSAGES.NUMBER_OUT_OF_RANGE(bounds), code: 'NUMBER_OUT_OF_RANGE' });
      }
      return;
    }
    if (typeof node === 'string') {
      if (node.length > bounds.maxStringLength) issues.push({ path, message: MESSAGES.STRING_TOO_LONG(bounds), code: 'STRING_TOO_LONG' });
      return;
    }
    if (!node || typeof node !== 'object') return;
    if (depth >= bounds.maxDepth) {
      issues.push({ path, message: MESSAGES.JSON_TOO_DEEP(bounds), code: 'JSON_TOO_DEEP' });
      return;
    }
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) visit(child, [...path, i], depth + 1);
      return;
    }
    for (const [key, child] of Object.entries(node)) {
      if (key === '' || key.length > bounds.maxKeyLength) {
        issues.push({ path: [...path, key], message: MESSAGES.KEY_INVALID(bounds), code: 'KEY_INVALID' });
        continue;
      }
      visit(child, [...path, key], depth + 1);
    }
  };
  visit(value, [], 0);
  return issues;
}

/** A zod refinement reporting each bound `value` breaks as an issue at its path, with its code, in the caller's language. */
export const withinBounds = (bounds: JsonBounds) => (value: unknown, ctx: z.RefinementCtx) => {
  for (const issue of jsonBoundIssues(value, bounds)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message, params: { code: issue.code } });
};
