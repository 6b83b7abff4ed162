import { Construct } from 'constructs';
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
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
  /** HMAC-SHA256 secret of signed JSON payment webhooks (`t=..,v1=..`): `{ secret }`. */
  'payment-webhooks': { description: 'Signing secret of JSON payment webhooks', template: {}, generate: 'secret' },
} as const;

export type SecretName = keyof typeof gatewaySecrets;

export const secretId = (stage: string, name: string) => `motcua/${stage}/${name}`;

/** Secrets Manager secrets for the payment gateways, created with generated values only. */
export class GatewaySecrets extends Construct {
  readonly byName: ReadonlyMap<string, Secret>;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    const byName = new Map<string, Secret>();
    for (const [name, declaration] of Object.entries(gatewaySecrets)) {
      const secret = new Secret(this, name, {
        secretName: secretId(config.stage, name),
        description: declaration.description,
        generateSecretString: {
          secretStringTemplate: JSON.stringify(declaration.template),
          generateStringKey: declaration.generate,
          passwordLength: 48,
          excludePunctuation: true,
        },
        removalPolicy: config.removalPolicy === RemovalPolicy.DESTROY ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'Gateway credentials are issued or shared with the payment gateway; they are rotated with the gateway, by an operator, not by a rotation Lambda.',
      });
      byName.set(name, secret);
    }
    this.byName = byName;
  }
}
