import { eventConsumer } from '../../shared/events/consumer';
import { CLOSING_EVENTS } from '../../shared/events/subscriptions';
import { markClosed } from '../../shared/retention/retention';

/** A dossier closed: when its retention ends (a redelivery puts the same marker). */
export const handler = eventConsumer('retention-marker', CLOSING_EVENTS, ({ detail }) => markClosed(detail.data.dossierId, detail.metadata.occurredAt));
