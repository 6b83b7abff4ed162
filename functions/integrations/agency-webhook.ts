import { webhookTargetOf } from '../../shared/integrations/webhook-targets';
import { AGENCY_WEBHOOK, forwardToAgency } from '../../shared/integrations/agency-webhooks';
import { eventConsumer } from '../../shared/events/consumer';
import { AGENCY_CASE_EVENTS } from '../../shared/events/subscriptions';

/** An agency's case events → its own system's webhook, signed, retried with backoff (then EventBridge's retries, then the DLQ). */
export const handler = eventConsumer(AGENCY_WEBHOOK, AGENCY_CASE_EVENTS, ({ detailType, detail, eventId, log }) =>
  forwardToAgency({ detailType, eventId, detail: detail as { metadata: unknown; data: { agencyId?: string } } }, webhookTargetOf, log),
);
