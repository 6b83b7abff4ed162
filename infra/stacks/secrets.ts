import { Construct } from 'constructs';
import { RemovalPolicy, SecretValue, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { secretId, type SecretName } from '../../shared/secrets';
import type { StageConfig } from './stage';

/**
 * The gateway secrets, by the name routes use in `uses.secrets` (infra/routes.ts). Each is stored
 * as `motcua/<stage>/<name>` so a handler finds it from STAGE alone. Values never come from the
 * repo: VNPay's are issued by VNPay and set by an operator (README, Deploy); the webhook signing
 * secret is generated here and handed to the gateway.
 */
export const gatewaySecrets = {
  /** VNPay merchant: `{ tmnCode, hashSecret }`, placeholders until an operator puts the real ones. */
  vnpay: { description: 'VNPay merchant tmnCode and hashSecret (set by an operator)', template: { tmnCode: 'set-me' }, generate: 'hashSecret' },
  /** PayGov (the national payment platform): `{ partnerCode, secret, initUrl, queryUrl, billUrl, accessToken? }`, issued to the province and set by an operator. */
  paygov: { description: 'PayGov partnerCode (MaDoiTac), secret of MaXacThuc, initUrl, queryUrl, billUrl (set by an operator)', template: { partnerCode: 'set-me' }, generate: 'secret' },
  /** HMAC-SHA256 secret of signed JSON payment webhooks (`t=..,v1=..`): `{ secret }`. */
  'payment-webhooks': { description: 'Signing secret of JSON payment webhooks', template: {}, generate: 'secret' },
  /** DVCQG connector: the generated `inboundSecret` authenticates DVCQG's calls; an operator adds `baseUrl`, paths and `mapping` (README, DVCQG). */
  dvcqg: { description: 'DVCQG connector: inboundSecret (generated), baseUrl, paths, mapping (set by an operator)', template: {}, generate: 'inboundSecret' },
  /** HMAC-SHA256 secret of the signed one-click rating links in the RETURNED notification: `{ secret }` (generated). */
  'rating-links': { description: 'Signing secret of the one-click satisfaction rating links', template: {}, generate: 'secret' },
} as const satisfies Partial<Record<SecretName, unknown>>;

/**
 * The webhook targets the `agency-webhook` consumer (events/rules.ts) reads at run time, and the
 * only function granted it: `[{ agencyId, url, secret }]` (shared/integrations/webhook-targets.ts).
 * Created as an empty list, which that consumer reads as "no agency has a webhook"; an operator
 * adds agencies without a redeploy (README, Deploy).
 */
export const AGENCY_WEBHOOK_TARGETS = 'agency-webhooks' satisfies SecretName;

export { secretId };

/**
 * Secrets Manager secrets for the payment gateways and the agencies' webhook targets, created with
 * generated values (or an empty list) only, by the name `uses.secrets` refers to.
 */
export class GatewaySecrets extends Construct {
  readonly byName: ReadonlyMap<string, Secret>;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    const byName = new Map<string, Secret>();
    const removalPolicy = config.removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const rotatedByOperator = (secret: Secret) => Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Gateway and webhook credentials are issued to or shared with the other party (gateway, agency); they are rotated with it, by an operator, not by a rotation Lambda.',
    });
    const generated = (id: string, name: SecretName, description: string, template: object, key: string) => {
      const secret = new Secret(this, id, {
        secretName: secretId(config.stage, name),
        description,
        generateSecretString: {
          secretStringTemplate: JSON.stringify(template),
          generateStringKey: key,
          passwordLength: 48,
          excludePunctuation: true,
        },
        removalPolicy,
      });
      rotatedByOperator(secret);
      byName.set(name, secret);
    };

    for (const [name, declaration] of Object.entries(gatewaySecrets)) {
      generated(name, name as SecretName, declaration.description, declaration.template, declaration.generate);
    }

    // An empty list is no secret: the operator replaces it with the agencies' targets.
    const targets = new Secret(this, AGENCY_WEBHOOK_TARGETS, {
      secretName: secretId(config.stage, AGENCY_WEBHOOK_TARGETS),
      description: 'Webhook targets of the agency-webhook consumer: JSON [{agencyId, url, secret}] (set by an operator)',
      secretStringValue: SecretValue.unsafePlainText('[]'),
      removalPolicy,
    });
    rotatedByOperator(targets);
    byName.set(AGENCY_WEBHOOK_TARGETS, targets);
    this.byName = byName;
  }
}
