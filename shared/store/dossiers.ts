import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, GetCommand, QueryCommand, UpdateCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { ConflictError } from '../domain/errors';
import { dossierListing, type Dossier, type DossierListing, type DossierVersion, type HistoryEntry } from '../domain/dossier';
import { dynamo } from './clients';
import { dossierCodeKeys, dossierKeys } from './keys';
import type { PendingEvent } from './outbox';
import { queryItems } from './query';
import { ConditionFailedError, failedOn, transact, type NamedWrites, type TransactItem } from './transaction';
import { MAIN_INDEX } from './table';

/**
 * The dossier is stored brotli-compressed (`body`, about a third of its JSON): every transaction that
 * changes it pays 2 write units per KB of the item, and about ten do in a lifecycle. Its version
 * and status stay plain attributes for the conditions; the listing stays plain for the indexes.
 */
const packDossier = (dossier: Dossier) => brotliCompressSync(JSON.stringify(dossier), { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } });

/** The dossier of a stored dossier item (or one stored before compression, under `dossier`). */
export function dossierOf(item: Record<string, unknown> | undefined): Dossier | undefined {
  if (!item) return undefined;
  if (item.body instanceof Uint8Array) return JSON.parse(brotliDecompressSync(item.body).toString('utf8')) as Dossier;
  return item.dossier as Dossier | undefined;
}

/** A condition that the stored dossier is at `:version` (either storage form). */
export const VERSION_CONDITION = {
  expression: '(#version = :version OR #dossier.#version = :version)',
  names: { '#version': 'version', '#dossier': 'dossier' },
} as const;

/** The stored item: the dossier plus the index keys that its state implies. */
function toItem(dossier: Dossier) {
  return {
    ...dossierKeys.dossier(dossier.id),
    ...dossierKeys.byOwner(dossier.ownerSub, dossier.createdAt, dossier.id),
    // Only routed dossiers are in an inbox; drafts never are.
    ...(dossier.routed && dossier.agencyId ? dossierKeys.inbox(dossier.agencyId, dossier.status, dossier.appointmentAt ?? '9999', dossier.id) : {}),
    ...(dossier.code ? dossierKeys.byCode(dossier.code) : {}),
    type: 'DOSSIER',
    version: dossier.version,
    status: dossier.status,
    body: packDossier(dossier),
    listing: dossierListing(dossier),
  };
}

export async function getDossier(id: string, options: { consistent?: boolean } = {}): Promise<Dossier | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: dossierKeys.dossier(id), ConsistentRead: options.consistent ?? true }));
  return dossierOf(Item);
}

export interface DossierChange extends DossierVersion {
  events: readonly PendingEvent[];
  /** Other writes that must commit with this one, by name (e.g. `{ settlement: [...] }`): a failed condition names them. */
  alsoWrite?: NamedWrites;
  /**
   * Versions passed through on the way to `dossier` in the same transaction, oldest first (a desk
   * dossier is submitted and received at once): each keeps its own history entry, and the
   * condition is on the version before the first of them.
   */
  through?: readonly DossierVersion[];
}

/**
 * Writes a dossier's new version (changeDossier() in shared/domain/dossier.ts), its history entry and
 * its outbox events in one transaction (invariant 1), conditional on the version the change was
 * computed from (invariant 2's CONFLICT). A new dossier (version 1) is conditional on not existing.
 * A failed condition of an `alsoWrite` item throws ConditionFailedError naming it (failedOn(error, name));
 * if the dossier moved too, the ConflictError wraps it, so failedOn() still answers.
 */
