import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { dynamo, s3 } from './clients';
import { keys } from './keys';

export async function checkHealth() {
  const { tableName, attachmentsBucket, documentsBucket, stage } = config();
  const [table, buckets] = await Promise.all([
    dynamo()
      .send(new GetCommand({ TableName: tableName, Key: keys.health() }))
      .then(
        () => 'ok' as const,
        () => 'failing' as const,
      ),
    Promise.all([attachmentsBucket, documentsBucket].map((Bucket) => s3().send(new HeadBucketCommand({ Bucket })))).then(
      () => 'ok' as const,
      () => 'failing' as const,
    ),
  ]);
  return { status: table === 'ok' && buckets === 'ok' ? ('ok' as const) : ('degraded' as const), checks: { table, buckets }, stage };
}
