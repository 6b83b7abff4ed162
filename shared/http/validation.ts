import type * as z from 'zod';
import { en, vi } from 'zod/locales';
import type { FieldError } from '../domain/errors';
import { resolveFieldMessage } from '../domain/field-messages';
import type { Language } from './language';

const LOCALES = { vi: vi().localeError, en: en().localeError } as const;

/** zod's field messages in a language (its own Vietnamese and English locales). */
export const fieldMessages = (language: Language) => LOCALES[language];

/**
 * zod issues → field errors with paths like `body.applicant.phone` or `query.limit`, each message
 * in `language`: a schema's own (`say(key)`, shared/domain/field-messages.ts) resolved here, zod's
 * from the locale the schema was parsed with (fieldMessages).
 */
export function fieldErrors(error: z.ZodError, where: string, language: Language = 'vi'): FieldError[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: resolveFieldMessage(issue.message, language),
    // A refinement names its own code (e.g. NUMBER_OUT_OF_RANGE) in params.
    code: issue.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : issue.code,
  }));
}
