import { events } from '../../events/catalog';
import { eventConsumer } from '../../shared/processing/consumer';
import { ROUTER, routeSubmittedDossier } from '../../shared/processing/router';

/** dossier.submitted → the dossier enters its agency's inbox (dossier.routed), or the admins' list (dossier.unroutable). */
export const handler = eventConsumer(ROUTER, [events.dossierSubmitted], ({ detail, log }) => routeSubmittedDossier(detail, log));