export async function commitDossierChange(change: DossierChange): Promise<void> {
  const { dossier, events, alsoWrite = {} } = change;
  const versions = [...(change.through ?? []), { dossier, history: change.history }];
  const readVersion = versions[0]!.dossier.version - 1;
  const { tableName } = config();
  const put: TransactItem =
    readVersion === 0
      ? { Put: { TableName: tableName, Item: toItem(dossier), ConditionExpression: 'attribute_not_exists(pk)' } }
      : {
          Put: {
            TableName: tableName,
            Item: toItem(dossier),
            ConditionExpression: VERSION_CONDITION.expression,
            ExpressionAttributeNames: VERSION_CONDITION.names,
            ExpressionAttributeValues: { ':version': readVersion },
          },
        };
  const historyItems: TransactItem[] = versions.map((version) => ({
    // Keyed by version: a second writer of the same version fails the transaction, never adds a line.
    Put: { TableName: tableName, Item: { ...dossierKeys.history(dossier.id, version.dossier.version), type: 'HISTORY', entry: version.history }, ConditionExpression: 'attribute_not_exists(pk)' },
  }));
  try {
    await transact({ ...alsoWrite, dossier: put, history: historyItems, events: events.map((event) => event.item) });
  } catch (error) {
    if (error instanceof ConditionFailedError && (error.failed.includes('dossier') || error.failed.includes('history'))) {
      throw new ConflictError('The dossier was changed by someone else; reload it and try again.', 'CONFLICT', { cause: error });
    }
    throw error;
  }
}

/**
 * Deletes a draft and everything in its partition (history), in one transaction conditional on the
 * draft still being the version read and still a draft: a submit racing with the delete wins or loses
 * whole. False when it changed meanwhile.
 */
export async function deleteDraftItems(dossier: Dossier): Promise<boolean> {
  const { tableName } = config();
  const keys: { pk: string; sk: string }[] = [];
  const query = { TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': dossierKeys.dossier(dossier.id).pk }, ProjectionExpression: 'pk, sk', ConsistentRead: true };
  for await (const item of queryItems(query)) if (item.sk !== dossierKeys.dossier(dossier.id).sk) keys.push({ pk: item.pk as string, sk: item.sk as string });
  try {
    await transact({
      dossier: {
        Delete: {
          TableName: tableName,
          Key: dossierKeys.dossier(dossier.id),
          ConditionExpression: `${VERSION_CONDITION.expression} AND (#status = :draft OR #dossier.#status = :draft)`,
          ExpressionAttributeNames: { ...VERSION_CONDITION.names, '#status': 'status' },
          ExpressionAttributeValues: { ':version': dossier.version, ':draft': 'DRAFT' },
        },
      },
      // A transaction holds 100 items: the rest of a long-edited draft's history goes right after.
      rest: keys.slice(0, 99).map((Key) => ({ Delete: { TableName: tableName, Key } })),
    });
    for (const Key of keys.slice(99)) await dynamo().send(new DeleteCommand({ TableName: tableName, Key }));
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError && error.failed.includes('dossier')) return false;
    throw error;
  }
}

/** Rewrites a dossier's history without its notes (free text may name people); the lines themselves stay. */
export async function dropHistoryNotes(dossierId: string): Promise<number> {
  const { tableName } = config();
  const query = {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :history)',
    ExpressionAttributeValues: { ':pk': dossierKeys.dossier(dossierId).pk, ':history': dossierKeys.historyPrefix },
    ConsistentRead: true,
  };
  let rewritten = 0;
  for await (const item of queryItems(query)) {
    const { note: _note, ...entry } = item.entry as HistoryEntry;
    if (_note === undefined) continue;
    await dynamo().send(new UpdateCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk }, UpdateExpression: 'SET entry = :entry', ExpressionAttributeValues: { ':entry': entry } }));
    rewritten += 1;
  }
  return rewritten;
}

/**
 * Whether a change that failed with `error` may have been written all the same: anything but a
 * refused transaction (a condition, a taken code) leaves the outcome unknown, e.g. a timeout or a
 * reply lost after DynamoDB committed. Cleanup after such a failure must first look at what is stored.
 */
export function mayHaveCommitted(error: unknown): boolean {
  return !(error instanceof TransactionCanceledException || error instanceof ConditionFailedError || error instanceof ConflictError || error instanceof DossierCodeTakenError);
}

