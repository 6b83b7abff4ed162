import { Construct } from 'constructs';
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, type IBucket, BucketEncryption, HttpMethods, ObjectOwnership, type LifecycleRule } from 'aws-cdk-lib/aws-s3';
import { attachmentsBucket, documentsBucket, type BucketDeclaration } from '../../shared/store/buckets';
import type { StageConfig } from './stage';

/** Settings every bucket shares: private, TLS only, encrypted at rest. */
const secure = {
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  encryption: BucketEncryption.S3_MANAGED,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
} as const;

function lifecycleFrom(declaration: BucketDeclaration): LifecycleRule[] {
  return [
    // A browser that gives up mid-upload leaves parts that are billed until aborted.
    { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ...declaration.expire.map(({ prefix, days }) => ({
      id: `expire-${prefix.replace(/\W+/g, '-')}`.replace(/-+$/, ''),
      prefix,
      expiration: Duration.days(days),
      // In a versioned bucket an expiry only adds a delete marker: drop the old version too.
      ...(declaration.versioned ? { noncurrentVersionExpiration: Duration.days(days) } : {}),
    })),
    ...(declaration.versioned && declaration.keepNoncurrentDays ? [{ id: 'expire-noncurrent-versions', noncurrentVersionExpiration: Duration.days(declaration.keepNoncurrentDays) }] : []),
  ];
}

/** Citizens' papers and the documents agencies publish or issue, with their access-log bucket. */
export class Buckets extends Construct {
  readonly attachments: Bucket;
  readonly documents: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    // dev buckets are emptied on teardown; prod keeps citizens' papers whatever happens to the stack.
    const cleanup = config.removalPolicy === RemovalPolicy.DESTROY ? { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true } : { removalPolicy: RemovalPolicy.RETAIN };

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...secure,
      ...cleanup,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(config.stage === 'prod' ? 365 : 30) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server-access-log bucket itself; logging it into another bucket would only move the question.',
    });

    const bucketFrom = (declaration: BucketDeclaration) =>
      new Bucket(this, declaration.id, {
        ...secure,
        ...cleanup,
        versioned: declaration.versioned,
        lifecycleRules: lifecycleFrom(declaration),
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${declaration.id.toLowerCase()}/`,
        // Browsers PUT and GET with presigned URLs, only from the portal's own origins.
        cors:
          config.corsOrigins.length === 0
            ? []
            : [
                {
                  allowedOrigins: [...config.corsOrigins],
                  allowedMethods: declaration.cors.map((method) => HttpMethods[method]),
                  // Presigned uploads send content-type, checksum and x-amz-* headers chosen by the SDK.
                  allowedHeaders: ['*'],
                  exposedHeaders: ['ETag'],
                  maxAge: 3000,
                },
              ],
      });
    this.attachments = bucketFrom(attachmentsBucket);
    this.documents = bucketFrom(documentsBucket);
    for (const [declaration, bucket] of [
      [attachmentsBucket, this.attachments],
      [documentsBucket, this.documents],
    ] as const) {
      new CfnOutput(this, `${declaration.id}BucketName`, { value: bucket.bucketName, exportName: exportName(config, declaration.id, 'Name') });
      new CfnOutput(this, `${declaration.id}BucketArn`, { value: bucket.bucketArn, exportName: exportName(config, declaration.id, 'Arn') });
    }
  }
}

const exportName = (config: StageConfig, id: string, what: 'Name' | 'Arn') => `motcua-${config.stage}-${id}Bucket${what}`;

/**
 * A bucket of the stateful stack, seen from another stack through named exports. Named, not
 * CDK's implicit references: a grant on its objects must be acknowledged to cdk-nag by a name
 * that is the same before and after synthesis (see grants.ts).
 */
export function importBucket(scope: Construct, config: StageConfig, declaration: BucketDeclaration): IBucket {
  return Bucket.fromBucketAttributes(scope, `${declaration.id}Bucket`, {
    bucketName: Fn.importValue(exportName(config, declaration.id, 'Name')),
    bucketArn: Fn.importValue(exportName(config, declaration.id, 'Arn')),
    account: Stack.of(scope).account,
    region: Stack.of(scope).region,
  });
}
