import { events } from '../../events/catalog';
import { now } from '../clock';
import { changeDossier, dossierRef, expectVersion, SYSTEM_ACTOR, type Dossier } from '../domain/dossier';
import { decide, type Decision } from '../domain/dossier-lifecycle';
import { ConflictError, IllegalTransitionError } from '../domain/errors';
import { decideStep, startStep, type StepInput, type StepState } from '../domain/internal-steps';
import type { Procedure } from '../domain/procedure';
import type { Caller } from '../http/caller';
import type { Logger } from '../logger';
import { getProcedure } from '../store/catalogue';
import { commitDossierChange, getDossier } from '../store/dossiers';
import { outboxEvent, type PendingEvent } from '../store/outbox';
import { removeStepDue, stepDueDelete, stepDueWrite, stepsDueBefore } from '../store/steps';
import { assertNotTheApplicant, dossierForOfficer, isAdmin, officerActor } from './access';

/**
 * Officers' actions on the internal steps: assign (to a colleague), forward (to the next step),
 * send-back (to the previous one, with a reason), approve (the leader, on the last step; then
 * resolve). Each commits the dossier, a history entry naming the step and its deadline, the step's
 * deadline marker and, for forward from RECEIVED, the hand-over to processing, in one transaction.
 */

const IN_HAND = ['RECEIVED', 'PROCESSING'];

/** The first step, started at receipt, for a procedure that declares steps. */
export function firstStep(procedure: Pick<Procedure, 'internalSteps'> | undefined, at: Date): StepState | undefined {
  return procedure?.internalSteps?.length ? startStep(procedure.internalSteps, 0, at) : undefined;
}

/** resolve needs the leader's approval when the procedure declares steps. */
export function assertApproved(dossier: Dossier, procedure: Pick<Procedure, 'internalSteps'> | undefined): void {
  if (procedure?.internalSteps?.length && !dossier.step?.approved) {
    throw new ConflictError("This procedure's internal steps end with the leader's approval: forward the dossier to the last step and approve it first.", 'NOT_APPROVED');
  }
}

export async function actOnStep(caller: Caller, dossierId: string, input: StepInput & { version?: number; note?: string }, options: { correlationId?: string } = {}): Promise<Dossier> {
  const current = await dossierForOfficer(caller, dossierId);
  assertNotTheApplicant(caller, current);
  expectVersion(current, input.version);
  if (!IN_HAND.includes(current.status)) throw new IllegalTransitionError(`Cannot ${input.action} a dossier in status ${current.status}: internal steps run while it is RECEIVED or PROCESSING.`);
  const procedure = await getProcedure(current.procedureCode);
  const at = now();
  const step = decideStep(procedure?.internalSteps ?? [], current.step, input, { sub: caller.sub, admin: isAdmin(caller) }, at);
  // Forwarding a received dossier hands it to the specialist unit: the lifecycle's `process`.
  const decision: Decision | undefined = input.action === 'forward' && current.status === 'RECEIVED' ? decide(current, 'process', 'officer') : undefined;
  const note = input.note ?? (input.action === 'send-back' ? input.reason : input.action === 'assign' ? `→ ${input.officerSub}` : undefined);
  const change = changeDossier(current, { action: input.action, actor: officerActor(caller), at, ...(decision ? { decision } : {}), set: { step }, step, ...(note ? { note } : {}) });
  const eventOptions = { at, ...(options.correlationId ? { correlationId: options.correlationId } : {}) };
  const pending: PendingEvent[] = decision ? [outboxEvent(events.dossierProcessing, dossierRef(change.dossier, caller.sub), eventOptions)] : [];
  const marker = stepDueWrite(change.dossier);
  await commitDossierChange({ ...change, events: pending, ...(marker ? { alsoWrite: { stepDue: marker } } : {}) });
  return change.dossier;
}

/**
 * The deadline watcher's pass over step deadlines: each marker due before `at` whose dossier is
 * still in that step raises `dossier.step_overdue` once (flag, `step-overdue` history entry, event,
 * marker removed, version-checked); a marker the dossier has moved past is removed.
 */
export async function raiseStepOverdue(agencyId: string, at: Date, log: Logger): Promise<number> {
  let raised = 0;
  for await (const due of stepsDueBefore(agencyId, at.toISOString())) {
    const dossier = await getDossier(due.dossierId);
    const step = dossier?.step;
    const current = dossier && step && step.index === due.index && step.startedAt === due.startedAt && !step.approved && IN_HAND.includes(dossier.status);
    try {
      if (!current || step.overdueNotified) {
        await removeStepDue(due);
        continue;
      }
      const flagged = { ...step, overdueNotified: true };
      const change = changeDossier(dossier, { action: 'step-overdue', actor: SYSTEM_ACTOR, at, set: { step: flagged }, step: flagged, note: `step ${step.id} due ${step.dueAt}` });
      await commitDossierChange({
        ...change,
        events: [
          outboxEvent(events.dossierStepOverdue, { ...dossierRef(change.dossier, 'system'), stepId: step.id, stepIndex: step.index, dueAt: step.dueAt, ...(step.assignee ? { assignee: step.assignee } : {}) }, { at }),
        ],
        alsoWrite: { stepDue: stepDueDelete(dossier.id) },
      });
      raised += 1;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      log.info('steps.overdue.skipped'); // changed meanwhile: the next run looks again
    }
  }
  return raised;
}
