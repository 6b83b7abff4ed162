import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { allowStatements, wildcards, type RenderedStatement, type Wildcard } from './policies';
import { deliveringContext, devContext, prodContext, synth } from './support';

/** Each stage as the tests deploy it, one that delivers notifications (SES + SNS), one traced by X-Ray. */
const apps = { dev: synth(devContext), prod: synth(prodContext), delivering: synth(deliveringContext), traced: synth({ ...prodContext, tracing: 'true' }) };

/**
 * Every wildcard the templates may hold, each with the reason AWS (or CDK) leaves no narrower
 * choice. Anything else with `*` in an action or a resource of an Allow statement fails the test.
 */
const allowList: ReadonlyArray<{ reason: string; action: RegExp; resource: RegExp; holder?: RegExp }> = [
  {
    reason: 'X-Ray PutTraceSegments/PutTelemetryRecords support no resource-level permission (Tracing.ACTIVE, where the stage turns tracing on).',
    action: /^xray:(PutTraceSegments|PutTelemetryRecords)$/,
    resource: /^\*$/,
  },
  {
    reason: "dynamodb:ListStreams supports no resource-level permission; the stream publisher's event source mapping needs it.",
    action: /^dynamodb:ListStreams$/,
    resource: /^\*$/,
    holder: /^EventsPublisherRole/,
  },
  {
    reason: "S3 object ARNs: object keys are generated per dossier at run time; the grant stays on one bucket's objects.",
    action: /^s3:(GetObject|GetObjectAttributes|PutObject|DeleteObject)$/,
    resource: /^<import:motcua-(dev|prod)-(Attachments|Documents)BucketArn>\/\*$/,
  },
  {
    reason: "S3 server access log delivery writes objects under each source bucket's prefix of the log bucket.",
    action: /^s3:PutObject$/,
    resource: /^<BucketsAccessLogs[0-9A-F]{8}\.Arn>\/(attachments|documents)\/\*$/,
    holder: /^BucketsAccessLogsPolicy/,
  },
  {
    reason: "CDK's auto-delete-objects custom resource (dev only, so `cdk destroy` can remove non-empty buckets): its fixed action list, granted to that one role in each bucket's own policy.",
    action: /^s3:(GetBucket\*|List\*|DeleteObject\*|PutBucketPolicy)$/,
    resource: /^<Buckets(Attachments|Documents|AccessLogs)[0-9A-F]{8}\.Arn>(\/\*)?$/,
    holder: /^Buckets(Attachments|Documents|AccessLogs)Policy/,
  },
  {
    reason:
      'SMS to a phone number (sns:Publish with PhoneNumber) has no resource ARN: AWS requires `*`. Only the functions that send (uses.notifications = send: the notify-citizen consumer, and POST /me/contacts for its confirmation codes), only with context notifySms=true, in a policy of its own.',
    action: /^sns:Publish$/,
    resource: /^\*$/,
    holder: /^(EventsNotifyCitizen|PostMeContacts)SendSms[0-9A-F]{8}$/,
  },
];

const allowed = (wildcard: Wildcard) => allowList.find((entry) => entry.action.test(wildcard.action) && entry.resource.test(wildcard.resource) && (!entry.holder || entry.holder.test(wildcard.holder)));

/** Every template, the nested stacks' included: a grant in an API area counts as much as one at the top. */
const statementsOf = (name: keyof typeof apps): RenderedStatement[] => apps[name].templates.flatMap(({ template }) => allowStatements(template));

describe('cdk-nag AwsSolutions', () => {
  it('reaches into the nested stacks (a finding planted in one is reported)', () => {
    const { app, built } = synth({ ...devContext });
    new Queue(built.stateless.eventRouting, 'Planted'); // no DLQ, no TLS policy, inside the Events nested stack
    const findings = new AwsSolutionsChecks(app).validateScope(app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`));
    expect(findings).toEqual(expect.arrayContaining([expect.stringMatching(/^AwsSolutions-SQS3 .*\/Events\/Planted/), expect.stringMatching(/^AwsSolutions-SQS4 .*\/Events\/Planted/)]));
  });

  it.each(Object.keys(apps) as Array<keyof typeof apps>)('reports no unacknowledged error or warning in %s', (name) => {
    const report = new AwsSolutionsChecks(apps[name].app).validateScope(apps[name].app);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('does report a finding it was not told about (the check can fail)', () => {
    const { app } = synth({ ...devContext });
    new Queue(new Stack(app, 'Careless'), 'Plain'); // no DLQ, no TLS policy
    const rules = new AwsSolutionsChecks(app).validateScope(app).violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});

describe('IAM wildcards', () => {
  it.each(Object.keys(apps) as Array<keyof typeof apps>)('grants no wildcard action or resource outside the reasoned allow-list in %s', (name) => {
    const statements = statementsOf(name);
    expect(statements.length).toBeGreaterThan(20);
    // The walk covers every nested stack: each one holds at least one function role's policy.
    for (const { name: stack, template } of apps[name].templates.filter((t) => t.name.split('/').length > 1)) {
      expect([stack, allowStatements(template).length > 0]).toEqual([stack, true]);
    }
    const unexplained = wildcards(statements).filter((wildcard) => !allowed(wildcard));
    expect(unexplained).toEqual([]);
  });

  it('has no stale entry: each allow-list entry is needed by some template', () => {
    const found = (Object.keys(apps) as Array<keyof typeof apps>).flatMap((name) => wildcards(statementsOf(name)));
    for (const entry of allowList) expect([entry.reason, found.some((w) => allowed(w) === entry)]).toEqual([entry.reason, true]);
  });

  it('flags a wildcard action, a wildcard resource and an action ending in *', () => {
    const template = Template.fromJSON({
      Resources: {
        Careless: {
          Type: 'AWS::IAM::Policy',
          Properties: {
            PolicyDocument: {
              Statement: [
                { Effect: 'Allow', Action: 'dynamodb:*', Resource: { 'Fn::GetAtt': ['Table', 'Arn'] } },
                { Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Other', 'Arn'] }, '/*']] } },
                { Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' },
                { Effect: 'Deny', Action: 's3:*', Resource: '*' },
              ],
            },
          },
        },
      },
    });
    const unexplained = wildcards(allowStatements(template)).filter((wildcard) => !allowed(wildcard));
    expect(unexplained).toEqual([
      { holder: 'Careless', action: 'dynamodb:*', resource: '<Table.Arn>' },
      { holder: 'Careless', action: 's3:GetObject', resource: '<Other.Arn>/*' },
    ]);
  });
});
