/**
 * Payment gateway settings and secrets (invariant 7): from the environment locally, from SSM
 * SecureString parameters in AWS, read once per process and never logged.
 *
 * Environment (local and tests; in AWS, anything set here wins over the secret):
 *   VNPAY_TMN_CODE, VNPAY_HASH_SECRET   merchant code and hash secret issued by VNPay
 *   VNPAY_PAY_URL                       payment page (default: VNPay's sandbox)
 *   VNPAY_QUERY_URL                     querydr API (default: VNPay's sandbox)
 *   WEBHOOK_SECRETS                     JSON map provider → HMAC secret of signed JSON webhooks
 *   PAYMENT_EXPIRE_MINUTES              vnp_ExpireDate after creation (default 15)
 *   PAYMENT_RECONCILE_AFTER_MINUTES     reconciliation asks the gateway about payments PENDING this long (default 15)
 *   PAYGOV_PARTNER_CODE, PAYGOV_SECRET  PayGov's MaDoiTac and the shared secret of MaXacThuc
 *   PAYGOV_INIT_URL, PAYGOV_QUERY_URL, PAYGOV_BILL_URL   PayGov's InitUrl, CheckConfirmUrl, InitReceiptUrl
 *   PAYGOV_ACCESS_TOKEN                 optional static bearer PayGov issues (sent as Authorization)
 * AWS (STAGE set, VNPAY_HASH_SECRET unset): parameters `/motcua/<STAGE>/vnpay` = `{ tmnCode, hashSecret,
 * payUrl?, queryUrl? }` and `/motcua/<STAGE>/payment-webhooks` = `{ "<provider>": "<secret>", ... }`
 * (the generated `secret` key signs the provider `generic`), and `/motcua/<STAGE>/paygov` = `{ partnerCode,
 * secret, initUrl, queryUrl, billUrl, accessToken? }` (PAYGOV_SECRET unset), as declared in infra/stacks/secrets.ts.
 * The return URL is not a secret but a stage setting: PAYMENT_RETURN_URL in shared/config.ts.
 */
import * as z from 'zod';
import { config, ENV } from '../config';
import type { SecretName } from '../secrets';
import { readSecretJson as readStoredJson, SecretFormatError } from '../store/secrets';
import { VNPAY_SANDBOX_PAY_URL, VNPAY_SANDBOX_QUERY_URL } from './vnpay';

export const PAYMENT_ENV = {
  tmnCode: 'VNPAY_TMN_CODE',
  hashSecret: 'VNPAY_HASH_SECRET',
  payUrl: 'VNPAY_PAY_URL',
  queryUrl: 'VNPAY_QUERY_URL',
  webhookSecrets: 'WEBHOOK_SECRETS',
  expireMinutes: 'PAYMENT_EXPIRE_MINUTES',
  reconcileAfterMinutes: 'PAYMENT_RECONCILE_AFTER_MINUTES',
} as const;

export const PAYGOV_ENV = {
  partnerCode: 'PAYGOV_PARTNER_CODE',
  secret: 'PAYGOV_SECRET',
  initUrl: 'PAYGOV_INIT_URL',
  queryUrl: 'PAYGOV_QUERY_URL',
  billUrl: 'PAYGOV_BILL_URL',
  accessToken: 'PAYGOV_ACCESS_TOKEN',
} as const;

/** PayGov's endpoints are issued to each province: no public default. */
export interface PaygovSettings {
  partnerCode: string;
  secret: string;
  initUrl: string;
  queryUrl: string;
  billUrl: string;
  accessToken?: string;
}

const PaygovSecret = z.object({
  partnerCode: z.string().min(1).optional(),
  secret: z.string().min(8),
  initUrl: z.url().optional(),
  queryUrl: z.url().optional(),
  billUrl: z.url().optional(),
  accessToken: z.string().min(1).optional(),
});

export interface VnpaySettings {
  tmnCode: string;
  hashSecret: string;
  payUrl: string;
  queryUrl: string;
}

const VnpaySecret = z.object({
  tmnCode: z.string().min(1),
  hashSecret: z.string().min(8),
  payUrl: z.url().optional(),
  queryUrl: z.url().optional(),
});
const WebhookSecrets = z.record(z.string().regex(/^[a-z0-9-]{1,40}$/), z.string().min(16));

/** Raised when settings are missing or malformed; never carries a secret's value. */
export class PaymentSettingsError extends Error {}

const env = (name: string) => process.env[name] || undefined;
const onAwsStage = () => !!env('STAGE') && !['local', 'test'].includes(env('STAGE')!);
const inAws = () => !env(PAYMENT_ENV.hashSecret) && onAwsStage();

async function readSecretJson(name: SecretName): Promise<unknown> {
  try {
    return await readStoredJson(name);
  } catch (error) {
    if (error instanceof SecretFormatError) throw new PaymentSettingsError(error.message);
    throw error;
  }
}

