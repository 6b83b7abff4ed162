/**
 * A value built once, on first call. For schemas that only some callers need (response schemas,
 * the catalogue's models): wrapped in `z.lazy(built)` where a schema is needed, called where one is
 * extended. zod builds each schema at some cost, and at import every cold start of every route that
 * imports the module paid for all of them (issue 19).
 */
export function onFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
