import { ArnFormat, Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Policy, PolicyStatement, type IGrantable, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Uses } from '../uses';
import type { SecretName } from '../../shared/secrets';
import { secretArn } from './secrets';

/** The stateful resources a function may be granted, handed over by the stateful stack. */
export interface DataPlane {
  stage: string;
  mainTable: ITable;
  /** Named one by one so a grant never needs `index/*`. */
  mainIndexNames: readonly string[];
  outboxTable: ITable;
  attachments: IBucket;
  documents: IBucket;
  bus: IEventBus;
  /** The secrets' declared names (SSM SecureString parameters, infra/stacks/secrets.ts). */
  secrets: readonly SecretName[];
  /** The stage's notification providers (context `notifyEmailFrom`, `notifySms`), for `uses.notifications`. */
  notifications: NotificationProviders;
  /** The stage's payment URLs (shared/config.ts `paymentReturnUrl`, `frontendUrl`), set on every function. */
  payments: { returnUrl: string; frontendUrl?: string };
  /** Environment every function gets: the identity profile's claim names and the population database's settings. */
  identityEnvironment?: Readonly<Record<string, string>>;
  /** Where the slips' QR verify links point (context `publicBaseUrl`, else the HTTP API's own URL). */
  publicBaseUrl?: string;
}

/** Where `notifications: 'send'` may hand citizens' notifications; neither set, they are only stored. */
export interface NotificationProviders {
  /** The SES identity emails are sent from: an address or a domain. */
  emailFrom?: string;
  /** SMS through SNS. */
  sms: boolean;
}

/** Sid of the SMS statement, the one grant that must be on `*` (see grantUses). */
export const SEND_SMS_SID = 'SendCitizenSms';

// TransactWriteItems and TransactGetItems are not IAM actions: DynamoDB authorizes each item of a
// transaction by its own action (PutItem, UpdateItem, DeleteItem, ConditionCheckItem, GetItem).
const TABLE_READ = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'];
const TABLE_WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'];
// GetObject covers HeadObject and presigned GETs; GetObjectAttributes returns the stored SHA-256.
const OBJECT_READ = ['s3:GetObject', 's3:GetObjectAttributes'];
const OBJECT_WRITE = ['s3:PutObject', 's3:DeleteObject'];

/**
 * The IAM statements a `uses` declaration (infra/routes.ts) stands for, and nothing else:
 * `{ table: 'read', attachments: 'write', secrets: ['vnpay'] }` reads "may read the main table,
 * read and write attachments, and read the VNPay secret".
 */
