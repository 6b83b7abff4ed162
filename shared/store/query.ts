import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './clients';

/** Every item a Query matches, page after page: for partitions known to stay small (a dossier's, a catalogue kind's). */
export async function* queryItems(input: QueryCommandInput): AsyncGenerator<Record<string, unknown>> {
  let ExclusiveStartKey = input.ExclusiveStartKey;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey }));
    yield* page.Items ?? [];
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}
