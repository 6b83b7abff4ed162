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

/** Dossiers: the dossier item, its history items, and its index keys. */
export const dossierKeys = {
  dossier: (id: string) => ({ pk: `DOSSIER#${id}`, sk: 'DOSSIER' }),
  /** History sorts by time within the dossier's partition: one Query returns dossier + history. */
  history: (id: string, at: string, eventId: string) => ({ pk: `DOSSIER#${id}`, sk: `HISTORY#${at}#${eventId}` }),
  /** gsi1: a citizen's dossiers, newest first. */
  byOwner: (ownerSub: string, createdAt: string, id: string) => ({ gsi1pk: `CITIZEN#${ownerSub}`, gsi1sk: `${createdAt}#${id}` }),
  /** gsi2: an agency's inbox by status, oldest appointment first (overdue = before now). */
  inbox: (agencyId: string, status: string, appointmentAt: string, id: string) => ({ gsi2pk: `AGENCY#${agencyId}#${status}`, gsi2sk: `${appointmentAt}#${id}` }),
  /** gsi3: lookup by dossier code, for tracking. */
  byCode: (code: string) => ({ gsi3pk: `CODE#${code}`, gsi3sk: 'DOSSIER' }),
  /** The per-agency daily counter behind dossier codes: the one hot item on the submit path. */
  dailyCounter: (agencyId: string, day: string) => ({ pk: `COUNTER#${agencyId}#${day}`, sk: 'COUNTER' }),
};
