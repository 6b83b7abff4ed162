import type * as z from 'zod';
import type { FieldError } from '../domain/errors';

/** zod issues → field errors with paths like `body.applicant.phone` or `query.limit`. */
export function fieldErrors(error: z.ZodError, where: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
    // A refinement names its own code (e.g. NUMBER_OUT_OF_RANGE) in params.
    code: issue.code === 'custom' && typeof issue.params?.code === 'string' ? issue.params.code : issue.code,
  }));
}
