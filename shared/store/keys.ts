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
  /** One history entry per version, so entries sort in the order they happened, even within one millisecond. */
  history: (id: string, version: number) => ({ pk: `DOSSIER#${id}`, sk: `HISTORY#${String(version).padStart(10, '0')}` }),
  historyPrefix: 'HISTORY#',
  /** The version a history item's sort key holds. */
  versionOf: (sk: string) => Number(sk.slice('HISTORY#'.length)),
  /** The dossier id in a dossier item's partition key; undefined for another kind of item. */
  idOf: (pk: string) => (pk.startsWith('DOSSIER#') ? pk.slice('DOSSIER#'.length) : undefined),
  /** gsi1: a citizen's dossiers, newest first. */
  byOwner: (ownerSub: string, createdAt: string, id: string) => ({ gsi1pk: `CITIZEN#${ownerSub}`, gsi1sk: `${createdAt}#${id}` }),
  /** gsi2: an agency's inbox by status, oldest appointment first (overdue = before now). */
  inbox: (agencyId: string, status: string, appointmentAt: string, id: string) => ({ gsi2pk: `AGENCY#${agencyId}#${status}`, gsi2sk: `${appointmentAt}#${id}` }),
  /** gsi3: lookup by dossier code, for tracking. */
  byCode: (code: string) => ({ gsi3pk: `CODE#${code}`, gsi3sk: 'DOSSIER' }),
  /**
   * The dossiers filed for a person, by their identity number (as mandates are keyed): one entry per
   * submitted dossier, in its own partition, newest submission first, whoever filed it (the person
   * online, an agent, the one-stop desk, DVCQG). Written once at submission; GET /me/dossiers reads it.
   */
  ofApplicant: (nationalId: string, submittedAt: string, id: string) => ({ pk: `APPLICANT#${nationalId}`, sk: `DOSSIER#${submittedAt}#${id}` }),
  applicantPartition: (nationalId: string) => ({ pk: `APPLICANT#${nationalId}`, skPrefix: 'DOSSIER#' }),
  /** The per-agency daily counter behind dossier codes: the one hot item on the submit path. */
  dailyCounter: (agencyId: string, day: string) => ({ pk: `COUNTER#${agencyId}#${day}`, sk: 'COUNTER' }),
};

/** One-stop processing (issue 5): unroutable dossiers, consumers' processed events, notifications. */
export const processingKeys = {
  /**
   * A submitted dossier that no agency takes: a marker item beside the dossier, listed for admins in
   * gsi2 under `AGENCY#UNROUTED#SUBMITTED` (agency ids are lower-case slugs, so no agency collides).
   */
  unrouted: (dossierId: string, submittedAt: string) => ({ pk: `UNROUTED#${dossierId}`, sk: 'UNROUTED', gsi2pk: 'AGENCY#UNROUTED#SUBMITTED', gsi2sk: `${submittedAt}#${dossierId}` }),
  unroutedListing: () => ({ gsi2pk: 'AGENCY#UNROUTED#SUBMITTED' }),
  /**
   * The deadline of the internal step a dossier is in: one marker per dossier beside it, replaced at
   * each step, listed in gsi2 under `AGENCY#<id>#STEPDUE` by due instant (no status is named STEPDUE).
   */
  stepDue: (dossierId: string, agencyId: string, dueAt: string) => ({ pk: `STEPDUE#${dossierId}`, sk: 'STEPDUE', gsi2pk: `AGENCY#${agencyId}#STEPDUE`, gsi2sk: `${dueAt}#${dossierId}` }),
  stepsDue: (agencyId: string) => ({ gsi2pk: `AGENCY#${agencyId}#STEPDUE` }),
  /** A consumer's record that it has handled an event (dedupe on detail.metadata.eventId). */
  processedEvent: (consumer: string, eventId: string) => ({ pk: `PROCESSED#${consumer}#${eventId}`, sk: 'PROCESSED' }),
  /** Outbound notifications of a dossier, oldest first, in their own partition (not the dossier's). */
  notification: (dossierId: string, at: string, id: string) => ({ pk: `NOTIFICATIONS#${dossierId}`, sk: `NOTIFICATION#${at}#${id}` }),
  notifications: (dossierId: string) => ({ pk: `NOTIFICATIONS#${dossierId}` }),
};

