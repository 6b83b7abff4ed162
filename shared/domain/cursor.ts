import type * as z from 'zod';
import { ValidationError } from './errors';
import { say } from './field-messages';

/**
 * The one cursor codec of every list (GET /dossiers, /agency/dossiers, the catalogue's searches, the
 * admins' lists): a cursor is opaque to clients, base64url of JSON, and what comes back is checked
 * against the schema of what was put in. Anything else (not base64url, not JSON, not that shape, or
 * refused by `check`) is 400 INVALID_CURSOR at `query.cursor`, never a read somewhere else.
 * Hardening (signing, binding to the caller) belongs here, so that every list gets it at once.
 */
export interface CursorCodec<T> {
  encode(position: T): string;
  /** `check` adds what the schema cannot know, e.g. that a key lies in the caller's own partition. */
  decode(cursor: string, check?: (position: T) => boolean): T;
}

/** Longer than any cursor this API issues; a longer one is refused before it is parsed. */
export const MAX_CURSOR_LENGTH = 1024;

export const invalidCursor = () => new ValidationError('The cursor is not one this API issued for this list.', [{ path: 'query.cursor', message: say('invalidCursor') }], 'INVALID_CURSOR');

export function cursorCodec<S extends z.ZodType>(schema: S): CursorCodec<z.output<S>> {
  return {
    encode: (position) => Buffer.from(JSON.stringify(position), 'utf8').toString('base64url'),
    decode: (cursor, check) => {
      if (cursor.length > MAX_CURSOR_LENGTH || !/^[\w-]+$/.test(cursor)) throw invalidCursor();
      let parsed: z.ZodSafeParseResult<z.output<S>>;
      try {
        parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
      } catch {
        throw invalidCursor();
      }
      if (!parsed.success || (check && !check(parsed.data))) throw invalidCursor();
      return parsed.data;
    },
  };
}
