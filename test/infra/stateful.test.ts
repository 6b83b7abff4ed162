import { Match, type Template } from 'aws-cdk-lib/assertions';
import { attachmentsBucket, documentsBucket } from '../../shared/store/buckets';
import { mainTable, outboxTable } from '../../shared/store/table';
import { AGENCY_WEBHOOK_TARGETS, gatewaySecrets, SECURE_PARAMETER_TYPE } from '../../infra/stacks/secrets';
import { devContext, prodContext, synth } from './support';

const dev = synth(devContext);
const prod = synth(prodContext);

type Resource = { Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };
const resources = (template: Template, type: string) => Object.values(template.findResources(type)) as Resource[];
const tableWithKey = (template: Template, hasSortKey: boolean) => resources(template, 'AWS::DynamoDB::Table').find((t) => t.Properties.KeySchema.length === (hasSortKey ? 2 : 1))!;

describe('the stateful stack: tables', () => {
  it('creates exactly the two declared tables, on demand, with PITR and server-side encryption', () => {
    const tables = resources(dev.stateful, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(2);
    for (const table of tables) {
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    }
  });

  it('gives the main table the keys and GSIs of shared/store/table.ts, and no stream', () => {
    const main = tableWithKey(dev.stateful, true).Properties;
    expect(main.KeySchema).toEqual([
      { AttributeName: mainTable.partitionKey, KeyType: 'HASH' },
      { AttributeName: mainTable.sortKey, KeyType: 'RANGE' },
    ]);
    expect(main.GlobalSecondaryIndexes.map((index: any) => ({ name: index.IndexName, partitionKey: index.KeySchema[0].AttributeName, sortKey: index.KeySchema[1].AttributeName }))).toEqual(
      mainTable.indexes.map(({ name, partitionKey, sortKey }) => ({ name, partitionKey, sortKey })),
    );
    // Indexes copy only what their readers use: never a whole dossier (its applicant, its answers).
    expect(main.GlobalSecondaryIndexes.map((index: any) => index.Projection)).toEqual(
      mainTable.indexes.map(({ projection }) => (projection.kind === 'KEYS_ONLY' ? { ProjectionType: 'KEYS_ONLY' } : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.attributes] })),
    );
    expect(main.GlobalSecondaryIndexes.map((index: any) => index.Projection.ProjectionType)).not.toContain('ALL');
    expect(main.StreamSpecification).toBeUndefined();
    expect(main.TimeToLiveSpecification).toEqual({ AttributeName: mainTable.ttlAttribute, Enabled: true });
  });

  it('gives the outbox a NEW_IMAGE stream and a TTL, and no GSI', () => {
    const outbox = tableWithKey(dev.stateful, false).Properties;
    expect(outbox.KeySchema).toEqual([{ AttributeName: outboxTable.partitionKey, KeyType: 'HASH' }]);
    expect(outbox.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(outbox.TimeToLiveSpecification).toEqual({ AttributeName: outboxTable.ttlAttribute, Enabled: true });
    expect(outbox.GlobalSecondaryIndexes).toBeUndefined();
  });

  it('protects the tables in prod (deletion protection, RETAIN) and lets dev clean up (DESTROY)', () => {
    for (const table of resources(prod.stateful, 'AWS::DynamoDB::Table')) {
      expect(table.Properties.DeletionProtectionEnabled).toBe(true);
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    }
    for (const table of resources(dev.stateful, 'AWS::DynamoDB::Table')) {
      expect(table.Properties.DeletionProtectionEnabled).toBe(false);
      expect(table.DeletionPolicy).toBe('Delete');
    }
  });
});

describe('the stateful stack: buckets', () => {
  const buckets = resources(dev.stateful, 'AWS::S3::Bucket');
  const declared = (template: Template, id: string) => Object.entries(template.findResources('AWS::S3::Bucket')).find(([logicalId]) => logicalId.startsWith(`Buckets${id}`))![1] as Resource;

  it('blocks public access and encrypts every bucket', () => {
    expect(buckets).toHaveLength(3); // attachments, documents, access logs
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    }
  });

  it('denies every request without TLS on every bucket', () => {
    const policies = resources(dev.stateful, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(3);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it.each([attachmentsBucket, documentsBucket])('builds the $id bucket from its declaration', (declaration) => {
    const bucket = declared(dev.stateful, declaration.id).Properties;
    expect(bucket.VersioningConfiguration?.Status === 'Enabled').toBe(declaration.versioned);
    const rules = bucket.LifecycleConfiguration.Rules;
    expect(rules).toContainEqual(expect.objectContaining({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: 'Enabled' }));
    for (const { prefix, days } of declaration.expire) {
      expect(rules).toContainEqual(expect.objectContaining({ Prefix: prefix, ExpirationInDays: days, Status: 'Enabled' }));
    }
    if ('keepNoncurrentDays' in declaration) {
      expect(rules).toContainEqual(expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: declaration.keepNoncurrentDays }, Status: 'Enabled' }));
    }
    expect(bucket.CorsConfiguration.CorsRules).toEqual([
      expect.objectContaining({
        AllowedOrigins: ['https://dichvucong.example.vn', 'https://m.example.vn'],
        AllowedMethods: [...declaration.cors],
      }),
    ]);
    expect(bucket.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: expect.stringMatching(/^BucketsAccessLogs/) }, LogFilePrefix: `${declaration.id.toLowerCase()}/` });
  });

  it("keeps versions of citizens' papers, so that no delete can lose a committed paper for good", () => {
    const bucket = declared(prod.stateful, attachmentsBucket.id).Properties;
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 }, Status: 'Enabled' }));
  });

  it("keeps citizens' papers in prod (RETAIN)", () => {
    for (const bucket of resources(prod.stateful, 'AWS::S3::Bucket')) expect(bucket.DeletionPolicy).toBe('Retain');
  });
});

