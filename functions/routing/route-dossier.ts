import { events } from '../../events/catalog';
import { eventConsumer } from '../../shared/events/consumer';
import { ROUTER, routeSubmittedDossier } from '../../shared/routing/router';

/** dossier.submitted → the dossier enters its agency's inbox (dossier.routed), or the admins' list (dossier.unroutable). */
export const handler = eventConsumer(ROUTER, [events.dossierSubmitted], ({ detail, log }) => routeSubmittedDossier(detail, log));
