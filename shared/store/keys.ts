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
