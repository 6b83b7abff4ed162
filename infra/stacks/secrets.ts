import { resolve } from 'node:path';
import { Construct, type IConstruct } from 'constructs';
import { ArnFormat, CustomResource, CustomResourceProvider, CustomResourceProviderRuntime, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { SECRET_NAMES, secretId, type SecretName } from '../../shared/secrets';
import type { StageConfig } from './stage';

/**
 * The stage's secrets, by the name routes use in `uses.secrets` (infra/routes.ts), as SSM
 * SecureString parameters `/motcua/<stage>/<name>` (standard tier, the `aws/ssm` key): free at rest,
 * where a Secrets Manager secret is $0.40 a month each. None is rotated by a Lambda: they are issued
 * to or shared with the other party (gateway, agency) and rotated with it by an operator (README,
 * Deploy). Values never come from the repo: VNPay's are issued by VNPay and set by an operator;
 * signing secrets are generated at deploy time by the parameter's custom resource.
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

/** The custom resource type that writes a SecureString parameter (infra/stacks/secure-parameter). */
export const SECURE_PARAMETER_TYPE = 'Custom::MotcuaSecureParameter';

/** A parameter's ARN from its name alone: grants need no reference to the stack that made it. */
export function secretArn(scope: IConstruct, stage: string, name: SecretName): string {
  return Stack.of(scope).formatArn({ service: 'ssm', resource: 'parameter', resourceName: secretId(stage, name).slice(1), arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
}

/** Creates each secret once, with generated values (or an empty list) only. */
export class GatewaySecrets extends Construct {
  /** Every declared name (SECRET_NAMES), for the grants' check. */
  readonly names: readonly SecretName[] = SECRET_NAMES;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    const provider = CustomResourceProvider.getOrCreateProvider(this, SECURE_PARAMETER_TYPE, {
      // Relative to the project root, like every function's entry (infra/stacks/function.ts).
      codeDirectory: resolve('infra/stacks/secure-parameter'),
      runtime: CustomResourceProviderRuntime.NODEJS_22_X,
      description: 'Writes motcua SecureString parameters at deploy time (never overwrites one an operator set)',
      policyStatements: [
        {
          Effect: 'Allow',
          Action: ['ssm:GetParameter', 'ssm:PutParameter', 'ssm:DeleteParameter'],
          // Each declared parameter by name: the deploy-time writer touches nothing else of the account.
          Resource: SECRET_NAMES.map((name) => secretArn(this, config.stage, name)),
        },
      ],
    });
    const retain = String(config.removalPolicy !== RemovalPolicy.DESTROY);
    const parameter = (name: SecretName, properties: Record<string, string>) =>
      new CustomResource(this, name, {
        serviceToken: provider.serviceToken,
        resourceType: SECURE_PARAMETER_TYPE,
        properties: { Name: secretId(config.stage, name), Retain: retain, ...properties },
      });

    for (const [name, declaration] of Object.entries(gatewaySecrets)) {
      parameter(name as SecretName, { Description: declaration.description, Template: JSON.stringify(declaration.template), GenerateKey: declaration.generate });
    }
    // An empty list is no secret: the operator replaces it with the agencies' targets.
    parameter(AGENCY_WEBHOOK_TARGETS, { Description: 'Webhook targets of the agency-webhook consumer: JSON [{agencyId, url, secret}] (set by an operator)', Value: '[]' });
  }
}
