import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { startS3Emulator } from '../../infra/local/s3-emulator';

/**
 * One DynamoDB Local (in memory) and one S3 emulator for the whole run; each test file gets its own
 * tables and buckets (test/support/per-file-env.ts), so files run in parallel without sharing data.
 * Workers inherit the endpoints through the environment.
 */
export default async function globalSetup() {
  const [dynamoDb, s3] = await Promise.all([startDynamoDbLocal(), startS3Emulator({ directory: mkdtempSync(join(tmpdir(), 'motcua-test-s3-')) })]);
  process.env.DYNAMODB_ENDPOINT = dynamoDb.endpoint;
  process.env.S3_ENDPOINT = s3.endpoint;
  (globalThis as { __motcuaEmulators?: unknown }).__motcuaEmulators = { dynamoDb, s3 };
}
