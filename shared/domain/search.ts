import * as z from 'zod';
import { cursorCodec } from './cursor';
import type { Procedure, Tier } from './procedure';

/**
 * Catalogue search (tra cứu thủ tục), pure: Vietnamese folding, filtering and cursor pagination over
 * entries already in memory. No AWS here.
 */

/** "Đăng Ký Khai Sinh" → "dang ky khai sinh": NFD, combining marks removed, đ/Đ → d, lower case. */
export function foldVietnamese(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** The words of a query, folded; dots stay inside codes such as 1.001193. */
export function searchTerms(query: string | undefined): string[] {
  return foldVietnamese(query ?? '')
    .split(/[^\p{L}\p{N}.]+/u)
    .map((term) => term.replace(/^\.+|\.+$/g, ''))
    .filter(Boolean);
}

const haystacks = new WeakMap<Procedure, string>();
function haystackOf(procedure: Procedure): string {
  let text = haystacks.get(procedure);
  if (text === undefined) {
    text = foldVietnamese([procedure.code, procedure.name, procedure.nameEn ?? '', procedure.field].join(' '));
    haystacks.set(procedure, text);
  }
  return text;
}

export interface ProcedureFilter {
  q?: string;
  level?: number;
  tier?: Tier;
  /** The agency filter, resolved to what identifies its procedures: its kind at its unit's tier. */
  handledBy?: { agencyKind: string; tier: Tier };
}

/** Active procedures whose code, name or field contain every word of `q` (diacritics and case ignored), and that pass the other filters. */
export function filterProcedures(procedures: readonly Procedure[], filter: ProcedureFilter): Procedure[] {
  const terms = searchTerms(filter.q);
  return procedures.filter(
    (procedure) =>
      procedure.active &&
      (filter.level === undefined || procedure.level === filter.level) &&
      (filter.tier === undefined || procedure.tier === filter.tier) &&
      (filter.handledBy === undefined || (procedure.agencyKind === filter.handledBy.agencyKind && procedure.tier === filter.handledBy.tier)) &&
      terms.every((term) => haystackOf(procedure).includes(term)),
  );
}

export interface Page<T> {
  items: T[];
  /** Opaque; absent on the last page. */
  nextCursor?: string;
}

export const MAX_PAGE_SIZE = 100;

const cursors = cursorCodec(z.object({ after: z.string() }));
const encodeCursor = (after: string) => cursors.encode({ after });
const decodeCursor = (cursor: string): string => cursors.decode(cursor).after;

/**
 * One page of `items` in the order of their keys. The cursor holds the last key returned, so a page
 * stays correct when entries are added or removed between requests (no offsets).
 */
export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, options: { cursor?: string; limit: number }): Page<T> {
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  const rest = after === undefined ? sorted : sorted.filter((item) => keyOf(item) > after);
  const limit = Math.min(Math.max(1, options.limit), MAX_PAGE_SIZE);
  const page = rest.slice(0, limit);
  return rest.length > limit ? { items: page, nextCursor: encodeCursor(keyOf(page[page.length - 1]!)) } : { items: page };
}

/** Code-point order, the same as the `>` used for the cursor (localeCompare would disagree with it). */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
