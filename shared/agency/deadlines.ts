import { events } from '../../events/catalog';
import { changeDossier, dossierRef, SYSTEM_ACTOR, type Dossier } from '../domain/dossier';
import type { DossierStatus } from '../domain/dossier-lifecycle';
import { ConflictError } from '../domain/errors';
import type { Logger } from '../http/logger';
import { listAgencies } from '../store/catalogue';
import { commitDossierChange } from '../store/dossiers';
import { overdueInInbox } from '../store/inbox';
import { outboxEvent } from '../store/outbox';

/**
 * The statuses in which the appointment clock runs. Not SUPPLEMENT_REQUESTED (the clock is paused),
 * not RESOLVED or RETURNED (a ready result is not late), not the terminal ones.
 */
export const CLOCK_RUNNING: readonly DossierStatus[] = ['SUBMITTED', 'RECEIVED', 'PROCESSING', 'PAYMENT_REQUIRED'];

/**
 * The deadline watcher (scheduled): for each agency of the catalogue and each status where the
 * clock runs, queries the inbox partition for appointments before `at` (gsi2sk < now: no scan) and
 * raises dossier.overdue once per dossier: the event, an `overdue` history entry and
 * `overdueNotified: true` commit together, conditional on the version read, so two overlapping runs
 * raise it once. A reschedule clears the flag, for the new date.
 */
export async function raiseOverdue(at: Date, log: Logger): Promise<{ raised: number; skipped: number }> {
  let raised = 0;
  let skipped = 0;
  const agencies = await listAgencies();
  for (const agency of agencies) {
    for (const status of CLOCK_RUNNING) {
      for await (const dossier of overdueInInbox(agency.id, status, at.toISOString())) {
        // The index is eventually consistent: a transfer or reschedule may not have reached it yet.
        if (dossier.agencyId !== agency.id || !dossier.appointmentAt || dossier.overdueNotified) continue;
        try {
          await markOverdue(dossier, at);
          raised += 1;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          // Changed meanwhile (an officer acted, or another run raised it): the next run looks again.
          skipped += 1;
        }
      }
    }
  }
  log.info('deadlines.checked', { agencies: agencies.length, raised, skipped });
  return { raised, skipped };
}

async function markOverdue(dossier: Dossier, at: Date): Promise<void> {
  const change = changeDossier(dossier, { action: 'overdue', actor: SYSTEM_ACTOR, at, set: { overdueNotified: true }, note: `appointment ${dossier.appointmentAt}` });
  await commitDossierChange({
    ...change,
    events: [outboxEvent(events.dossierOverdue, { ...dossierRef(change.dossier, 'system'), appointmentAt: dossier.appointmentAt! }, { at })],
  });
}
