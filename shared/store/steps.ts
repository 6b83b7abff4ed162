import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo } from './clients';
import type { Dossier } from '../domain/dossier';
import { processingKeys } from './keys';
import { queryItems } from './query';
import type { TransactItem } from './transaction';
import { MAIN_INDEX } from './table';

/**
 * Step deadlines for the deadline watcher: a marker per dossier in gsi2 (`AGENCY#<id>#STEPDUE`, by
 * due instant), written in the transaction that starts a step, so the watcher queries only what is
 * due and never reads an agency's whole inbox. A stale marker (the dossier moved on) is removed by it.
 */
export interface StepDue {
  dossierId: string;
  index: number;
  startedAt: string;
  dueAt: string;
}

/** The marker of the dossier's current step (replaces the previous one); none without an agency or a step. */
export function stepDueWrite(dossier: Dossier): TransactItem | undefined {
  const step = dossier.step;
  if (!step || !dossier.agencyId) return undefined;
  if (step.approved) return stepDueDelete(dossier.id);
  const entry: StepDue = { dossierId: dossier.id, index: step.index, startedAt: step.startedAt, dueAt: step.dueAt };
  return { Put: { TableName: config().tableName, Item: { ...processingKeys.stepDue(dossier.id, dossier.agencyId, step.dueAt), type: 'STEP_DUE', entry } } };
}

export function stepDueDelete(dossierId: string): TransactItem {
  const { pk, sk } = processingKeys.stepDue(dossierId, '', '');
  return { Delete: { TableName: config().tableName, Key: { pk, sk } } };
}

/** The markers of an agency due before `before`, oldest first. */
export async function* stepsDueBefore(agencyId: string, before: string): AsyncGenerator<StepDue> {
  const query = {
    TableName: config().tableName,
    IndexName: MAIN_INDEX.gsi2,
    KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :before',
    ExpressionAttributeValues: { ':pk': processingKeys.stepsDue(agencyId).gsi2pk, ':before': before },
  };
  for await (const item of queryItems(query)) if (item.type === 'STEP_DUE') yield item.entry as StepDue;
}

/** Removes a marker the dossier has moved past, only if it is still that one (a newer step's marker has the same key). */
export async function removeStepDue(due: StepDue): Promise<void> {
  const { pk, sk } = processingKeys.stepDue(due.dossierId, '', '');
  try {
    await dynamo().send(
      new DeleteCommand({
        TableName: config().tableName,
        Key: { pk, sk },
        ConditionExpression: '#entry.#startedAt = :startedAt AND #entry.#index = :index',
        ExpressionAttributeNames: { '#entry': 'entry', '#startedAt': 'startedAt', '#index': 'index' },
        ExpressionAttributeValues: { ':startedAt': due.startedAt, ':index': due.index },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
