import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo } from './clients';
import { auditKeys } from './keys';

/**
 * The audit of officers' reads of a dossier (Nghị định 13/2023: who processed personal data, when,
 * what): written before the data is answered, so that a read whose answer is lost is audited too. In
 * the dossier's own partition (`AUDIT#<id>`), outside the dossier item, so that reads never contend
 * with changes; kept when the dossier's personal data is removed at the end of its retention.
 */
export interface DossierRead {
  id: string;
  at: string;
  who: { sub: string; role: string; agencyId?: string };
  /** `dossier` (the full view, papers' links included) or `slips`. */
  what: 'dossier' | 'slips';
  correlationId?: string;
}

export async function recordRead(dossierId: string, read: Omit<DossierRead, 'id'>): Promise<void> {
  const record = { ...read, id: randomUUID() };
  await dynamo().send(new PutCommand({ TableName: config().tableName, Item: { ...auditKeys.read(dossierId, record.at, record.id), type: 'DOSSIER_READ', read: record } }));
}

/** Newest first, a page at a time; `after` is the sort key of the last read of the previous page. */
export async function listReads(dossierId: string, options: { limit: number; after?: string }): Promise<{ items: DossierRead[]; next?: string }> {
  const { Items = [], LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      KeyConditionExpression: options.after ? 'pk = :pk AND sk < :after' : 'pk = :pk AND begins_with(sk, :read)',
      ExpressionAttributeValues: { ':pk': auditKeys.reads(dossierId).pk, ...(options.after ? { ':after': options.after } : { ':read': auditKeys.readPrefix }) },
      ScanIndexForward: false,
      Limit: options.limit,
    }),
  );
  return { items: Items.map((item) => item.read as DossierRead), ...(LastEvaluatedKey ? { next: LastEvaluatedKey.sk as string } : {}) };
}
