import { GetObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import * as z from 'zod';
import { config } from '../config';
import { cursorCodec } from '../domain/cursor';
import type { Dossier, DossierListing, HistoryEntry } from '../domain/dossier';
import { s3, dynamo } from './clients';
import { dossierKeys, processingKeys } from './keys';
import { queryItems } from './query';
import { getDossier, getDossierWithHistory } from './dossiers';
import type { TransactItem } from './transaction';
import { MAIN_INDEX } from './table';

/**
 * An agency's inbox (gsi2: `AGENCY#<agencyId>#<status>` / `<appointmentAt>#<id>`), the admins'
 * list of unroutable dossiers, a dossier's history, and the presigned URLs officers work with.
 * Every list is a Query on one index partition: nothing here scans.
 */

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/**
 * A cursor holds the list's gsi2 partition and the last item's sort key (`<instant>#<dossierId>`). The
 * start key is rebuilt from them, once validated, in the exact shape the index expects: a forged cursor
 * can name no other partition, no other key shape and no position outside the query's range (each a
 * 400, where a raw key used to reach DynamoDB and answer 500).
 */
const SORT_KEY = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z|9999)#([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const cursors = cursorCodec(z.tuple([z.string().max(200), z.string().regex(SORT_KEY)]));
const encodeCursor = (key: Record<string, unknown> | undefined) => (key ? cursors.encode([String(key.gsi2pk), String(key.gsi2sk)]) : undefined);

function decodeCursor(cursor: string | undefined, gsi2pk: string, tableKey: (id: string) => { pk: string; sk: string }, inRange: (sortKey: string) => boolean = () => true): Record<string, string> | undefined {
  if (!cursor) return undefined;
  // The partition it was issued for must be this one: another list's cursor is refused, not reinterpreted.
  const [, sortKey] = cursors.decode(cursor, ([partition, position]) => partition === gsi2pk && inRange(position));
  return { ...tableKey(SORT_KEY.exec(sortKey)![3]!), gsi2pk, gsi2sk: sortKey };
}

export interface InboxQuery {
  agencyId: string;
  status: string;
  /** Appointment at or after this instant (ISO). */
  from?: string;
  /** Appointment strictly before this instant (ISO); `now` for the overdue ones. */
  before?: string;
  limit: number;
  cursor?: string;
  /** Only listings whose internal step is assigned to this officer (sub). */
  assignee?: string;
  /** Only listings whose internal step this department holds. */
  unit?: string;
}

