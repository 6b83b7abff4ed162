import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { addCounts, COUNTERS, zeroCounts, type CountedFact, type Counts } from '../domain/service-index';
import type { DossierStatus } from '../domain/dossier-lifecycle';
import { dynamo } from './clients';
import { dossierKeys, PROVINCE_SCOPE, STATS_SHARDS, statsKeys, unitScope } from './keys';
import type { PendingEvent } from './outbox';
import { processedEventPut } from './processed-events';
import { queryItems } from './query';
import { failedOn, transact, type TransactItem } from './transaction';
import { MAIN_INDEX } from './table';

const shard = () => Math.floor(Math.random() * STATS_SHARDS);

/** ADD the increments to a counter item: one atomic update, no read. */
function increment(scope: string, day: string, procedureCode: string, counts: Partial<Counts>): TransactItem {
  const names = Object.keys(counts).filter((name) => (counts as Record<string, number>)[name] !== 0);
  return {
    Update: {
      TableName: config().tableName,
      Key: statsKeys.counter(scope, shard(), day, procedureCode),
      UpdateExpression: `SET #type = :type ADD ${names.map((_, i) => `#c${i} :c${i}`).join(', ')}`,
      ExpressionAttributeNames: { '#type': 'type', ...Object.fromEntries(names.map((name, i) => [`#c${i}`, name])) },
      ExpressionAttributeValues: { ':type': 'STATS', ...Object.fromEntries(names.map((name, i) => [`:c${i}`, (counts as Record<string, number>)[name]])) },
    },
  };
}

/**
 * Adds one event's counts (and keeps its anonymised fact in the day's log) to the province's counters and those of its agency and the agency's unit
 * with the unit's ancestors, in one transaction with the record that this consumer handled the event:
 * a redelivered event adds nothing. False for a duplicate.
 */
export async function countEvent(consumer: string, fact: CountedFact, counts: Partial<Counts>): Promise<boolean> {
  const scopes = [PROVINCE_SCOPE, ...(fact.agencyId ? [fact.agencyId] : []), ...fact.unitIds.map(unitScope)];
  const logged: TransactItem = { Put: { TableName: config().tableName, Item: { ...statsKeys.logLine(fact.day, shard(), fact.at, fact.eventId), type: 'STATS_LOG', fact } } };
  try {
    await transact({ processedEvent: processedEventPut(consumer, fact.eventId), counters: scopes.map((scope) => increment(scope, fact.day, fact.procedureCode, counts)), logged });
    return true;
  } catch (error) {
    if (failedOn(error, 'processedEvent')) return false;
    throw error;
  }
}

/** The counters of a scope summed over the days [from, to], in total and per procedure. */
export async function sumCounts(scope: string, from: string, to: string): Promise<{ total: Counts; byProcedure: Map<string, Counts> }> {
  const total = zeroCounts();
  const byProcedure = new Map<string, Counts>();
  const range = statsKeys.days(from, to);
  await Promise.all(
    Array.from({ length: STATS_SHARDS }, async (_, n) => {
      for await (const item of queryItems({
        TableName: config().tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': statsKeys.shard(scope, n).pk, ':from': range.from, ':to': range.to },
      })) {
        const counts = Object.fromEntries(COUNTERS.map((name) => [name, Number(item[name] ?? 0)])) as Counts;
        const { procedureCode } = statsKeys.parse(String(item.sk));
        addCounts(total, counts);
        byProcedure.set(procedureCode, addCounts(byProcedure.get(procedureCode) ?? zeroCounts(), counts));
      }
    }),
  );
  return { total, byProcedure };
}

/** How many dossiers of an agency's inbox are in a status, optionally only those due before `before` (a COUNT Query of gsi2). */
export async function countInbox(agencyId: string, status: DossierStatus, before?: string): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: config().tableName,
        IndexName: MAIN_INDEX.gsi2,
        Select: 'COUNT',
        KeyConditionExpression: before ? 'gsi2pk = :pk AND gsi2sk < :before' : 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': dossierKeys.inbox(agencyId, status, '', '').gsi2pk, ...(before ? { ':before': before } : {}) },
        ExclusiveStartKey,
      }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

/** Thrown when a dossier already has its satisfaction form. */
export class RatingExistsError extends Error {}

/** Whether a dossier has its satisfaction form (a strongly consistent read). */
export async function hasRating(dossierId: string): Promise<boolean> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: statsKeys.rating(dossierId), ConsistentRead: true, ProjectionExpression: 'pk' }));
  return Item !== undefined;
}

/** Stores a dossier's one satisfaction form with its event, in one transaction: a second form fails. */
export async function putRating(dossierId: string, rating: Record<string, unknown>, event: PendingEvent): Promise<void> {
  try {
    await transact({
      rating: { Put: { TableName: config().tableName, Item: { ...statsKeys.rating(dossierId), type: 'RATING', rating }, ConditionExpression: 'attribute_not_exists(pk)' } },
      event: event.item,
    });
  } catch (error) {
    if (failedOn(error, 'rating')) throw new RatingExistsError();
    throw error;
  }
}

/** The anonymised facts counted on a Vietnamese day, in time order (a Query per shard, merged). */
export async function dayLog(day: string): Promise<CountedFact[]> {
  const facts: CountedFact[] = [];
  await Promise.all(
    Array.from({ length: STATS_SHARDS }, async (_, n) => {
      for await (const item of queryItems({ TableName: config().tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': statsKeys.logShard(day, n).pk } })) facts.push(item.fact as CountedFact);
    }),
  );
  return facts.sort((a, b) => a.at.localeCompare(b.at) || a.eventId.localeCompare(b.eventId));
}
