import { events } from '../../events/catalog';
import { now } from '../clock';
import type { EventDetail } from '../../events/envelope';
import { changeDossier, dossierRef, SYSTEM_ACTOR, type Dossier } from '../domain/dossier';
import type { DossierStatus } from '../domain/dossier-lifecycle';
import { ConflictError } from '../domain/errors';
import type { Logger } from '../logger';
import { commitDossierChange, getDossier } from '../store/dossiers';
import { unroutedMarkerPut } from '../store/inbox';
import { outboxEvent } from '../store/outbox';
import { processedEventPut } from '../store/processed-events';
import { failedOn } from '../store/transaction';
import { ROUTER } from '../events/subscriptions';

/** Where a dossier waits for the router: submitted online or by DVCQG, or received at the desk. */
export const AWAITING_ROUTING: readonly DossierStatus[] = ['SUBMITTED', 'RECEIVED'];

export type RouteOutcome = 'routed' | 'unroutable' | 'duplicate' | 'not-applicable';

/**
 * The router (điều phối): on dossier.submitted, puts the dossier in its agency's inbox (routed: true,
 * which gives it its gsi2 keys), writes a `route` history entry and emits dossier.routed, in one
 * transaction that also records the event id as processed, so a redelivered event changes nothing.
 * The agency was chosen at submit (shared/domain/routing.ts); a dossier without one is unroutable:
 * dossier.unroutable, and a marker lists it for admins (GET /admin/dossiers/unroutable) until one
 * assigns it (POST /admin/dossiers/{id}/assign). Never lost, never in two inboxes.
 */
export async function routeSubmittedDossier(detail: EventDetail<typeof events.dossierSubmitted>, log: Logger): Promise<RouteOutcome> {
  for (let attempt = 1; ; attempt++) {
    const dossier = await getDossier(detail.data.dossierId);
    if (!dossier) {
      // The event and the dossier commit together, so this is corrupt data: fail, to leave it in the DLQ.
      throw new Error('dossier.submitted names a dossier that does not exist');
    }
    // Withdrawn before routing, or already routed (by an earlier delivery or an admin): nothing to do.
    // A desk dossier is received as it is submitted, so it waits for its inbox in RECEIVED.
    if (!AWAITING_ROUTING.includes(dossier.status) || dossier.routed) return dossier.routed ? 'duplicate' : 'not-applicable';
    try {
      return await commitRouting(dossier, detail.metadata.eventId, detail.metadata.correlationId);
    } catch (error) {
      if (failedOn(error, 'processedEvent')) return 'duplicate';
      // The citizen withdrew at the same moment: read again and decide again.
      if (error instanceof ConflictError && attempt < 3) {
        log.info('router.retry_on_conflict', { attempt });
        continue;
      }
      throw error;
    }
  }
}

async function commitRouting(dossier: Dossier, eventId: string, correlationId: string | undefined): Promise<RouteOutcome> {
  const at = now();
  const options = { at, ...(correlationId ? { correlationId } : {}) };
  const processedEvent = processedEventPut(ROUTER, eventId);
  if (dossier.agencyId) {
    const change = changeDossier(dossier, { action: 'route', actor: SYSTEM_ACTOR, at, set: { routed: true }, note: `→ ${dossier.agencyId}` });
    await commitDossierChange({
      ...change,
      events: [outboxEvent(events.dossierRouted, { ...dossierRef(change.dossier, 'system'), agencyId: dossier.agencyId }, options)],
      alsoWrite: { processedEvent },
    });
    return 'routed';
  }
  const reason = "No agency is responsible for this procedure in the applicant's unit";
  const change = changeDossier(dossier, { action: 'route', actor: SYSTEM_ACTOR, at, note: 'unroutable' });
  await commitDossierChange({
    ...change,
    events: [outboxEvent(events.dossierUnroutable, { ...dossierRef(change.dossier, 'system'), unitId: dossier.unitId, reason }, options)],
    alsoWrite: { processedEvent, unroutedMarker: unroutedMarkerPut(change.dossier, reason) },
  });
  return 'unroutable';
}