/** Routing rules (issue 4): one item per (procedure, unit) scope, all under one gsi1 partition for the catalogue cache. */
export const routingRuleKeys = {
  rule: (id: string) => ({ pk: `ROUTING#${id}`, sk: 'ROUTING' }),
  listing: (id: string) => ({ gsi1pk: 'CATALOGUE#ROUTING', gsi1sk: id }),
};

/** Submission (issue 4): one item per issued dossier code, written with a condition so that a code is never issued twice. */
export const dossierCodeKeys = {
  claim: (code: string) => ({ pk: `CODE#${code}`, sk: 'CODE' }),
};

/** Payments: the payment item and its history, the one-open-payment lock per dossier, replay guards. */
export const paymentKeys = {
  /** The payment; its id is also the gateway's order reference (vnp_TxnRef), so lookup by TxnRef is a GetItem. */
  payment: (id: string) => ({ pk: `PAYMENT#${id}`, sk: 'PAYMENT' }),
  history: (id: string, at: string, state: string) => ({ pk: `PAYMENT#${id}`, sk: `HISTORY#${at}#${state}` }),
  historyPrefix: 'HISTORY#',
  /** Exists while a payment of the dossier's fee is open: one open payment per fee. */
  openPayment: (dossierId: string) => ({ pk: `OPENPAYMENT#${dossierId}`, sk: 'OPENPAYMENT' }),
  /**
   * gsi2 (sparse): open payments by creation time, for reconciliation. Sharded so that a rush of
   * payments does not make one hot index partition; the keys are removed once a payment settles.
   */
  pending: (shard: number, createdAt: string, id: string) => ({ gsi2pk: `PAYMENT#PENDING#${shard}`, gsi2sk: `${createdAt}#${id}` }),
  /** gsi2 (sparse): late successes not yet resolved, oldest first; few, so one partition. */
  lateSuccess: (at: string, id: string) => ({ gsi2pk: 'PAYMENT#LATE_SUCCESS', gsi2sk: `${at}#${id}` }),
  /** A refund, in its payment's partition: one Query reads a payment's refunds. */
  refund: (paymentId: string, refundId: string) => ({ pk: `PAYMENT#${paymentId}`, sk: `REFUND#${refundId}` }),
  refundsOf: (paymentId: string) => ({ pk: `PAYMENT#${paymentId}`, skPrefix: 'REFUND#' }),
  /** The payment and refund ids in a refund's key. */
  refundOf: (key: { pk: string; sk: string }) => ({ paymentId: key.pk.slice('PAYMENT#'.length), refundId: key.sk.slice('REFUND#'.length) }),
  /** gsi2 (sparse): refunds the gateway has not surely answered, by when to ask again; few, so one partition. */
  pendingRefund: (nextAttemptAt: string, refundId: string) => ({ gsi2pk: 'REFUND#PENDING', gsi2sk: `${nextAttemptAt}#${refundId}` }),
  /** One delivery per webhook signature: a replay within the tolerance finds it. */
  webhookDelivery: (provider: string, signature: string) => ({ pk: `WEBHOOK#${provider}#${signature}`, sk: 'WEBHOOK' }),
};

/** Contacts (issue 12 point 7): an account's confirmed contacts and pending codes by hashed destination; daily quotas. */
export const contactKeys = {
  account: (ownerSub: string) => ({ pk: `CONTACTS#${ownerSub}` }),
  confirmed: (ownerSub: string, contactId: string) => ({ pk: `CONTACTS#${ownerSub}`, sk: `CONTACT#${contactId}` }),
  confirmedPrefix: 'CONTACT#',
  code: (ownerSub: string, contactId: string) => ({ pk: `CONTACTS#${ownerSub}`, sk: `CODE#${contactId}` }),
  quota: (scope: string, subject: string, day: string) => ({ pk: `QUOTA#${scope}#${subject}`, sk: day }),
};

