import { randomUUID } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { ConflictError } from '../domain/errors';
import type { Dossier, HistoryEntry } from '../domain/dossier';
import { dynamo } from './clients';
import { dossierKeys } from './keys';
import type { PendingEvent } from './outbox';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The stored item: the dossier plus the index keys that its state implies. */
function toItem(dossier: Dossier) {
  return {
    ...dossierKeys.dossier(dossier.id),
    ...dossierKeys.byOwner(dossier.ownerSub, dossier.createdAt, dossier.id),
    // Only routed dossiers are in an inbox; drafts never are.
    ...(dossier.routed && dossier.agencyId ? dossierKeys.inbox(dossier.agencyId, dossier.status, dossier.appointmentAt ?? '9999', dossier.id) : {}),
    ...(dossier.code ? dossierKeys.byCode(dossier.code) : {}),
    type: 'DOSSIER',
    dossier,
  };
}

export async function getDossier(id: string, options: { consistent?: boolean } = {}): Promise<Dossier | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: dossierKeys.dossier(id), ConsistentRead: options.consistent ?? true }));
  return Item?.dossier as Dossier | undefined;
}

export interface DossierChange {
  /** The dossier after the change, with `version` already incremented by the caller (or 1 for a new one). */
  dossier: Dossier;
  history: HistoryEntry;
  events: readonly PendingEvent[];
  /** Other writes that must commit with this one (e.g. a payment's state). */
  alsoWrite?: readonly TransactItem[];
}

/**
 * Writes a dossier's new state, its history entry and its outbox events in one transaction
 * (invariant 1), conditional on the version the change was computed from (invariant 2's CONFLICT).
 * A new dossier (version 1) is conditional on not existing.
 */
export async function commitDossierChange(change: DossierChange): Promise<void> {
  const { dossier, history, events, alsoWrite = [] } = change;
  const { tableName } = config();
  const put: TransactItem = dossier.version === 1
    ? { Put: { TableName: tableName, Item: toItem(dossier), ConditionExpression: 'attribute_not_exists(pk)' } }
    : {
        Put: {
          TableName: tableName,
          Item: toItem(dossier),
          ConditionExpression: '#dossier.#version = :expected',
          ExpressionAttributeNames: { '#dossier': 'dossier', '#version': 'version' },
          ExpressionAttributeValues: { ':expected': dossier.version - 1 },
        },
      };
  const historyItem: TransactItem = {
    Put: { TableName: tableName, Item: { ...dossierKeys.history(dossier.id, history.at, events[0]?.eventId ?? randomUUID()), type: 'HISTORY', entry: history } },
  };
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: [put, historyItem, ...events.map((event) => event.item), ...alsoWrite] }));
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
      throw new ConflictError('The dossier was changed by someone else; reload it and try again.', 'CONFLICT');
    }
    throw error;
  }
}
