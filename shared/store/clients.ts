import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { config } from '../config';

/** SDK clients, created once per process (module scope) and reused across invocations. */
let documentClient: DynamoDBDocumentClient | undefined;
let s3Client: S3Client | undefined;

const local = { region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { dynamoDbEndpoint } = config();
    const client = new DynamoDBClient(dynamoDbEndpoint ? { ...local, endpoint: dynamoDbEndpoint, maxAttempts: 4 } : { maxAttempts: 4 });
    documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }
  return documentClient;
}

export function s3(): S3Client {
  if (!s3Client) {
    const { s3Endpoint } = config();
    // WHEN_REQUIRED: otherwise presigned PUTs carry the CRC32 of an empty body (see TOOLCHAIN.md).
    const common = { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', maxAttempts: 3 } as const;
    s3Client = new S3Client(s3Endpoint ? { ...common, region: 'ap-southeast-1', endpoint: s3Endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : common);
  }
  return s3Client;
}