/** How many gsi2 partitions hold pending payments. */
export const PENDING_PAYMENT_SHARDS = 8;

/**
 * The service index (issue 17): counters per scope (an agency, a unit `UNIT:<id>`, or `ALL` for the province), day and
 * procedure, each scope spread over STATS_SHARDS partitions so that a rush of events never makes one
 * hot item; a report Queries each shard over a day range (no scan). One satisfaction form per dossier.
 */
export const statsKeys = {
  counter: (scope: string, shard: number, day: string, procedureCode: string) => ({ pk: `STATS#${scope}#${shard}`, sk: `${day}#${procedureCode}` }),
  shard: (scope: string, shard: number) => ({ pk: `STATS#${scope}#${shard}` }),
  /** The sort-key bounds of the days [from, to] (YYYY-MM-DD, Vietnamese calendar days). */
  days: (from: string, to: string) => ({ from: `${from}#`, to: `${to}#\uffff` }),
  /** The parts of a counter's sort key. */
  parse: (sk: string) => {
    const at = sk.indexOf('#');
    return { day: sk.slice(0, at), procedureCode: sk.slice(at + 1) };
  },
  rating: (dossierId: string) => ({ pk: `RATING#${dossierId}`, sk: 'RATING' }),
  /** The anonymised fact of each counted event, by the Vietnamese day it is counted on, sharded like the counters. */
  logLine: (day: string, shard: number, at: string, eventId: string) => ({ pk: `STATSLOG#${day}#${shard}`, sk: `${at}#${eventId}` }),
  logShard: (day: string, shard: number) => ({ pk: `STATSLOG#${day}#${shard}` }),
};

/**
 * Feedback and complaints: the item; an agency's list, newest first (gsi1); its open items by answer
 * deadline (gsi2), removed once answered or found overdue, so the watcher queries only what is due;
 * the writer's list (gsi3).
 */
export const feedbackKeys = {
  item: (id: string) => ({ pk: `FEEDBACK#${id}`, sk: 'FEEDBACK' }),
  /** The feedback id in an item's partition key. */
  idOf: (pk: string) => pk.slice('FEEDBACK#'.length),
  byAgency: (agencyId: string, submittedAt: string, id: string) => ({ gsi1pk: `AGENCY-FEEDBACK#${agencyId}`, gsi1sk: `${submittedAt}#${id}` }),
  due: (agencyId: string, dueAt: string, id: string) => ({ gsi2pk: `FEEDBACK-DUE#${agencyId}`, gsi2sk: `${dueAt}#${id}` }),
  /** gsi3 (keys only): the writer's own, newest first; the items are read from the keys. */
  byOwner: (ownerSub: string, submittedAt: string, id: string) => ({ gsi3pk: `OWNER-FEEDBACK#${ownerSub}`, gsi3sk: `${submittedAt}#${id}` }),
};

/** How many partitions hold each scope's counters. */
export const STATS_SHARDS = 4;
/** The scope that sums every agency: the province's own figures. */
export const PROVINCE_SCOPE = 'ALL';
/** The scope of an administrative unit (its agencies and its sub-units'); prefixed, as unit and agency ids may coincide. */
export const unitScope = (unitId: string) => `UNIT:${unitId}`;

/** DVCQG (issue 13): one claim per national dossier code, and each dossier's sync cursor. */
export const dvcqgKeys = {
  /** The dossier a national code (MaHoSo) was received as: claimed once, so a redelivery makes no second dossier. */
  inbound: (nationalCode: string) => ({ pk: `DVCQG#INBOUND#${nationalCode}`, sk: 'DVCQG' }),
  /** A supplement received from DVCQG (MaBoSung), once. */
  supplement: (nationalCode: string, supplementId: string) => ({ pk: `DVCQG#SUPPLEMENT#${nationalCode}#${supplementId}`, sk: 'DVCQG' }),
  /** The sync cursor, in the dossier's partition so one Query reads dossier, history and cursor. */
  cursor: (dossierId: string) => ({ pk: `DOSSIER#${dossierId}`, sk: 'DVCQG#SYNC' }),
  /** gsi2 (sparse, sharded like pending payments): cursors behind DVCQG, oldest first. */
  pending: (shard: number, behindSince: string, dossierId: string) => ({ gsi2pk: `DVCQG#PENDING#${shard}`, gsi2sk: `${behindSince}#${dossierId}` }),
  pendingListing: (shard: number) => ({ gsi2pk: `DVCQG#PENDING#${shard}` }),
};

