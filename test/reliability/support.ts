import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../../shared/store/clients';
import { dossierKeys } from '../../shared/store/keys';
import { outboxCount } from '../dossiers/support';
import { currentNames } from '../support/local';

/** A repeatable source of randomness, so a fault pattern can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Every stored item of one partition (a dossier or a payment with its history), raw: the test's view of "nothing changed". */
export async function partition(pk: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: currentNames().tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** A dossier's partition (the dossier and its history) and the size of the outbox. */
export async function dossierState(id: string) {
  return { items: await partition(dossierKeys.dossier(id).pk), outbox: await outboxCount() };
}

/** One line of figures in the test output (the README's Reliability section quotes them). */
export function figures(area: string, values: Record<string, number | string>): void {
  console.log(
    `[reliability] ${area}: ${Object.entries(values)
      .map(([key, value]) => `${key}=${value}`)
      .join(', ')}`,
  );
}
