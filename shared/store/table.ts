/**
 * The tables, declared once: CDK (infra/stacks/stateful.ts) and the local stack
 * (infra/local/provision.ts) both create them from these declarations.
 *
 * Main table: single-table design, no stream (DynamoDB Local collapses on tables with both a stream
 * and GSIs, and the stream would carry noise). Outbox table: one item per event, streamed to the
 * publisher, expired by TTL, no GSIs. One TransactWriteItems spans both.
 */
/**
 * What an index copies of each item: only what its readers use. Every write to an item is paid
 * again in each index that holds it, so a dossier's applicant and answers stay out of them.
 */
export type IndexProjection = { kind: 'KEYS_ONLY' } | { kind: 'INCLUDE'; attributes: readonly string[] };

/** Listings read from gsi1 and gsi2: a dossier's `listing`, a catalogue entry, an open payment. */
const LISTING_ATTRIBUTES = ['type', 'listing', 'entry', 'payment'] as const;

export interface TableDeclaration {
  /** Logical id in CDK and the suffix of the local table name. */
  id: string;
  partitionKey: string;
  sortKey?: string;
  indexes: ReadonlyArray<{ name: string; partitionKey: string; sortKey: string; projection: IndexProjection }>;
  stream: boolean;
  ttlAttribute?: string;
}

export const mainTable = {
  id: 'Main',
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [
    /** A citizen's dossiers, newest first: CITIZEN#<sub> / <createdAt>#<id>. */
    { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk', projection: { kind: 'INCLUDE', attributes: LISTING_ATTRIBUTES } },
    /** An agency's inbox by status and appointment date: AGENCY#<id>#<status> / <appointmentAt>#<id>. */
    { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk', projection: { kind: 'INCLUDE', attributes: LISTING_ATTRIBUTES } },
    /** Lookup by dossier code, and other unique secondary identifiers: CODE#<code> / CODE. Keys only: a lookup then reads the item. */
    { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk', projection: { kind: 'KEYS_ONLY' } },
  ],
  stream: false,
  ttlAttribute: 'expiresAt',
} as const satisfies TableDeclaration;

type MainIndexName = (typeof mainTable.indexes)[number]['name'];
/** The main table's indexes, named from its declaration: every Query names its index through this. */
export const MAIN_INDEX = Object.fromEntries(mainTable.indexes.map((index) => [index.name, index.name])) as { readonly [N in MainIndexName]: N };

export const outboxTable = {
  id: 'Outbox',
  partitionKey: 'pk',
  indexes: [],
  stream: true,
  ttlAttribute: 'expiresAt',
} as const satisfies TableDeclaration;

export const tables = [mainTable, outboxTable] as const;
