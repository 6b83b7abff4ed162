import { events } from '../../events/catalog';
import { now } from '../clock';
import type { EventDetail } from '../../events/envelope';
import type { Dossier, HistoryEntry } from '../domain/dossier';
import { ConflictError } from '../domain/errors';
import type { Logger } from '../http/logger';
import { commitDossierChange, getDossier } from '../store/dossiers';
import { unroutedMarkerPut } from '../store/inbox';
import { outboxEvent } from '../store/outbox';
import { failedOnCondition, processedEventPut } from '../store/processed-events';
import { dossierRef, SYSTEM_ACTOR } from '../domain/dossier';

export const ROUTER = 'route-dossier';

/** The index of the first `alsoWrite` item in commitDossierChange's transaction: dossier, history, one event. */
const PROCESSED_INDEX = 3;

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
    if (dossier.status !== 'SUBMITTED' || dossier.routed) return dossier.routed ? 'duplicate' : 'not-applicable';
    try {
      return await commitRouting(dossier, detail.metadata.eventId, detail.metadata.correlationId);
    } catch (error) {
      if (failedOnCondition(error, PROCESSED_INDEX)) return 'duplicate';
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
  const atIso = at.toISOString();
  const options = { at, ...(correlationId ? { correlationId } : {}) };
  if (dossier.agencyId) {
    const next: Dossier = { ...dossier, routed: true, version: dossier.version + 1, updatedAt: atIso };
    const history: HistoryEntry = { at: atIso, action: 'route', actor: SYSTEM_ACTOR, from: dossier.status, to: next.status, note: `→ ${dossier.agencyId}` };
    await commitDossierChange({
      dossier: next,
      history,
      events: [outboxEvent(events.dossierRouted, { ...dossierRef(next, 'system'), agencyId: dossier.agencyId }, options)],
      alsoWrite: [processedEventPut(ROUTER, eventId)],
    });
    return 'routed';
  }
  const reason = 'No agency is responsible for this procedure in the applicant\'s unit';
  const next: Dossier = { ...dossier, version: dossier.version + 1, updatedAt: atIso };
  const history: HistoryEntry = { at: atIso, action: 'route', actor: SYSTEM_ACTOR, from: dossier.status, to: next.status, note: 'unroutable' };
  await commitDossierChange({
    dossier: next,
    history,
    events: [outboxEvent(events.dossierUnroutable, { ...dossierRef(next, 'system'), unitId: dossier.unitId, reason }, options)],
    alsoWrite: [processedEventPut(ROUTER, eventId), unroutedMarkerPut(next, reason)],
  });
  return 'unroutable';
}
