import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { ConflictError } from '../domain/errors';
import type { MandateTerms } from '../domain/filing-authority';
import { dynamo } from './clients';
import { identityKeys } from './keys';
import { queryItems } from './query';

/** A mandate (giấy ủy quyền) as stored: the principal's item, and the agent's copy to list what they received. */
export interface Mandate extends MandateTerms {
  id: string;
  version: number;
  principalNationalId: string;
  principalSub: string;
  agentNationalId: string;
  paper: { fileName: string; contentType: string; size: number; sha256: string; objectKey: string; verifiedAt?: string };
  note?: string;
  createdAt: string;
  updatedAt: string;
  revokedAt?: string;
}

const items = (mandate: Mandate) => [
  { ...identityKeys.mandate(mandate.principalNationalId, mandate.id), type: 'MANDATE', mandate },
  { ...identityKeys.receivedMandate(mandate.agentNationalId, mandate.id), type: 'MANDATE_RECEIVED', mandate },
];

/** Writes a new mandate, or the next version of one (conditional on the version it replaces). */
export async function saveMandate(mandate: Mandate): Promise<void> {
  const condition = mandate.version === 1 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'mandate.version = :previous', ExpressionAttributeValues: { ':previous': mandate.version - 1 } };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: items(mandate).map((Item) => ({ Put: { TableName: config().tableName, Item, ...condition } })),
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException) {
      throw new ConflictError('The mandate was changed meanwhile; read it again.', 'CONFLICT');
    }
    throw error;
  }
}

export async function getMandate(principalNationalId: string, id: string): Promise<Mandate | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: config().tableName, Key: identityKeys.mandate(principalNationalId, id), ConsistentRead: true }));
  return Item?.mandate as Mandate | undefined;
}

/** Mandates a principal gave (a person gives a handful: no pagination). Consistent: a revocation counts at once. */
export async function mandatesGivenBy(principalNationalId: string): Promise<Mandate[]> {
  const found: Mandate[] = [];
  for await (const item of queryItems({ TableName: config().tableName, ConsistentRead: true, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': identityKeys.mandates(principalNationalId).pk } })) {
    found.push(item.mandate as Mandate);
  }
  return found;
}

/** Mandates an agent received. */
export async function mandatesReceivedBy(agentNationalId: string): Promise<Mandate[]> {
  const found: Mandate[] = [];
  for await (const item of queryItems({ TableName: config().tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': identityKeys.receivedMandates(agentNationalId).pk } })) {
    found.push(item.mandate as Mandate);
  }
  return found;
}
