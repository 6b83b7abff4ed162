import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo } from './clients';
import { retentionKeys } from './keys';

/**
 * Closed dossiers waiting for the end of their retention period: a marker per dossier in one
 * partition sorted by when it falls due, so the daily run reads only what is due (a Query, never a
 * Scan). A marker is put again by a redelivered event with the same key: once in effect.
 */
export interface RetentionMarker {
  dossierId: string;
  dueAt: string;
  closedAt: string;
}

export async function putRetentionMarker(marker: RetentionMarker): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: config().tableName, Item: { ...retentionKeys.due(marker.dueAt, marker.dossierId), type: 'RETENTION', marker } }));
}

/** Markers due at or before `at`, oldest first. */
export async function listDueMarkers(at: string, limit: number): Promise<RetentionMarker[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      KeyConditionExpression: 'pk = :pk AND sk <= :at',
      ExpressionAttributeValues: { ':pk': retentionKeys.partition, ':at': `${at}#~` },
      Limit: limit,
    }),
  );
  return Items.map((item) => item.marker as RetentionMarker);
}

export async function deleteRetentionMarker(marker: RetentionMarker): Promise<void> {
  await dynamo().send(new DeleteCommand({ TableName: config().tableName, Key: retentionKeys.due(marker.dueAt, marker.dossierId) }));
}