describe('the stateful stack: bus, identity, secrets', () => {
  it('creates the motcua-<stage> bus with a catch-all archive', () => {
    dev.stateful.hasResourceProperties('AWS::Events::EventBus', { Name: 'motcua-dev' });
    prod.stateful.hasResourceProperties('AWS::Events::EventBus', { Name: 'motcua-prod' });
    dev.stateful.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^EventsBus'), 'Arn'] },
      EventPattern: { account: [{ Ref: 'AWS::AccountId' }] },
      RetentionDays: 14,
    });
  });

  it('creates a Cognito user pool with self sign-up, the three role groups, agencyId and an app client', () => {
    dev.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      Schema: Match.arrayWith([Match.objectLike({ Name: 'agencyId', AttributeDataType: 'String', Mutable: true })]),
    });
    const groups = resources(dev.stateful, 'AWS::Cognito::UserPoolGroup')
      .map((g) => g.Properties.GroupName)
      .sort();
    expect(groups).toEqual(['admin', 'citizen', 'officer']);
    dev.stateful.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false });
  });

  it('never lets the app client write custom:agencyId (a citizen cannot claim an agency)', () => {
    const [client] = resources(dev.stateful, 'AWS::Cognito::UserPoolClient');
    expect(client!.Properties.WriteAttributes).not.toContain('custom:agencyId');
    expect(client!.Properties.ReadAttributes).toContain('custom:agencyId');
  });

  it('keeps the identity number, its assurance level and a tax code as attributes only an admin or a verification flow sets', () => {
    dev.stateful.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith(['nationalId', 'assurance', 'taxCode'].map((Name) => Match.objectLike({ Name, AttributeDataType: 'String', Mutable: true }))),
    });
    const [client] = resources(dev.stateful, 'AWS::Cognito::UserPoolClient');
    for (const attribute of ['custom:nationalId', 'custom:assurance', 'custom:taxCode']) {
      expect(client!.Properties.WriteAttributes).not.toContain(attribute);
      expect(client!.Properties.ReadAttributes).toContain(attribute);
    }
    expect(client!.Properties.ReadAttributes).toEqual(expect.arrayContaining(['email_verified', 'phone_number_verified', 'birthdate']));
  });

  it('makes self-registered users citizens by having no group, so the pool needs no sign-up trigger (issue 12 point 8)', () => {
    const [pool] = resources(dev.stateful, 'AWS::Cognito::UserPool');
    expect(pool!.Properties.LambdaConfig).toBeUndefined();
    expect(pool!.Properties.AutoVerifiedAttributes).toEqual(['email']);
    expect(resources(dev.stateful, 'AWS::Cognito::UserPoolUserToGroupAttachment')).toEqual([]);
  });

  const parameters = (assembly: typeof dev) => resources(assembly.stateful, SECURE_PARAMETER_TYPE);

  it('keeps every secret as a SecureString parameter (no Secrets Manager: $0.40 a month each), generated at deploy time, none from the repo', () => {
    expect(resources(dev.stateful, 'AWS::SecretsManager::Secret')).toEqual([]);
    const generated = parameters(dev).filter((p) => p.Properties.GenerateKey);
    expect(generated.map((p) => p.Properties.Name).sort()).toEqual(
      Object.keys(gatewaySecrets)
        .map((name) => `/motcua/dev/${name}`)
        .sort(),
    );
    for (const parameter of generated) {
      expect(parameter.Properties.Value).toBeUndefined();
      expect(JSON.parse(parameter.Properties.Template)).not.toHaveProperty(parameter.Properties.GenerateKey);
    }
    // dev destroys its data with the stack; prod keeps its parameters.
    expect(new Set(parameters(dev).map((p) => p.Properties.Retain))).toEqual(new Set(['false']));
    expect(new Set(parameters(prod).map((p) => p.Properties.Retain))).toEqual(new Set(['true']));
  });

  it("lets the parameters' custom resource write only this stage's parameters", () => {
    const roles = resources(dev.stateful, 'AWS::IAM::Role').filter((r) => JSON.stringify(r.Properties).includes('ssm:PutParameter'));
    expect(roles).toHaveLength(1);
    const statements = JSON.stringify(roles[0]!.Properties.Policies);
    for (const name of Object.keys(gatewaySecrets)) expect(statements).toContain(`parameter/motcua/dev/${name}`);
    expect(statements).not.toMatch(/parameter\/motcua\/dev\/\*|"Resource":"\*"/);
  });

  it("creates the agency-webhook consumer's target list empty (no agency has a webhook until an operator adds one)", () => {
    const lists = parameters(dev).filter((p) => !p.Properties.GenerateKey);
    expect(lists.map((p) => [p.Properties.Name, p.Properties.Value])).toEqual([[`/motcua/dev/${AGENCY_WEBHOOK_TARGETS}`, '[]']]);
    const prodNames = parameters(prod)
      .map((p) => p.Properties.Name)
      .sort();
    expect(prodNames).toEqual(['/motcua/prod/agency-webhooks', '/motcua/prod/dvcqg', '/motcua/prod/paygov', '/motcua/prod/payment-webhooks', '/motcua/prod/rating-links', '/motcua/prod/vnpay']);
  });
});

describe('the stateful stack with an external OIDC issuer', () => {
  const external = synth({ ...devContext, oidcIssuer: 'https://eid.example.gov.vn', oidcAudience: 'motcua-portal' });

  it('creates no user pool and points the authorizer at the issuer', () => {
    external.stateful.resourceCountIs('AWS::Cognito::UserPool', 0);
    external.stateless.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: 'https://eid.example.gov.vn', Audience: ['motcua-portal'] },
    });
  });
});
