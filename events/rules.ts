import type { Uses } from '../infra/routes';

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
  // -- end processing consumers --
  // -- payment consumers --
  // -- end payment consumers --
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
  // -- end processing schedules --
  // -- payment schedules --
  // -- end payment schedules --
];
