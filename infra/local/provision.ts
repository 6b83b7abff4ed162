import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException, UpdateTimeToLiveCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { buckets, type BucketDeclaration } from '../../shared/store/buckets';
import { tables, type TableDeclaration } from '../../shared/store/table';

/** The local names of the declared tables and buckets: `<prefix>-<id>` in lower case. */
export function localNames(prefix: string) {
  const name = (id: string) => `${prefix}-${id}`.toLowerCase();
  return {
    tableName: name(tables[0].id),
    outboxTableName: name(tables[1].id),
    attachmentsBucket: name(buckets[0].id),
    documentsBucket: name(buckets[1].id),
  };
}

function createTableInput(declaration: TableDeclaration, tableName: string): CreateTableCommandInput {
  const attributes = new Set<string>([declaration.partitionKey, ...(declaration.sortKey ? [declaration.sortKey] : [])]);
  for (const index of declaration.indexes) attributes.add(index.partitionKey).add(index.sortKey);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [{ AttributeName: declaration.partitionKey, KeyType: 'HASH' }, ...(declaration.sortKey ? [{ AttributeName: declaration.sortKey, KeyType: 'RANGE' as const }] : [])],
    ...(declaration.indexes.length
      ? {
          GlobalSecondaryIndexes: declaration.indexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
              { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
            ],
            Projection: index.projection.kind === 'KEYS_ONLY' ? { ProjectionType: 'KEYS_ONLY' as const } : { ProjectionType: 'INCLUDE' as const, NonKeyAttributes: [...index.projection.attributes] },
          })),
        }
      : {}),
    ...(declaration.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' as const } } : {}),
  };
}

/** Creates the declared tables (if missing) in DynamoDB Local, from the same declarations as CDK. */
export async function createTables(client: DynamoDBClient, names: ReturnType<typeof localNames>): Promise<void> {
  const tableNames = [names.tableName, names.outboxTableName];
  await Promise.all(
    tables.map(async (declaration, i) => {
      const TableName = tableNames[i]!;
      try {
        await client.send(new CreateTableCommand(createTableInput(declaration, TableName)));
        if (declaration.ttlAttribute) {
          await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { Enabled: true, AttributeName: declaration.ttlAttribute } }));
        }
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
      await client.send(new DescribeTableCommand({ TableName }));
    }),
  );
}

/** Creates the declared buckets (if missing) in the S3 emulator, with their CORS rules. */
export async function createBuckets(client: S3Client, names: ReturnType<typeof localNames>, corsOrigins: readonly string[] = ['*']): Promise<void> {
  const bucketNames = [names.attachmentsBucket, names.documentsBucket];
  await Promise.all(
    buckets.map(async (declaration: BucketDeclaration, i) => {
      const Bucket = bucketNames[i]!;
      await client.send(new CreateBucketCommand({ Bucket })).catch((error: { name?: string }) => {
        if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
      });
      await client.send(
        new PutBucketCorsCommand({
          Bucket,
          CORSConfiguration: { CORSRules: [{ AllowedOrigins: [...corsOrigins], AllowedMethods: [...declaration.cors], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 }] },
        }),
      );
    }),
  );
}
