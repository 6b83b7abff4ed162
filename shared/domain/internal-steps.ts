import { afterWorkingHours, vnWorkCalendar, type WorkCalendar } from './appointment';
import { ConflictError, ForbiddenError, type FieldError } from './errors';
import type { InternalStep, ProcessingTime } from './procedure';
import { say } from './field-messages';

/**
 * Internal steps (quy trình nội bộ, the control slip of TT 01/2018 form 05): a received dossier is
 * held by one step at a time, from the one-stop desk through the specialist and the head of
 * department to the leader who signs. Each step has its own deadline, its working hours counted
 * from when it started. Pure: the use case (shared/agency/internal-steps.ts) stores the outcome.
 */

export const WORKING_HOURS_PER_DAY = 8;

/** Where a dossier stands in its procedure's steps. */
export interface StepState {
  index: number;
  id: string;
  title: string;
  role: InternalStep['role'];
  unit?: string;
  startedAt: string;
  dueAt: string;
  /** The officer (sub) it is assigned to; anyone of the agency may take it until then. */
  assignee?: string;
  /** `dossier.step_overdue` is raised once per step started. */
  overdueNotified?: boolean;
  /** Set on the last step when the leader approves: the dossier may then be resolved. */
  approved?: { by: string; at: string };
}

export type StepAction = 'assign' | 'forward' | 'send-back' | 'approve';
export const STEP_ACTIONS: readonly StepAction[] = ['assign', 'forward', 'send-back', 'approve'];

/**
 * The working hours a processing time allows: 8 a working day; a calendar day holds at most one
 * working day, so the same bound holds for calendar days (necessary, not sufficient: weekends).
 */
export const legalWorkingHours = (time: ProcessingTime) => time.amount * WORKING_HOURS_PER_DAY;

/** Why declared steps do not fit (paths under `body.internalSteps`). */
export function internalStepErrors(steps: readonly InternalStep[], time: ProcessingTime): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  steps.forEach((step, i) => {
    if (seen.has(step.id)) errors.push({ path: `body.internalSteps.${i}.id`, message: say('stepUsedTwice', { id: step.id }), code: 'DUPLICATE_ID' });
    seen.add(step.id);
  });
  const total = steps.reduce((sum, step) => sum + step.hours, 0);
  const allowed = legalWorkingHours(time);
  if (steps.length && total > allowed) {
    errors.push({ path: 'body.internalSteps', message: say('stepsExceedTime', { total, allowed }), code: 'STEPS_EXCEED_PROCESSING_TIME' });
  }
  if (steps.length && steps[steps.length - 1]!.role !== 'leader') {
    errors.push({ path: `body.internalSteps.${steps.length - 1}.role`, message: say('lastStepLeader'), code: 'LAST_STEP_NOT_LEADER' });
  }
  return errors;
}

/** Step `index` started at `at`, its deadline its hours of office time later. */
export function startStep(steps: readonly InternalStep[], index: number, at: Date, options: { assignee?: string; calendar?: WorkCalendar } = {}): StepState {
  const step = steps[index]!;
  return {
    index,
    id: step.id,
    title: step.title,
    role: step.role,
    ...(step.unit ? { unit: step.unit } : {}),
    startedAt: at.toISOString(),
    dueAt: afterWorkingHours(options.calendar ?? vnWorkCalendar, at, step.hours).toISOString(),
    ...(options.assignee ? { assignee: options.assignee } : {}),
  };
}

/** `step`: the id of the step the officer acts on, as they saw it; two officers forwarding it at once move it once. */
export type StepInput = { step?: string } & (
  | { action: 'assign'; officerSub: string }
  | { action: 'forward'; step: string; assignee?: string }
  | { action: 'send-back'; step: string; reason: string }
  | { action: 'approve'; step: string }
);

/**
 * The step after `input`, or why not: 409 for what the steps do not allow now, 403 when the step is
 * assigned to another officer (assign is open to any officer of the agency: it is how work is handed out).
 */
export function decideStep(steps: readonly InternalStep[], current: StepState | undefined, input: StepInput, actor: { sub: string; admin: boolean }, at: Date): StepState {
  if (!steps.length) throw new ConflictError('This procedure declares no internal steps.', 'NO_INTERNAL_STEPS');
  // A dossier received before its procedure declared steps starts at the first.
  const step = current ?? startStep(steps, 0, at);
  if (step.approved) throw new ConflictError('The leader has approved this dossier: resolve it.', 'ALREADY_APPROVED');
  if (input.step !== undefined && input.step !== step.id) throw new ConflictError(`The dossier is no longer at step ${input.step} but at ${step.id} (${step.title}); reload it.`, 'STEP_MOVED');
  if (input.action === 'assign') return { ...step, assignee: input.officerSub };
  if (step.assignee && step.assignee !== actor.sub && !actor.admin) {
    throw new ForbiddenError('This step is assigned to another officer.', 'NOT_ASSIGNED');
  }
  const last = steps.length - 1;
  switch (input.action) {
    case 'forward':
      if (step.index >= last) throw new ConflictError('This is the last step: the leader approves it.', 'LAST_STEP');
      return startStep(steps, step.index + 1, at, input.assignee ? { assignee: input.assignee } : {});
    case 'send-back': {
      if (step.index === 0) throw new ConflictError('This is the first step: there is none to send it back to.', 'FIRST_STEP');
      return startStep(steps, step.index - 1, at);
    }
    case 'approve':
      if (step.index !== last) throw new ConflictError(`Only the last step (${steps[last]!.title}) is approved; forward it there.`, 'NOT_LAST_STEP');
      return { ...step, approved: { by: actor.sub, at: at.toISOString() } };
  }
}

/** A step is overdue once past its deadline, unless approved (the dossier's own deadline still applies). */
export const stepIsOverdue = (step: StepState | undefined, at: Date) => Boolean(step && !step.approved && new Date(step.dueAt) < at);

/** What officers may do to the steps now (for a UI's buttons); the same rules as decideStep, but who holds the step. */
export function stepActions(steps: readonly InternalStep[] | undefined, step: StepState | undefined, status: string): StepAction[] {
  if (!steps?.length || !['RECEIVED', 'PROCESSING'].includes(status) || step?.approved) return [];
  const index = step?.index ?? 0;
  const last = steps.length - 1;
  return STEP_ACTIONS.filter((action) => action === 'assign' || (action === 'forward' && index < last) || (action === 'send-back' && index > 0) || (action === 'approve' && index === last));
}
