/**
 * Every DynamoDB key of the main table is built here, and nowhere else.
 * Keys spread writes across partitions: the only hot item on the submit path is the per-agency
 * daily counter that dossier codes need.
 */
export const keys = {
  idempotency: (scope: string, key: string) => ({ pk: `IDEMPOTENCY#${scope}#${key}`, sk: 'IDEMPOTENCY' }),
  /** The liveness probe's item: /health reads it to prove the table answers. */
  health: () => ({ pk: 'HEALTH', sk: 'HEALTH' }),
};

/** Catalogue entries: one item each, and all of a kind under one GSI partition (gsi1) so a cache can load them without a scan. */
export const catalogueKeys = {
  procedure: (code: string) => ({ pk: `PROCEDURE#${code}`, sk: 'PROCEDURE' }),
  agency: (id: string) => ({ pk: `AGENCY#${id}`, sk: 'AGENCY' }),
  unit: (id: string) => ({ pk: `UNIT#${id}`, sk: 'UNIT' }),
  /** gsi1 partition listing every entry of a kind, sorted by its id or code. */
  listing: (kind: 'PROCEDURE' | 'AGENCY' | 'UNIT', id: string) => ({ gsi1pk: `CATALOGUE#${kind}`, gsi1sk: id }),
};