/** Memoised per process; a failed read is retried by the next invocation. */
function once<T>(load: () => Promise<T>): { get(): Promise<T>; reset(): void } {
  let cached: Promise<T> | undefined;
  return {
    get: () =>
      (cached ??= load().catch((error) => {
        cached = undefined;
        throw error;
      })),
    reset: () => {
      cached = undefined;
    },
  };
}

const vnpay = once(async (): Promise<VnpaySettings> => {
  const fromSecret = inAws() ? VnpaySecret.safeParse(await readSecretJson('vnpay')) : undefined;
  if (fromSecret && !fromSecret.success) throw new PaymentSettingsError('secret vnpay lacks tmnCode or hashSecret');
  const secret = fromSecret?.data;
  const tmnCode = env(PAYMENT_ENV.tmnCode) ?? secret?.tmnCode;
  const hashSecret = env(PAYMENT_ENV.hashSecret) ?? secret?.hashSecret;
  if (!tmnCode || !hashSecret) throw new PaymentSettingsError(`VNPay is not configured: set ${PAYMENT_ENV.tmnCode} and ${PAYMENT_ENV.hashSecret}`);
  return {
    tmnCode,
    hashSecret,
    payUrl: env(PAYMENT_ENV.payUrl) ?? secret?.payUrl ?? VNPAY_SANDBOX_PAY_URL,
    queryUrl: env(PAYMENT_ENV.queryUrl) ?? secret?.queryUrl ?? VNPAY_SANDBOX_QUERY_URL,
  };
});

const webhooks = once(async (): Promise<Record<string, string>> => {
  const local = env(PAYMENT_ENV.webhookSecrets);
  let raw: unknown = {};
  if (local) {
    try {
      raw = JSON.parse(local);
    } catch {
      throw new PaymentSettingsError(`${PAYMENT_ENV.webhookSecrets} is not JSON`);
    }
  } else if (inAws()) {
    const { secret, ...providers } = ((await readSecretJson('payment-webhooks')) ?? {}) as Record<string, unknown>;
    raw = { ...(typeof secret === 'string' ? { generic: secret } : {}), ...providers };
  }
  const parsed = WebhookSecrets.safeParse(raw);
  if (!parsed.success) throw new PaymentSettingsError('webhook secrets must map provider names to secrets of 16+ characters');
  return parsed.data;
});

const paygov = once(async (): Promise<PaygovSettings> => {
  const fromSecret = !env(PAYGOV_ENV.secret) && onAwsStage() ? PaygovSecret.safeParse(await readSecretJson('paygov')) : undefined;
  if (fromSecret && !fromSecret.success) throw new PaymentSettingsError('secret paygov lacks its secret or has a malformed URL');
  const secret = fromSecret?.data;
  const settings = {
    partnerCode: env(PAYGOV_ENV.partnerCode) ?? secret?.partnerCode,
    secret: env(PAYGOV_ENV.secret) ?? secret?.secret,
    initUrl: env(PAYGOV_ENV.initUrl) ?? secret?.initUrl,
    queryUrl: env(PAYGOV_ENV.queryUrl) ?? secret?.queryUrl,
    billUrl: env(PAYGOV_ENV.billUrl) ?? secret?.billUrl,
  };
  const missing = Object.entries(settings)
    .filter(([, value]) => !value)
    .map(([key]) => PAYGOV_ENV[key as keyof typeof settings]);
  if (missing.length) throw new PaymentSettingsError(`PayGov is not configured: set ${missing.join(', ')}`);
  const accessToken = env(PAYGOV_ENV.accessToken) ?? secret?.accessToken;
  return { ...(settings as Omit<PaygovSettings, 'accessToken'>), ...(accessToken ? { accessToken } : {}) };
});

export const vnpaySettings = () => vnpay.get();
export const paygovSettings = () => paygov.get();

/** The stage's payment return URL (shared/config.ts); a stage without one cannot start payments. */
export function paymentReturnUrl(): string {
  const url = config().paymentReturnUrl;
  if (!url) throw new PaymentSettingsError(`${ENV.paymentReturnUrl} is not set: payments cannot start`);
  return url;
}

/** The signing secret of a signed-webhook provider, or undefined for a provider we do not know. */
export async function webhookSecret(provider: string): Promise<string | undefined> {
  const secrets = await webhooks.get();
  return Object.hasOwn(secrets, provider) ? secrets[provider] : undefined;
}

const minutes = (name: string, fallback: number) => {
  const value = Number(env(name) ?? fallback);
  return Number.isInteger(value) && value > 0 && value <= 24 * 60 ? value : fallback;
};

/** Timings of the payment lifecycle. */
export function paymentTimings() {
  return { expireMinutes: minutes(PAYMENT_ENV.expireMinutes, 15), reconcileAfterMinutes: minutes(PAYMENT_ENV.reconcileAfterMinutes, 15) };
}

/** Tests change the environment between files; the next read sees it. */
export function resetPaymentSettings(): void {
  vnpay.reset();
  paygov.reset();
  webhooks.reset();
}