// ---- Citizen dossiers (issue 4): reads for the citizen and tracking, the code counter, the code claim. ----

/** The dossier and its history (nhật ký), oldest entry first: one Query of the dossier's partition. */
export async function getDossierWithHistory(id: string): Promise<{ dossier: Dossier; history: HistoryEntry[] } | undefined> {
  let dossier: Dossier | undefined;
  const history: HistoryEntry[] = [];
  const query = { TableName: config().tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': dossierKeys.dossier(id).pk }, ConsistentRead: true };
  for await (const item of queryItems(query)) {
    if (item.type === 'DOSSIER') dossier = dossierOf(item);
    else if (item.type === 'HISTORY') history.push(item.entry as HistoryEntry);
  }
  return dossier ? { dossier, history } : undefined;
}

/** Where a page of a citizen's dossiers starts: the last dossier of the previous page. */
export interface OwnerCursor {
  id: string;
  createdAt: string;
}

/**
 * A citizen's dossiers, newest first (gsi1). The start key is rebuilt from `after` and the caller's
 * own sub, so a forged cursor can only move within the caller's own partition.
 */
export async function listDossiersByOwner(ownerSub: string, options: { limit: number; after?: OwnerCursor }): Promise<{ items: DossierListing[]; next?: OwnerCursor }> {
  const { after, limit } = options;
  const page = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: MAIN_INDEX.gsi1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': dossierKeys.byOwner(ownerSub, '', '').gsi1pk },
      ScanIndexForward: false,
      Limit: limit,
      ...(after ? { ExclusiveStartKey: { ...dossierKeys.dossier(after.id), ...dossierKeys.byOwner(ownerSub, after.createdAt, after.id) } } : {}),
    }),
  );
  const items = (page.Items ?? []).map((item) => item.listing as DossierListing);
  const last = items[items.length - 1];
  return { items, ...(page.LastEvaluatedKey && last ? { next: { id: last.id, createdAt: last.createdAt } } : {}) };
}

/** The dossier that holds an issued code, for public tracking: gsi3 gives its key, then the item is read. */
export async function findDossierByCode(code: string): Promise<Dossier | undefined> {
  const key = dossierKeys.byCode(code);
  const page = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: MAIN_INDEX.gsi3,
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk = :sk',
      ExpressionAttributeValues: { ':pk': key.gsi3pk, ':sk': key.gsi3sk },
      Limit: 1,
    }),
  );
  const pk = page.Items?.[0]?.pk as string | undefined;
  const id = pk === undefined ? undefined : dossierKeys.idOf(pk);
  return id === undefined ? undefined : getDossier(id, { consistent: false });
}

/** Counter items outlive their day by a month, then TTL removes them. */
const COUNTER_RETENTION_SECONDS = 31 * 24 * 3600;

/**
 * The next number of an agency's daily counter (from 1): one atomic ADD on the one hot item of the
 * submit path, done before the submit transaction. A submit that then fails leaves a gap in the
 * day's numbers; concurrent submits always get distinct, consecutive numbers.
 */
export async function nextDailySequence(counterId: string, day: string): Promise<number> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: config().tableName,
      Key: dossierKeys.dailyCounter(counterId, day),
      UpdateExpression: 'ADD #seq :one SET expiresAt = if_not_exists(expiresAt, :expires)',
      ExpressionAttributeNames: { '#seq': 'seq' },
      ExpressionAttributeValues: { ':one': 1, ':expires': Math.floor(Date.now() / 1000) + COUNTER_RETENTION_SECONDS },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.seq);
}

/** Thrown when an issued code is already taken (two agencies sharing a code prefix); the caller draws another number. */
export class DossierCodeTakenError extends Error {
  constructor(readonly code: string) {
    super(`Dossier code ${code} is already taken`);
  }
}

