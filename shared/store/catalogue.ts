import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { AdministrativeUnit, Agency, Procedure } from '../domain/procedure';
import { dynamo } from './clients';
import { catalogueKeys, routingRuleKeys } from './keys';
import { RoutingRule, routingRuleId } from '../domain/routing';
import { queryItems } from './query';
import { MAIN_INDEX } from './table';

/**
 * The catalogue (procedures, agencies, administrative units): small, read on every request, rarely
 * written. Each kind is loaded whole from its gsi1 partition (a Query, never a Scan) and kept in the
 * function's memory for CACHE_TTL_MS, so a warm function answers catalogue reads without DynamoDB.
 */
const CACHE_TTL_MS = 60_000;

type Kind = 'PROCEDURE' | 'AGENCY' | 'UNIT' | 'ROUTING';
/** The gsi1 listing keys of an entry; routing rules keep their keys in their own block of keys.ts. */
const listing = (kind: Kind, id: string) => (kind === 'ROUTING' ? routingRuleKeys.listing(id) : catalogueKeys.listing(kind, id));
const cache = new Map<Kind, { loadedAt: number; items: Promise<Map<string, unknown>> }>();

async function loadKind(kind: Kind): Promise<Map<string, unknown>> {
  const items = new Map<string, unknown>();
  const query = { TableName: config().tableName, IndexName: MAIN_INDEX.gsi1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': listing(kind, '').gsi1pk } };
  for await (const item of queryItems(query)) items.set(item.gsi1sk as string, item.entry);
  return items;
}

function entries(kind: Kind): Promise<Map<string, unknown>> {
  const cached = cache.get(kind);
  if (cached && Date.now() - cached.loadedAt < CACHE_TTL_MS) return cached.items;
  const items = loadKind(kind);
  cache.set(kind, { loadedAt: Date.now(), items });
  items.catch(() => cache.delete(kind)); // a failed load is not cached
  return items;
}

/** Forgets cached entries, so that this process reads its own writes at once (other processes within the TTL). */
export function invalidateCatalogue(kind?: Kind): void {
  if (kind) cache.delete(kind);
  else cache.clear();
}

export const listProcedures = async (): Promise<Procedure[]> => [...(await entries('PROCEDURE')).values()] as Procedure[];
export const getProcedure = async (code: string): Promise<Procedure | undefined> => (await entries('PROCEDURE')).get(code) as Procedure | undefined;
export const listAgencies = async (): Promise<Agency[]> => [...(await entries('AGENCY')).values()] as Agency[];
export const getAgency = async (id: string): Promise<Agency | undefined> => (await entries('AGENCY')).get(id) as Agency | undefined;
export const listUnits = async (): Promise<AdministrativeUnit[]> => [...(await entries('UNIT')).values()] as AdministrativeUnit[];
export const getUnit = async (id: string): Promise<AdministrativeUnit | undefined> => (await entries('UNIT')).get(id) as AdministrativeUnit | undefined;

/** The unit and its ancestors, nearest first (commune → [district →] province). */
export async function unitWithAncestors(id: string): Promise<AdministrativeUnit[]> {
  const units = await entries('UNIT');
  const chain: AdministrativeUnit[] = [];
  for (let unit = units.get(id) as AdministrativeUnit | undefined; unit && chain.length < 10; unit = unit.parentId ? (units.get(unit.parentId) as AdministrativeUnit | undefined) : undefined) {
    chain.push(unit);
  }
  return chain;
}

async function put(kind: Kind, id: string, key: { pk: string; sk: string }, entry: unknown): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: config().tableName, Item: { ...key, ...listing(kind, id), entry, updatedAt: new Date().toISOString() } }));
  invalidateCatalogue(kind);
}

export const putProcedure = (procedure: Procedure) => put('PROCEDURE', procedure.code, catalogueKeys.procedure(procedure.code), Procedure.parse(procedure));
export const putAgency = (agency: Agency) => put('AGENCY', agency.id, catalogueKeys.agency(agency.id), Agency.parse(agency));
export const putUnit = (unit: AdministrativeUnit) => put('UNIT', unit.id, catalogueKeys.unit(unit.id), AdministrativeUnit.parse(unit));

/** A procedure as stored now (past the cache), with the time of its last write: for writes that must not undo another's. */
export async function readProcedure(code: string): Promise<{ procedure: Procedure; updatedAt: string } | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: catalogueKeys.procedure(code), ConsistentRead: true }));
  return Item ? { procedure: Item.entry as Procedure, updatedAt: Item.updatedAt as string } : undefined;
}

/**
 * Writes a procedure unless someone wrote it since it was read (`seen`: its updatedAt then;
 * undefined: it did not exist). False when it changed meanwhile: an admin's edit is never undone.
 */
export async function putProcedureUnlessChanged(procedure: Procedure, seen: string | undefined, at: Date): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config().tableName,
        Item: { ...catalogueKeys.procedure(procedure.code), ...listing('PROCEDURE', procedure.code), entry: Procedure.parse(procedure), updatedAt: at.toISOString() },
        ConditionExpression: seen === undefined ? 'attribute_not_exists(pk)' : 'updatedAt = :seen',
        ...(seen === undefined ? {} : { ExpressionAttributeValues: { ':seen': seen } }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  } finally {
    invalidateCatalogue('PROCEDURE');
  }
}

/** Whether no procedure has been stored yet (one Query of at most one item, bypassing the cache): the local stack seeds an empty store. */
export async function catalogueIsEmpty(): Promise<boolean> {
  const page = await dynamo().send(
    new QueryCommand({
      TableName: config().tableName,
      IndexName: MAIN_INDEX.gsi1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': catalogueKeys.listing('PROCEDURE', '').gsi1pk },
      Limit: 1,
    }),
  );
  return (page.Items ?? []).length === 0;
}

/** Routing rules (overrides of the default routing, shared/domain/routing.ts), cached like the rest of the catalogue. */
export const listRoutingRules = async (): Promise<RoutingRule[]> => [...(await entries('ROUTING')).values()] as RoutingRule[];

/** Stores a routing rule; a rule for the same (procedure, unit) scope replaces the previous one. */
export function putRoutingRule(rule: RoutingRule): Promise<void> {
  const parsed = RoutingRule.parse(rule);
  const id = routingRuleId(parsed);
  return put('ROUTING', id, routingRuleKeys.rule(id), parsed);
}
