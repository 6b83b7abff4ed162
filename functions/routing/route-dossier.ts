import { eventConsumer } from '../../shared/events/consumer';
import { ROUTER, ROUTER_SUBSCRIPTION } from '../../shared/events/subscriptions';
import { routeSubmittedDossier } from '../../shared/routing/router';

/** dossier.submitted → the dossier enters its agency's inbox (dossier.routed), or the admins' list (dossier.unroutable). */
export const handler = eventConsumer(ROUTER, ROUTER_SUBSCRIPTION, ({ detail, log }) => routeSubmittedDossier(detail, log));
