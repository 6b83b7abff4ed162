import { deliverWebhook, type DeliveryOptions, type WebhookTarget } from './agency-webhook';
import type { Logger } from '../logger';
import { markEventProcessed, wasEventProcessed } from '../store/processed-events';

export const AGENCY_WEBHOOK = 'agency-webhook';

/**
 * Forwards a case event to the agency's own system, if it has a webhook. The body is the event's
 * envelope (ids and codes, no personal data: the agency's system reads the rest through its API).
 * Idempotency: an event already delivered is skipped; the record is written after a 2xx, so a crash
 * in between delivers again: at least once, and the receiver dedupes on the Motcua-Event-Id header.
 */
export async function forwardToAgency(
  event: { detailType: string; eventId: string; detail: { metadata: unknown; data: { agencyId?: string } } },
  targetOf: (agencyId: string) => Promise<WebhookTarget | undefined>,
  log: Logger,
  options: DeliveryOptions = {},
): Promise<'delivered' | 'no-webhook' | 'duplicate'> {
  const agencyId = event.detail.data.agencyId;
  const target = agencyId ? await targetOf(agencyId) : undefined;
  if (!target) return 'no-webhook';
  if (await wasEventProcessed(AGENCY_WEBHOOK, event.eventId)) return 'duplicate';
  const body = JSON.stringify({ type: event.detailType, ...event.detail });
  const { attempts, status } = await deliverWebhook(target, body, event.eventId, options);
  await markEventProcessed(AGENCY_WEBHOOK, event.eventId);
  log.info('agency_webhook.delivered', { agencyId, attempts, status });
  return 'delivered';
}