export function statementsFor(uses: Uses, on: DataPlane, scope: IConstruct): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const table = on.mainTable.tableArn;

  if (uses.table) {
    statements.push(
      new PolicyStatement({
        sid: 'ReadMainTable',
        actions: TABLE_READ,
        resources: [table, ...on.mainIndexNames.map((name) => `${table}/index/${name}`)],
      }),
    );
  }
  if (uses.table === 'write') {
    statements.push(new PolicyStatement({ sid: 'WriteMainTable', actions: TABLE_WRITE, resources: [table] }));
  }
  if (uses.outbox === 'write') {
    // Events are only ever appended, inside the same transaction as the state change.
    statements.push(new PolicyStatement({ sid: 'AppendToOutbox', actions: ['dynamodb:PutItem'], resources: [on.outboxTable.tableArn] }));
  }

  for (const [name, bucket, access] of [
    ['Attachments', on.attachments, uses.attachments],
    ['Documents', on.documents, uses.documents],
  ] as const) {
    if (!access) continue;
    // ListBucket lets a missing object answer 404 (not 403) and HeadBucket answer the health check.
    statements.push(new PolicyStatement({ sid: `List${name}`, actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    // Object keys are per dossier and unknown at deploy time: object access is bucket-wide.
    statements.push(
      new PolicyStatement({
        sid: `${access === 'write' ? 'ReadWrite' : 'Read'}${name}`,
        actions: access === 'write' ? [...OBJECT_READ, ...OBJECT_WRITE] : OBJECT_READ,
        resources: [bucket.arnForObjects('*')],
      }),
    );
  }

  if (uses.secrets?.length) {
    const arns = uses.secrets.map((name) => {
      if (!on.secrets.includes(name as SecretName)) throw new Error(`uses.secrets names an undeclared secret "${name}" (declared: ${on.secrets.join(', ')})`);
      return secretArn(scope, on.stage, name as SecretName);
    });
    // The `aws/ssm` key lets every principal of the account decrypt through SSM: this grant is the
    // boundary, so it names each parameter (never a path wildcard).
    statements.push(new PolicyStatement({ sid: 'ReadGatewaySecrets', actions: ['ssm:GetParameter'], resources: arns }));
  }

  if (uses.notifications === 'send') statements.push(...notificationStatements(on.notifications, Stack.of(scope)));
  return statements;
}

/**
 * SES authorises SendEmail against the identity that verifies the From address: the address's own
 * identity if it is verified, else its domain's. Which one an operator verified is not known at
 * synth, so an address gets both ARNs, pinned by `ses:FromAddress` to that one address: the domain
 * identity adds no other sender. A domain gets its identity only. SNS has no resource for a direct
 * SMS (Publish to a phone number), so SMS is `sns:Publish` on `*`, and only where the stage asked for it.
 */
function notificationStatements(providers: NotificationProviders, stack: Stack): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  const { emailFrom } = providers;
  if (emailFrom) {
    const identity = (name: string) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
    const domain = emailFrom.includes('@') ? emailFrom.slice(emailFrom.lastIndexOf('@') + 1) : undefined;
    statements.push(
      new PolicyStatement({
        sid: 'SendCitizenEmail',
        actions: ['ses:SendEmail'],
        resources: domain ? [identity(emailFrom), identity(domain)] : [identity(emailFrom)],
        ...(domain ? { conditions: { StringEquals: { 'ses:FromAddress': emailFrom } } } : {}),
      }),
    );
  }
  if (providers.sms) statements.push(new PolicyStatement({ sid: SEND_SMS_SID, actions: ['sns:Publish'], resources: ['*'] }));
  return statements;
}

/**
 * Grants a function exactly what its `uses` declaration says. The SMS statement goes into a policy
 * of its own, beside the role rather than under it, with its own acknowledgement: the role's
 * `Resource::*` acknowledgement (X-Ray) does not stand for it, and its reason stands for nothing else.
 */
export function grantUses(grantee: IGrantable & IConstruct, uses: Uses, on: DataPlane): void {
  for (const statement of statementsFor(uses, on, grantee)) {
    if (statement.sid !== SEND_SMS_SID) {
      grantee.grantPrincipal.addToPrincipalPolicy(statement);
      continue;
    }
    // Beside the function (as its role and log group are), not under the role.
    const sms = new Policy(grantee.node.scope!, `${grantee.node.id}SendSms`, { statements: [statement] });
    sms.attachToRole(grantee.grantPrincipal as IRole);
    grantee.node.addDependency(sms); // the function is not created before it may send
    Validations.of(sms).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'SMS to a phone number (sns:Publish with PhoneNumber) has no resource ARN: AWS requires Resource "*". Granted only to functions with uses.notifications = send, and only with context notifySms=true.',
    });
  }
  for (const bucket of [uses.attachments && on.attachments, uses.documents && on.documents]) {
    if (!bucket) continue;
    const role = grantee.grantPrincipal as unknown as IConstruct;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagName(role, bucket.bucketArn)}/*]`,
      reason: "S3 object ARNs: keys are generated per dossier at run time, so access is granted on the bucket's objects, never on other buckets.",
    });
  }
}

/** How cdk-nag names a resource in a finding: `<LogicalId.Arn>` for a local one, the export name for an import. */
function nagName(scope: IConstruct, arn: string): string {
  const resolved = Stack.of(scope).resolve(arn) as { 'Fn::ImportValue'?: string; 'Fn::GetAtt'?: string[] };
  if (resolved['Fn::ImportValue']) return resolved['Fn::ImportValue'];
  if (resolved['Fn::GetAtt']) return `<${resolved['Fn::GetAtt'].join('.')}>`;
  throw new Error(`cannot name ${JSON.stringify(resolved)} for cdk-nag`);
}
