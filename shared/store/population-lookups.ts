import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo } from './clients';
import { identityKeys } from './keys';

/**
 * The audit of population-database lookups (every call, found or not, failed or not): who asked,
 * when, for which purpose and dossier. Kept in the partition of the person looked up, so that the
 * person can see who looked them up (Nghị định 13/2023, the subject's right to know).
 */
export interface PopulationLookup {
  id: string;
  at: string;
  who: { sub: string; role: 'citizen' | 'officer' | 'admin'; agencyId?: string };
  purpose: 'profile' | 'prefill' | 'authority';
  dossierId?: string;
  procedureCode?: string;
  /** The identity number looked up. Stored (it is the audit's subject), never logged. */
  subject: string;
  outcome?: 'found' | 'not-found' | 'failed';
}

/** Records a lookup before it is made, so that a lookup whose answer is lost is audited too. */
export async function recordLookup(lookup: Omit<PopulationLookup, 'id'>): Promise<PopulationLookup> {
  const record = { ...lookup, id: randomUUID() };
  await dynamo().send(
    new PutCommand({
      TableName: config().tableName,
      Item: { ...identityKeys.lookup(record.subject, record.at, record.id), type: 'POPULATION_LOOKUP', lookup: record },
    }),
  );
  return record;
}

/** Sets the outcome once known. */
export async function recordOutcome(lookup: PopulationLookup, outcome: NonNullable<PopulationLookup['outcome']>): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: config().tableName,
      Item: { ...identityKeys.lookup(lookup.subject, lookup.at, lookup.id), type: 'POPULATION_LOOKUP', lookup: { ...lookup, outcome } },
    }),
  );
}

/** The latest lookups of one person, newest first. */
export async function lookupsOf(subject: string, limit = 100): Promise<PopulationLookup[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': identityKeys.lookups(subject).pk },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => item.lookup as PopulationLookup);
}
