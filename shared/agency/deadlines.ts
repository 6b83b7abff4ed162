import { events } from '../../events/catalog';
import { changeDossier, dossierRef, SYSTEM_ACTOR, type Dossier } from '../domain/dossier';
import type { DossierStatus } from '../domain/dossier-lifecycle';
import { ConflictError } from '../domain/errors';
import type { Logger } from '../logger';
import { listAgencies } from '../store/catalogue';
import { commitDossierChange } from '../store/dossiers';
import { awaitingReceipt, overdueInInbox } from '../store/inbox';
import { RECEIPT_CLOCK_CHANNELS, RECEIPT_WORKING_HOURS, receiptDueAt } from '../domain/receipt-deadline';
import { outboxEvent } from '../store/outbox';
import { raiseStepOverdue } from './internal-steps';
import { raiseFeedbackOverdue } from '../stats/feedback';

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
export async function raiseOverdue(at: Date, log: Logger): Promise<{ raised: number; skipped: number; receiptOverdue: number; stepOverdue: number; feedbackOverdue: number }> {
  let raised = 0;
  let feedbackOverdue = 0;
  let skipped = 0;
  let receiptOverdue = 0;
  let stepOverdue = 0;
  const agencies = await listAgencies();
  // 8 working hours are at least 8 hours: older submissions are the only candidates.
  const submittedBefore = new Date(at.getTime() - RECEIPT_WORKING_HOURS * 3600_000).toISOString();
  for (const agency of agencies) {
    stepOverdue += await raiseStepOverdue(agency.id, at, log);
    feedbackOverdue += await raiseFeedbackOverdue(agency.id, at, log);
    for await (const dossier of awaitingReceipt(agency.id, submittedBefore)) {
      const channel = (dossier as Dossier & { channel?: string }).channel ?? 'online';
      if (dossier.agencyId !== agency.id || dossier.status !== 'SUBMITTED' || !dossier.submittedAt || dossier.receiptOverdueNotified || !RECEIPT_CLOCK_CHANNELS.includes(channel)) continue;
      const dueAt = receiptDueAt(new Date(dossier.submittedAt));
      if (dueAt >= at) continue;
      try {
        await markReceiptOverdue(dossier, dueAt, at);
        receiptOverdue += 1;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        skipped += 1; // received meanwhile, or another run raised it
      }
    }
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
  log.info('deadlines.checked', { agencies: agencies.length, raised, skipped, receiptOverdue, stepOverdue, feedbackOverdue });
  return { raised, skipped, receiptOverdue, stepOverdue, feedbackOverdue };
}

async function markOverdue(dossier: Dossier, at: Date): Promise<void> {
  const change = changeDossier(dossier, { action: 'overdue', actor: SYSTEM_ACTOR, at, set: { overdueNotified: true }, note: `appointment ${dossier.appointmentAt}` });
  await commitDossierChange({
    ...change,
    events: [outboxEvent(events.dossierOverdue, { ...dossierRef(change.dossier, 'system'), appointmentAt: dossier.appointmentAt! }, { at })],
  });
}

/** dossier.receipt_overdue, once: the flag, a history entry and the event commit together, version-checked. */
async function markReceiptOverdue(dossier: Dossier, dueAt: Date, at: Date): Promise<void> {
  const change = changeDossier(dossier, { action: 'receipt-overdue', actor: SYSTEM_ACTOR, at, set: { receiptOverdueNotified: true }, note: `receipt due ${dueAt.toISOString()}` });
  await commitDossierChange({
    ...change,
    events: [outboxEvent(events.dossierReceiptOverdue, { ...dossierRef(change.dossier, 'system'), submittedAt: dossier.submittedAt!, receiptDueAt: dueAt.toISOString() }, { at })],
  });
}