/**
 * commitDossierChange plus a conditional claim of the dossier's new code in the same transaction,
 * so that a code is never issued twice even if two agencies share a code prefix.
 */
export async function commitWithCodeClaim(change: DossierChange, code: string): Promise<void> {
  const codeClaim: TransactItem = {
    Put: {
      TableName: config().tableName,
      Item: { ...dossierCodeKeys.claim(code), type: 'CODE', dossierId: change.dossier.id },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  try {
    await commitDossierChange({ ...change, alsoWrite: { ...change.alsoWrite, codeClaim } });
  } catch (error) {
    if (failedOn(error, 'codeClaim')) throw new DossierCodeTakenError(code);
    throw error;
  }
}

/** Dossiers by id, 100 keys per BatchGetItem, unprocessed keys retried; a missing one is left out. */
export async function getDossiers(ids: readonly string[]): Promise<Map<string, Dossier>> {
  const found = new Map<string, Dossier>();
  const { tableName } = config();
  for (let i = 0; i < ids.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map((id) => dossierKeys.dossier(id));
    for (let attempt = 0; keys?.length && attempt < 5; attempt++) {
      const page: BatchGetCommandOutput = await dynamo().send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys, ProjectionExpression: 'body, dossier' } } }));
      for (const item of page.Responses?.[tableName] ?? []) {
        const dossier = dossierOf(item);
        if (dossier) found.set(dossier.id, dossier);
      }
      keys = page.UnprocessedKeys?.[tableName]?.Keys;
    }
    if (keys?.length) throw new Error('The table kept some keys unprocessed; retry later');
  }
  return found;
}

/** The entry that lists a submitted dossier under its applicant's identity number (none without one, after retention). */
export function applicantEntryWrite(dossier: Dossier): TransactItem | undefined {
  if (!dossier.applicant.nationalId || !dossier.submittedAt) return undefined;
  return {
    Put: {
      TableName: config().tableName,
      Item: { ...dossierKeys.ofApplicant(dossier.applicant.nationalId, dossier.submittedAt, dossier.id), type: 'APPLICANT_DOSSIER', dossierId: dossier.id, submittedAt: dossier.submittedAt },
    },
  };
}

/** Retention: the dossier is no longer listed under its applicant. */
export async function deleteApplicantEntry(dossier: Dossier): Promise<void> {
  if (!dossier.applicant.nationalId || !dossier.submittedAt) return;
  await dynamo().send(new DeleteCommand({ TableName: config().tableName, Key: dossierKeys.ofApplicant(dossier.applicant.nationalId, dossier.submittedAt, dossier.id) }));
}

export interface ApplicantCursor {
  submittedAt: string;
  id: string;
}

/** The dossiers filed for `nationalId`, newest submission first: one Query of its entries, one BatchGetItem of the dossiers. */
export async function listDossiersOfApplicant(nationalId: string, options: { limit: number; after?: ApplicantCursor }): Promise<{ items: Dossier[]; next?: ApplicantCursor }> {
  const { limit, after } = options;
  const partition = dossierKeys.applicantPartition(nationalId);
  const page = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      KeyConditionExpression: after ? 'pk = :pk AND sk < :after' : 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: after ? { ':pk': partition.pk, ':after': dossierKeys.ofApplicant(nationalId, after.submittedAt, after.id).sk } : { ':pk': partition.pk, ':prefix': partition.skPrefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  const ids = (page.Items ?? []).map((item) => item.dossierId as string);
  const dossiers = await getDossiers(ids);
  // An entry whose dossier lost its applicant (retention running) or changed hands is not theirs to see.
  const items = ids.map((id) => dossiers.get(id)).filter((dossier): dossier is Dossier => dossier?.applicant.nationalId === nationalId);
  const last = page.Items?.at(-1);
  return { items, ...(page.LastEvaluatedKey && last ? { next: { submittedAt: last.submittedAt as string, id: last.dossierId as string } } : {}) };
}
