/**
 * The secrets functions read, declared once: CDK creates them as SSM SecureString parameters
 * (infra/stacks/secrets.ts), routes and rules grant them (`uses.secrets`), handlers read them
 * (shared/store/secrets.ts). Values never come from the repository.
 */
export const SECRET_NAMES = ['vnpay', 'paygov', 'payment-webhooks', 'agency-webhooks', 'dvcqg', 'rating-links'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** One parameter per stage and name, so a handler finds it from STAGE alone. */
export const secretId = (stage: string, name: SecretName) => `/motcua/${stage}/${name}`;
