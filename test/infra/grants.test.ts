import { App, Stack } from 'aws-cdk-lib';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { SECRET_NAMES } from '../../shared/secrets';
import type { Uses } from '../../infra/uses';
import { statementsFor, type DataPlane } from '../../infra/stacks/grants';

const stack = new Stack(new App(), 'Grants');
const table = (id: string) => new Table(stack, id, { partitionKey: { name: 'pk', type: AttributeType.STRING } });
const data: DataPlane = {
  stage: 'dev',
  mainTable: table('Main'),
  mainIndexNames: ['gsi1', 'gsi2'],
  outboxTable: table('Outbox'),
  attachments: new Bucket(stack, 'Attachments'),
  documents: new Bucket(stack, 'Documents'),
  bus: new EventBus(stack, 'Bus'),
  secrets: SECRET_NAMES,
  notifications: { sms: false },
  payments: { returnUrl: 'https://api.example.org/payments/vnpay/return' },
};

/** The statements as `sid: actions on resources`, with tokens resolved to `<LogicalId>` text. */
function sentence(uses: Uses, on: DataPlane = data): Record<string, { actions: string[]; resources: string[]; conditions?: unknown }> {
  const text = (value: unknown): string => {
    const resolved = stack.resolve(value);
    if (typeof resolved === 'string') return resolved;
    if (resolved['Fn::GetAtt']) return `<${resolved['Fn::GetAtt'][0].replace(/[0-9A-F]{8}$/, '')}>`;
    if (resolved.Ref) return `<${resolved.Ref.replace(/[0-9A-F]{8}$/, '')}>`;
    if (resolved['Fn::Join']) return resolved['Fn::Join'][1].map(text).join('');
    if (resolved.Ref?.startsWith('AWS::')) return `<${resolved.Ref}>`;
    return JSON.stringify(resolved);
  };
  return Object.fromEntries(
    statementsFor(uses, on, stack).map((statement) => {
      const json = statement.toStatementJson();
      return [json.Sid, { actions: [json.Action].flat(), resources: [json.Resource].flat().map(text), ...(json.Condition ? { conditions: json.Condition } : {}) }];
    }),
  );
}

describe('grants: `uses` turned into IAM', () => {
  it('grants nothing for an empty declaration', () => {
    expect(sentence({})).toEqual({});
  });

  it('table read: GetItem, Query and BatchGetItem on the table and each named index', () => {
    expect(sentence({ table: 'read' })).toEqual({
      ReadMainTable: { actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'], resources: ['<Main>', '<Main>/index/gsi1', '<Main>/index/gsi2'] },
    });
  });

  it('table write: the read grant plus Put, Update, Delete and ConditionCheck on the table only', () => {
    const granted = sentence({ table: 'write' });
    expect(Object.keys(granted)).toEqual(['ReadMainTable', 'WriteMainTable']);
    expect(granted.WriteMainTable).toEqual({ actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'], resources: ['<Main>'] });
  });

  it('outbox write: PutItem on the outbox table, nothing on the main table', () => {
    expect(sentence({ outbox: 'write' })).toEqual({ AppendToOutbox: { actions: ['dynamodb:PutItem'], resources: ['<Outbox>'] } });
  });

  it('bucket read and write: on that bucket only', () => {
    expect(sentence({ attachments: 'read' })).toEqual({
      ListAttachments: { actions: ['s3:ListBucket'], resources: ['<Attachments>'] },
      ReadAttachments: { actions: ['s3:GetObject', 's3:GetObjectAttributes'], resources: ['<Attachments>/*'] },
    });
    expect(sentence({ documents: 'write' }).ReadWriteDocuments).toEqual({
      actions: ['s3:GetObject', 's3:GetObjectAttributes', 's3:PutObject', 's3:DeleteObject'],
      resources: ['<Documents>/*'],
    });
  });

  it('secrets: GetParameter on the named SecureString parameters only, never a path wildcard', () => {
    expect(sentence({ secrets: ['vnpay', 'dvcqg'] })).toEqual({
      ReadGatewaySecrets: {
        actions: ['ssm:GetParameter'],
        resources: ['arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/motcua/dev/vnpay', 'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:parameter/motcua/dev/dvcqg'],
      },
    });
  });

  it('fails the synth when a route names a secret that is not declared', () => {
    // The type refuses undeclared names at compile time; the grant still refuses them at synth.
    expect(() => statementsFor({ secrets: ['momo'] as never }, data, stack)).toThrow(/undeclared secret "momo"/);
  });

  describe('notifications: send', () => {
    const providers = (notifications: DataPlane['notifications']): DataPlane => ({ ...data, notifications });
    const identity = (name: string) => `arn:<AWS::Partition>:ses:<AWS::Region>:<AWS::AccountId>:identity/${name}`;

    it('grants nothing where the stage configures no provider (notifications are only stored)', () => {
      expect(sentence({ notifications: 'send' })).toEqual({});
    });

    it("from an address: SendEmail on the address's identity and its domain's, pinned to that one From address", () => {
      expect(sentence({ notifications: 'send' }, providers({ emailFrom: 'thongbao@example.org', sms: false }))).toEqual({
        SendCitizenEmail: {
          actions: ['ses:SendEmail'],
          resources: [identity('thongbao@example.org'), identity('example.org')],
          conditions: { StringEquals: { 'ses:FromAddress': 'thongbao@example.org' } },
        },
      });
    });

    it("from a domain: SendEmail on the domain's identity only", () => {
      expect(sentence({ notifications: 'send' }, providers({ emailFrom: 'example.org', sms: false }))).toEqual({
        SendCitizenEmail: { actions: ['ses:SendEmail'], resources: [identity('example.org')] },
      });
    });

    it('SMS: sns:Publish on * (a phone number has no ARN), only when the stage turns SMS on', () => {
      expect(sentence({ notifications: 'send' }, providers({ sms: true }))).toEqual({ SendCitizenSms: { actions: ['sns:Publish'], resources: ['*'] } });
    });

    it('grants no provider to a function that does not declare notifications', () => {
      expect(sentence({ table: 'write' }, providers({ emailFrom: 'thongbao@example.org', sms: true }))).not.toHaveProperty('SendCitizenEmail');
      expect(sentence({ table: 'write' }, providers({ emailFrom: 'thongbao@example.org', sms: true }))).not.toHaveProperty('SendCitizenSms');
    });
  });
});
