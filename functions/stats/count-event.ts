import { eventConsumer } from '../../shared/events/consumer';
import { COUNTED_EVENTS } from '../../shared/events/subscriptions';
import { countForServiceIndex, STATS_CONSUMER } from '../../shared/stats/record';

/** Dossier and payment events → the service index's counters (idempotent on the event id). */
export const handler = eventConsumer(STATS_CONSUMER, COUNTED_EVENTS, ({ detailType, detail, log }) => countForServiceIndex(detailType, detail, log));
