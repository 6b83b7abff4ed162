import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { createLogger } from '../../shared/http/logger';
import { deliverWebhook, type DeliveryOptions, type WebhookTarget } from '../../shared/integrations/agency-webhook';

/**
 * An agency's queue → its own system (hệ thống của cơ quan): each queued event POSTed to the
 * agency's webhook, signed `Motcua-Signature: t=..,v1=..` by shared/integrations/agency-webhook.ts.
 * A message that fails is reported alone (partial batch response): SQS delivers it again after the
 * visibility timeout, and after the queue's maxReceiveCount it lands in the queue's DLQ.
 * At least once: the receiver dedupes on the Motcua-Event-Id header.
 *
 * Config (infra/stacks/events.ts sets it): AGENCY_ID, AGENCY_WEBHOOK_URL, and
 * AGENCY_WEBHOOK_SECRET_ID, a Secrets Manager secret `{ "secret": "<signing secret>" }`.
 */
const Config = z.object({
  AGENCY_ID: z.string().min(1),
  AGENCY_WEBHOOK_URL: z.url().refine((url) => url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url), 'https only (http for localhost)'),
  AGENCY_WEBHOOK_SECRET_ID: z.string().min(1),
});
const SigningSecret = z.object({ secret: z.string().min(16) });

/** What EventBridge puts on the queue: the event, whose detail is our envelope. */
const QueuedEvent = z.object({
  id: z.string(),
  'detail-type': z.string(),
  detail: z.object({ metadata: z.object({ eventId: z.string().min(1) }).loose(), data: z.unknown() }).loose(),
});

const log = createLogger({ service: 'motcua', consumer: 'agency-webhook-sender' });

/** The agency's webhook target, read and validated once per cold start; a failed read is retried by the next batch. */
export function targetLoader(env: NodeJS.ProcessEnv = process.env, client: Pick<SecretsManagerClient, 'send'> = new SecretsManagerClient({})) {
  let cached: Promise<WebhookTarget> | undefined;
  const load = async (): Promise<WebhookTarget> => {
    const config = Config.parse(env);
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: config.AGENCY_WEBHOOK_SECRET_ID }));
    const parsed = SigningSecret.safeParse(JSON.parse(SecretString ?? 'null'));
    if (!parsed.success) throw new Error(`secret ${config.AGENCY_WEBHOOK_SECRET_ID} must be {"secret": "<16+ characters>"}`);
    return { agencyId: config.AGENCY_ID, url: config.AGENCY_WEBHOOK_URL, secret: parsed.data.secret };
  };
  return () => (cached ??= load().catch((error) => {
    cached = undefined;
    throw error;
  }));
}

/** Sends one queued event: the body is `{ type, metadata, data }`, as the agency-webhook consumer sends it. */
async function send(record: SQSRecord, target: WebhookTarget, options: DeliveryOptions): Promise<void> {
  const event = QueuedEvent.parse(JSON.parse(record.body));
  const body = JSON.stringify({ type: event['detail-type'], ...event.detail });
  const { attempts, status } = await deliverWebhook(target, body, event.detail.metadata.eventId, options);
  log.info('agency_webhook.delivered', { agencyId: target.agencyId, eventId: event.detail.metadata.eventId, attempts, status });
}

/**
 * The SQS handler, built from its target and delivery options. Two quick attempts per receipt:
 * the longer backoff is the queue's own (visibility timeout, then the DLQ).
 */
export function senderHandler(target: () => Promise<WebhookTarget>, options: DeliveryOptions = { attempts: 2, timeoutMs: 5000 }) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const resolved = await target(); // no target: the whole batch fails and is retried
    const outcomes = await Promise.allSettled(event.Records.map((record) => send(record, resolved, options)));
    const batchItemFailures = outcomes.flatMap((outcome, i) => {
      if (outcome.status === 'fulfilled') return [];
      const { messageId } = event.Records[i]!;
      log.error('agency_webhook.failed', { agencyId: resolved.agencyId, messageId, error: outcome.reason });
      return [{ itemIdentifier: messageId }];
    });
    return { batchItemFailures };
  };
}

export const handler = senderHandler(targetLoader());
