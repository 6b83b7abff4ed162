import * as z from 'zod';
import { readSecret } from '../store/secrets';
import type { WebhookTarget } from './agency-webhook';

const Targets = z.array(
  z.object({
    agencyId: z.string().min(1),
    url: z.url().refine((url) => url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url), 'https only (http for localhost)'),
    secret: z.string().min(16),
  }),
);

/** Locally (and in tests): the targets as JSON in this variable; in AWS the secret `agency-webhooks` (shared/secrets.ts) holds the same list. Never in the repo. */
export const AGENCY_WEBHOOKS_ENV = 'AGENCY_WEBHOOKS';

let cached: Promise<Map<string, WebhookTarget>> | undefined;

async function load(): Promise<Map<string, WebhookTarget>> {
  const local = process.env[AGENCY_WEBHOOKS_ENV];
  let raw: string | undefined = local;
  // No parameter: no agency has a webhook. Anything else (throttling, access) fails the invocation, to be retried.
  if (raw === undefined && process.env.AWS_LAMBDA_FUNCTION_NAME) raw = await readSecret('agency-webhooks');
  const targets = raw ? Targets.parse(JSON.parse(raw)) : [];
  return new Map(targets.map((target) => [target.agencyId, target]));
}

/** The webhook of an agency, if it has one; read once per cold start. */
export async function webhookTargetOf(agencyId: string): Promise<WebhookTarget | undefined> {
  cached ??= load().catch((error) => {
    cached = undefined;
    throw error;
  });
  return (await cached).get(agencyId);
}

/** Tests change the targets between cases. */
export function forgetWebhookTargets(): void {
  cached = undefined;
}
