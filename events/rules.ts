import type { Uses } from '../infra/uses';
import { DVCQG_SYNC_EVENTS } from '../shared/dvcqg/subscriptions';
import { AGENCY_CASE_EVENTS, CITIZEN_EVENTS, CLOSING_EVENTS, COUNTED_EVENTS, ROUTER, ROUTER_EVENTS, SLIP_EVENTS } from '../shared/events/subscriptions';

/**
 * Routing rules, declared once: CDK turns each into an EventBridge rule and target
 * (infra/stacks/events.ts); the local stack's in-process bus applies the same patterns to the same
 * handlers (infra/local/bus.ts).
 */
export interface EventPattern {
  /** Always `motcua`. */
  source?: readonly string[];
  'detail-type': readonly string[];
  /** Optional content filter on the detail, in EventBridge pattern syntax (e.g. `{ data: { agencyId: ['x'] } }`). */
  detail?: Record<string, unknown>;
}

/** A Lambda consumer: `handler` exports `handler(event: EventBridgeEvent)` and dedupes on `detail.metadata.eventId`. */
export interface ConsumerRule {
  id: string;
  description: string;
  pattern: EventPattern;
  handler: string;
  uses: Uses;
}

export const consumerRules: readonly ConsumerRule[] = [
  // -- processing consumers (router, notifier, agency webhooks) --
  {
    id: ROUTER,
    description: "Puts a submitted dossier in its agency's inbox (dossier.routed), or on the admins' list (dossier.unroutable)",
    pattern: { 'detail-type': ROUTER_EVENTS },
    handler: 'functions/routing/route-dossier.ts',
    uses: { table: 'write', outbox: 'write' },
  },
  {
    id: 'notify-citizen',
    description: 'Tells the applicant about their dossier by email and SMS (stored outbound notifications)',
    pattern: { 'detail-type': CITIZEN_EVENTS },
    handler: 'functions/notifications/notify-citizen.ts',
    // rating-links: the RETURNED message carries the signed one-click rating link.
    uses: { table: 'write', notifications: 'send', secrets: ['rating-links'] },
  },
  {
    id: 'agency-webhook',
    description: "Forwards an agency's case events to its own system by signed webhook, if it has one",
    pattern: { 'detail-type': AGENCY_CASE_EVENTS.map((event) => event.detailType), detail: { data: { agencyId: [{ exists: true }] } } },
    handler: 'functions/integrations/agency-webhook.ts',
    // The webhook targets (URL + signing secret per agency) come from the secret motcua/<stage>/agency-webhooks.
    uses: { table: 'write', secrets: ['agency-webhooks'] },
  },
  // -- end processing consumers --
  // -- retention --
  {
    id: 'retention-marker',
    description: "Records when a closed dossier's retention period ends, where its procedure sets one",
    pattern: { 'detail-type': CLOSING_EVENTS.map((event) => event.detailType) },
    handler: 'functions/retention/mark-closed.ts',
    uses: { table: 'write' },
  },
  // -- end retention --
  // -- service index --
  {
    id: 'count-service-index',
    description: "Adds dossier and payment events to the service index's counters per agency, procedure and day (QĐ 766)",
    pattern: { 'detail-type': COUNTED_EVENTS.map((event) => event.detailType) },
    handler: 'functions/stats/count-event.ts',
    uses: { table: 'write' },
  },
  // -- end service index --
  // -- slips consumers --
  {
    id: 'issue-slip',
    description: 'Issues the statutory slip an event calls for (TT 01/2018 forms 01-05, PDF with a QR) into the documents bucket, once per event',
    pattern: { 'detail-type': SLIP_EVENTS },
    handler: 'functions/slips/issue-slip.ts',
    uses: { table: 'write', documents: 'write' },
  },
  // -- end slips consumers --
  // -- payment consumers --
  // -- end payment consumers --
  // -- dvcqg consumers --
  {
    id: 'dvcqg-sync',
    description: 'Syncs each changed dossier to DVCQG (create, update, progress), in order, from its sync cursor',
    pattern: { 'detail-type': DVCQG_SYNC_EVENTS.map((event) => event.detailType) },
    handler: 'functions/dvcqg/sync.ts',
    // attachments/documents 'read': DVCQG gets expiring links to the papers and the result. The endpoints and mapping come from the secret motcua/<stage>/dvcqg.
    uses: { table: 'write', attachments: 'read', documents: 'read', secrets: ['dvcqg'] },
  },
  // -- end dvcqg consumers --
];

/** Scheduled jobs (rate in minutes), e.g. the deadline watcher and payment reconciliation. */
export interface Schedule {
  id: string;
  description: string;
  everyMinutes: number;
  handler: string;
  uses: Uses;
}

export const schedules: readonly Schedule[] = [
  // -- processing schedules --
  {
    id: 'deadline-watcher',
    description:
      "Raises dossier.overdue once for each dossier past its appointment date, and feedback.overdue for each feedback unanswered past its deadline (queries the agencies' inbox and feedback-deadline partitions, no scan)",
    everyMinutes: 15,
    handler: 'functions/agency/deadline-watcher.ts',
    uses: { table: 'write', outbox: 'write' },
  },
  // -- end processing schedules --
  // -- payment schedules --
  {
    id: 'payment-reconciliation',
    description: 'Asks the gateways about payments still open 15 minutes after creation (expiring those never completed) and again about refunds not surely answered',
    everyMinutes: 5,
    handler: 'functions/payments/reconcile.ts',
    uses: { table: 'write', outbox: 'write', secrets: ['vnpay', 'paygov'] },
  },
  // -- end payment schedules --
  // -- retention schedules --
  {
    id: 'retention',
    description: 'Removes the personal data of closed dossiers whose retention period ended, figures kept',
    everyMinutes: 24 * 60,
    handler: 'functions/retention/schedule.ts',
    uses: { table: 'write', attachments: 'write', documents: 'write' },
  },
  // -- end retention schedules --
  // -- dvcqg schedules --
  {
    id: 'dvcqg-sweep',
    description: 'Syncs again the dossiers still behind DVCQG (failed passes, dead-lettered events), once their backoff has passed',
    everyMinutes: 5,
    handler: 'functions/dvcqg/sweep.ts',
    uses: { table: 'write', attachments: 'read', documents: 'read', secrets: ['dvcqg'] },
  },
  {
    id: 'dvcqg-catalogue',
    description: 'Pulls the national procedure database (CSDL TTHC) into the catalogue once a day, keeping local forms and fees',
    everyMinutes: 24 * 60,
    handler: 'functions/dvcqg/catalogue.ts',
    uses: { table: 'write', secrets: ['dvcqg'] },
  },
  // -- end dvcqg schedules --
];
