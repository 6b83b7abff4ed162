import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { GetCommand, PutCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { config } from '../config';
import type { Dossier, HistoryEntry } from '../domain/dossier';
import { ServiceUnavailableError } from '../domain/errors';
import { dynamo, s3 } from './clients';
import { dossierKeys, dvcqgKeys, DVCQG_PENDING_SHARDS } from './keys';
import { dossierOf } from './dossiers';
import { queryItems } from './query';
import { MAIN_INDEX } from './table';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * DVCQG's items in the main table: the claim of each national dossier code (one dossier per
 * MaHoSo, whatever the redeliveries), and each dossier's sync cursor beside it in its partition,
 * listed in gsi2 (sharded) while the dossier is behind.
 */

/** The claim of a national code, to commit in the transaction that creates its dossier. */
export function nationalCodeClaim(nationalCode: string, dossierId: string): TransactItem {
  return { Put: { TableName: config().tableName, Item: { ...dvcqgKeys.inbound(nationalCode), type: 'DVCQG_INBOUND', dossierId }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** The dossier a national code was received as, if any. */
export async function dossierIdOfNationalCode(nationalCode: string): Promise<string | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: dvcqgKeys.inbound(nationalCode), ConsistentRead: true }));
  return Item?.dossierId as string | undefined;
}

/** The claim of a supplement (MaBoSung), committed with the supplement it brings: a redelivery changes nothing. */
export function supplementClaim(nationalCode: string, supplementId: string, dossierId: string): TransactItem {
  return { Put: { TableName: config().tableName, Item: { ...dvcqgKeys.supplement(nationalCode, supplementId), type: 'DVCQG_SUPPLEMENT', dossierId }, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Whether this supplement was already taken. */
export async function supplementReceived(nationalCode: string, supplementId: string): Promise<boolean> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: dvcqgKeys.supplement(nationalCode, supplementId), ConsistentRead: true }));
  return !!Item;
}

/** Where one dossier's sync to DVCQG stands; what the pending list shows. */
export interface SyncState {
  dossierId: string;
  /** MaHoSo sent, once known. */
  maHoSo?: string;
  /** Create (or create → "đã tồn tại" → update) succeeded. */
  created: boolean;
  /** Dossier version of the last acknowledged create or update. */
  syncedVersion: number;
  /** Last history version whose progress item DVCQG acknowledged (0: none). */
  ackedVersion: number;
  /** The dossier's version when last looked at. */
  knownVersion: number;
  /** Set while behind: the dossier is then listed as pending. */
  behindSince?: string;
  lease?: { owner: string; until: string };
  /** Another trigger arrived while the lease was held: the holder goes round once more. */
  recheck?: boolean;
  /** Failed passes since the last success. */
  failures: number;
  lastError?: { at: string; step: 'create' | 'update' | 'progress'; reason: string; message: string };
  nextAttemptAt?: string;
  lastSyncedAt?: string;
}

export interface StoredCursor {
  state: SyncState;
  /** Optimistic concurrency of the cursor item itself. */
  rev: number;
}

export const emptySyncState = (dossierId: string): SyncState => ({ dossierId, created: false, syncedVersion: 0, ackedVersion: 0, knownVersion: 0, failures: 0 });

const shardOf = (id: string) => createHash('sha256').update(id).digest()[0]! % DVCQG_PENDING_SHARDS;

/** Everything the sync needs of a dossier, in one Query of its partition. */
export async function readSyncSubject(dossierId: string): Promise<{ dossier?: Dossier; history: { version: number; entry: HistoryEntry }[]; cursor?: StoredCursor }> {
  let dossier: Dossier | undefined;
  let cursor: StoredCursor | undefined;
  const history: { version: number; entry: HistoryEntry }[] = [];
  const query = { TableName: config().tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': dossierKeys.dossier(dossierId).pk }, ConsistentRead: true };
  for await (const item of queryItems(query)) {
    if (item.type === 'DOSSIER') dossier = dossierOf(item);
    else if (item.type === 'HISTORY') history.push({ version: dossierKeys.versionOf(String(item.sk)), entry: item.entry as HistoryEntry });
    else if (item.type === 'DVCQG_SYNC') cursor = { state: item.listing as SyncState, rev: item.rev as number };
  }
  return { dossier, history, cursor };
}

export async function getSyncCursor(dossierId: string): Promise<StoredCursor | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: dvcqgKeys.cursor(dossierId), ConsistentRead: true }));
  return Item ? { state: Item.listing as SyncState, rev: Item.rev as number } : undefined;
}

/**
 * Writes the cursor over the revision it was read at (0: not yet written); false when someone
 * else wrote it in between. The state is the item's `listing`, which gsi2 copies while pending.
 */
export async function putSyncCursor(state: SyncState, rev: number): Promise<boolean> {
  const pending = state.behindSince ? dvcqgKeys.pending(shardOf(state.dossierId), state.behindSince, state.dossierId) : {};
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config().tableName,
        Item: { ...dvcqgKeys.cursor(state.dossierId), type: 'DVCQG_SYNC', rev: rev + 1, listing: JSON.parse(JSON.stringify(state)) as SyncState, ...pending },
        ...(rev === 0 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': rev } }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Every dossier behind, oldest first: one Query per shard of gsi2, never a scan. */
export async function listPendingSync(limit: number): Promise<SyncState[]> {
  const shards = await Promise.all(
    Array.from({ length: DVCQG_PENDING_SHARDS }, async (_, shard) => {
      const { Items } = await dynamo().send(
        new QueryCommand({
          TableName: config().tableName,
          IndexName: MAIN_INDEX.gsi2,
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': dvcqgKeys.pendingListing(shard).gsi2pk },
          Limit: limit,
        }),
      );
      return (Items ?? []).map((item) => item.listing as SyncState);
    }),
  );
  return shards
    .flat()
    .sort((a, b) => (a.behindSince ?? '').localeCompare(b.behindSince ?? ''))
    .slice(0, limit);
}

/**
 * The public, expiring link DVCQG gets to a paper or the result (§0 "public file URL"). In AWS a
 * link signed with a function's role lasts at most as long as that role's session (hours): a
 * province that needs longer links serves the files behind its own gateway instead.
 */
export async function presignForDvcqg(bucket: 'attachments' | 'documents', objectKey: string, seconds: number): Promise<string> {
  const Bucket = bucket === 'attachments' ? config().attachmentsBucket : config().documentsBucket;
  return getSignedUrl(s3(), new GetObjectCommand({ Bucket, Key: objectKey }), { expiresIn: seconds });
}

/** Stores a paper fetched from DVCQG in quarantine, as a citizen's upload would be, to be verified like one. */
export async function putFetchedPaper(objectKey: string, body: Uint8Array, contentType: string, sha256: string): Promise<void> {
  await s3()
    .send(new PutObjectCommand({ Bucket: config().attachmentsBucket, Key: objectKey, Body: body, ContentType: contentType, ChecksumSHA256: sha256 }))
    .catch((error: unknown) => {
      throw new ServiceUnavailableError('The file store is unavailable; retry later.', 2, error);
    });
}