/** How many gsi2 partitions hold dossiers behind DVCQG. */
export const DVCQG_PENDING_SHARDS = 8;

/** Identity (issue 14): mandates in the principal's partition and the agent's copy, and the audit of population lookups. */
export const identityKeys = {
  mandate: (principalNationalId: string, id: string) => ({ pk: `MANDATES#${principalNationalId}`, sk: `MANDATE#${id}` }),
  mandates: (principalNationalId: string) => ({ pk: `MANDATES#${principalNationalId}` }),
  receivedMandate: (agentNationalId: string, id: string) => ({ pk: `MANDATES-RECEIVED#${agentNationalId}`, sk: `MANDATE#${id}` }),
  receivedMandates: (agentNationalId: string) => ({ pk: `MANDATES-RECEIVED#${agentNationalId}` }),
  /** One item per lookup, in the partition of the person looked up, in time order. */
  lookup: (subject: string, at: string, id: string) => ({ pk: `LOOKUPS#${subject}`, sk: `LOOKUP#${at}#${id}` }),
  lookups: (subject: string) => ({ pk: `LOOKUPS#${subject}` }),
};

/** Slips (issue 15): a dossier's slips in their own partition, verify tokens, and the agencies' tracking books by month. */
const bookPartition = (agencyId: string, month: string) => `BOOK#${agencyId}#${month}`;
export const slipKeys = {
  /** One slip per event: the event id is in the key, so a redelivery finds the first. */
  slip: (dossierId: string, issuedAt: string, eventId: string) => ({ pk: `SLIPS#${dossierId}`, sk: `SLIP#${issuedAt}#${eventId}` }),
  slips: (dossierId: string) => ({ pk: `SLIPS#${dossierId}` }),
  /** A line of an agency's tracking book (form 06), in a partition per agency and UTC month of receipt. */
  bookEntry: (agencyId: string, receivedAt: string, dossierId: string) => ({ pk: bookPartition(agencyId, receivedAt.slice(0, 7)), sk: `${receivedAt}#${dossierId}` }),
  bookPartition,
  /** The `YYYY-MM` partitions an interval of ISO instants spans. */
  bookMonths(from: string, to: string): string[] {
    const months: string[] = [];
    const cursor = new Date(`${from.slice(0, 7)}-01T00:00:00Z`);
    while (cursor.toISOString().slice(0, 7) <= to.slice(0, 7)) {
      months.push(cursor.toISOString().slice(0, 7));
      cursor.setUTCMonth(cursor.getUTCMonth() + 1);
    }
    return months;
  },
};

/** Closed dossiers waiting for the end of their retention period (issue 16): one partition, sorted by when they fall due. */
export const retentionKeys = {
  due: (dueAt: string, dossierId: string) => ({ pk: 'RETENTION#DUE', sk: `${dueAt}#${dossierId}` }),
  partition: 'RETENTION#DUE',
};

/** Officers' reads of a dossier (issue 16, R17): one item per read in the dossier's own audit partition, in time order. */
export const auditKeys = {
  read: (dossierId: string, at: string, id: string) => ({ pk: `AUDIT#${dossierId}`, sk: `READ#${at}#${id}` }),
  reads: (dossierId: string) => ({ pk: `AUDIT#${dossierId}` }),
  readPrefix: 'READ#',
};

/** The certification authorities whose signatures on results this stage trusts (issue 16): one item. */
export const resultTrustKeys = {
  stage: () => ({ pk: 'TRUST#RESULT_CAS', sk: 'TRUST' }),
};

/** The record behind a QR's verify URL (GET /verify/{token}): any kind of document motcua issues. */
export const verificationKeys = {
  token: (token: string) => ({ pk: `VERIFY#${token}`, sk: 'VERIFY' }),
};