/** One page of an agency's inbox in one status, oldest appointment first. */
export async function queryInbox(query: InboxQuery): Promise<Page<DossierListing>> {
  const partition = { gsi2pk: dossierKeys.inbox(query.agencyId, query.status, '', '').gsi2pk };
  const values: Record<string, string> = { ':pk': partition.gsi2pk };
  // An empty range (from after before) has no items; DynamoDB would refuse the BETWEEN.
  if (query.from && query.before && query.from > query.before) return { items: [] };
  const inRange = (sortKey: string) => (!query.from || sortKey >= query.from) && (!query.before || (query.from ? sortKey <= query.before : sortKey < query.before));
  let range = '';
  // `<appointmentAt>#<id>`: an ISO instant followed by `#` sorts after the bare instant and before the next one.
  if (query.from && query.before) {
    range = ' AND gsi2sk BETWEEN :from AND :before';
    values[':from'] = query.from;
    values[':before'] = query.before;
  } else if (query.from) {
    range = ' AND gsi2sk >= :from';
    values[':from'] = query.from;
  } else if (query.before) {
    range = ' AND gsi2sk < :before';
    values[':before'] = query.before;
  }
  // Step filters read the page and keep what matches (a short page may still have a cursor).
  const names: Record<string, string> = {};
  const filters: string[] = [];
  if (query.assignee) {
    Object.assign(names, { '#listing': 'listing', '#step': 'step', '#assignee': 'assignee' });
    values[':assignee'] = query.assignee;
    filters.push('#listing.#step.#assignee = :assignee');
  }
  if (query.unit) {
    Object.assign(names, { '#listing': 'listing', '#step': 'step', '#unit': 'unit' });
    values[':unit'] = query.unit;
    filters.push('#listing.#step.#unit = :unit');
  }
  const page = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: MAIN_INDEX.gsi2,
      KeyConditionExpression: `gsi2pk = :pk${range}`,
      ExpressionAttributeValues: values,
      ...(filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {}),
      Limit: query.limit,
      ExclusiveStartKey: decodeCursor(query.cursor, partition.gsi2pk, dossierKeys.dossier, inRange),
    }),
  );
  return { items: (page.Items ?? []).map((item) => item.listing as DossierListing), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

/** Every dossier of an inbox partition whose appointment is before `before` and not yet reported overdue. */
export async function* overdueInInbox(agencyId: string, status: string, before: string): AsyncGenerator<Dossier> {
  const query = {
    TableName: config().tableName,
    IndexName: MAIN_INDEX.gsi2,
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
    FilterExpression: 'attribute_not_exists(#listing.#notified) OR #listing.#notified = :false',
    ExpressionAttributeNames: { '#listing': 'listing', '#notified': 'overdueNotified' },
    ExpressionAttributeValues: { ':pk': dossierKeys.inbox(agencyId, status, '', '').gsi2pk, ':before': before, ':false': false },
  };
  // The index holds listings; the watcher changes the dossier, so it reads the item (overdue ones are few).
  for await (const item of queryItems(query)) {
    const dossier = await getDossier((item.listing as DossierListing).id);
    if (dossier) yield dossier;
  }
}

/**
 * The dossiers of an agency still waiting for receipt (SUBMITTED) that were submitted before
 * `submittedBefore`: the receipt-deadline watcher's candidates. The index keeps them by appointment
 * date, so the filter reads the partition (dossiers wait hours there, not months: it stays small).
 */
export async function* awaitingReceipt(agencyId: string, submittedBefore: string): AsyncGenerator<Dossier> {
  const query = {
    TableName: config().tableName,
    IndexName: MAIN_INDEX.gsi2,
    KeyConditionExpression: 'gsi2pk = :pk',
    FilterExpression: '#listing.#submittedAt < :before',
    ExpressionAttributeNames: { '#listing': 'listing', '#submittedAt': 'submittedAt' },
    ExpressionAttributeValues: { ':pk': dossierKeys.inbox(agencyId, 'SUBMITTED', '', '').gsi2pk, ':before': submittedBefore },
  };
  for await (const item of queryItems(query)) {
    const dossier = await getDossier((item.listing as DossierListing).id);
    if (dossier) yield dossier;
  }
}

/** A dossier's history (nhật ký xử lý), oldest first. */
export async function getDossierHistory(id: string): Promise<HistoryEntry[]> {
  return (await getDossierWithHistory(id))?.history ?? [];
}

/** What admins see of an unroutable dossier: ids and codes, no personal data. */
export interface UnroutedDossier {
  dossierId: string;
  code?: string;
  procedureCode: string;
  unitId: string;
  submittedAt: string;
  reason: string;
}

/** The marker that lists a dossier for admins until one assigns it; written with the unroutable event. */
export function unroutedMarkerPut(dossier: Dossier, reason: string): TransactItem {
  const submittedAt = dossier.submittedAt ?? dossier.updatedAt;
  const entry: UnroutedDossier = { dossierId: dossier.id, ...(dossier.code ? { code: dossier.code } : {}), procedureCode: dossier.procedureCode, unitId: dossier.unitId, submittedAt, reason };
  return { Put: { TableName: config().tableName, Item: { ...processingKeys.unrouted(dossier.id, submittedAt), type: 'UNROUTED', entry } } };
}

/** Removes the marker, with the assignment; no condition, so an assignment never fails on a missing marker. */
export function unroutedMarkerDelete(dossierId: string): TransactItem {
  const { pk, sk } = processingKeys.unrouted(dossierId, '');
  return { Delete: { TableName: config().tableName, Key: { pk, sk } } };
}

export async function listUnrouted(limit: number, cursor?: string): Promise<Page<UnroutedDossier>> {
  const partition = processingKeys.unroutedListing();
  const page = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: MAIN_INDEX.gsi2,
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': partition.gsi2pk },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, partition.gsi2pk, (id) => {
        const { pk, sk } = processingKeys.unrouted(id, '');
        return { pk, sk };
      }),
    }),
  );
  return { items: (page.Items ?? []).map((item) => item.entry as UnroutedDossier), nextCursor: encodeCursor(page.LastEvaluatedKey) };
}

// -- presigned URLs --

export const OFFICER_DOWNLOAD_SECONDS = 300;

export interface PresignedUrl {
  url: string;
  expiresAt: string;
}

export const expiry = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

/** A short-lived GET of one of the citizen's papers (attachments bucket). */
export async function presignPaperDownload(objectKey: string, contentType: string): Promise<PresignedUrl> {
  const command = new GetObjectCommand({ Bucket: config().attachmentsBucket, Key: objectKey, ResponseContentType: contentType });
  return { url: await getSignedUrl(s3(), command, { expiresIn: OFFICER_DOWNLOAD_SECONDS }), expiresAt: expiry(OFFICER_DOWNLOAD_SECONDS) };
}
