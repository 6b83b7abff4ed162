import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo } from './clients';
import { resultTrustKeys } from './keys';

/**
 * The certification authorities this stage trusts to sign results (PEM, public certificates): the
 * Government CA (Ban Cơ yếu Chính phủ) and the licensed public CAs a province accepts; locally the dev
 * CA `npm start` makes. Kept in the table, so each stage has its own and an admin changes it without
 * a deploy; cached in memory for a minute like the catalogue.
 */
export interface ResultTrust {
  certificates: string[];
  updatedAt: string;
  updatedBy: string;
}

const CACHE_TTL_MS = 60_000;
let cached: { at: number; trust: Promise<ResultTrust | undefined> } | undefined;

export function getResultTrust(): Promise<ResultTrust | undefined> {
  if (cached && Date.now() - cached.at < CACHE_TTL_MS) return cached.trust;
  const trust = dynamo()
    .send(new GetCommand({ TableName: config().tableName, Key: resultTrustKeys.stage() }))
    .then(({ Item }) => Item?.trust as ResultTrust | undefined);
  cached = { at: Date.now(), trust };
  trust.catch(() => {
    cached = undefined;
  });
  return trust;
}

export async function putResultTrust(trust: ResultTrust): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: config().tableName, Item: { ...resultTrustKeys.stage(), type: 'RESULT_TRUST', trust } }));
  cached = undefined;
}
