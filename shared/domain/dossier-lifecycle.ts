/**
 * The dossier (hồ sơ) lifecycle: statuses with the National Public Service Portal codes, and the one
 * pure function through which every status change goes (invariant 2 of ARCHITECTURE.md). The rules are
 * data (TRANSITIONS) so that the tests, the OpenAPI document and a UI can read the same table.
 */
import * as z from 'zod';
import { IllegalTransitionError } from './errors';

/** Code of each status on the National Public Service Portal; a draft has none (it was never sent). */
const STATUS_CODES = {
  DRAFT: null,
  SUBMITTED: 1,
  RECEIVED: 2,
  NOT_ACCEPTED: 3,
  PROCESSING: 4,
  SUPPLEMENT_REQUESTED: 5,
  PAYMENT_REQUIRED: 6,
  WITHDRAWN: 7,
  STOPPED: 8,
  RESOLVED: 9,
  RETURNED: 10,
} as const satisfies Record<string, number | null>;

/** Status of a dossier (trạng thái hồ sơ); the document shows the portal's code of each. */
export const DossierStatus = z.enum(Object.keys(STATUS_CODES) as [keyof typeof STATUS_CODES, ...(keyof typeof STATUS_CODES)[]]).meta({
  id: 'DossierStatus',
  description: `A dossier's status; \`statusCode\` beside it is the National Public Service Portal's code: ${Object.entries(STATUS_CODES)
    .map(([status, code]) => `${status} = ${code ?? 'none (never sent)'}`)
    .join(', ')}. Terminal: NOT_ACCEPTED, WITHDRAWN, STOPPED, RETURNED.`,
});
export type DossierStatus = z.infer<typeof DossierStatus>;

/** The portal's numeric code of a status (null for DRAFT); store it beside the name. */
export function statusCode(status: DossierStatus): number | null {
  return STATUS_CODES[status];
}

/** Statuses after which nothing may happen to a dossier. */
export const TERMINAL_STATUSES: readonly DossierStatus[] = ['NOT_ACCEPTED', 'WITHDRAWN', 'STOPPED', 'RETURNED'];

/** True when no action may follow this status. */
export function isTerminal(status: DossierStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** Who acts. Callers map an `admin` JWT to `officer`; the payment-confirmed consumer acts as `citizen`. */
export const Actor = z.enum(['citizen', 'officer']);
export type Actor = z.infer<typeof Actor>;

/** What can be done to a dossier; the officer ones are the `{action}` of POST /agency/dossiers/{id}/{action}. */
export const DossierAction = z.enum(['submit', 'withdraw', 'supplement', 'pay', 'receive', 'refuse', 'process', 'request-supplement', 'request-payment', 'transfer', 'resolve', 'stop', 'return', 'reschedule']);
export type DossierAction = z.infer<typeof DossierAction>;

/** The statuses a dossier can pause from (supplement or payment) and must resume to. */
export const ResumableStatus = z.enum(['RECEIVED', 'PROCESSING']);
export type ResumableStatus = z.infer<typeof ResumableStatus>;

/** What the rules need to know about a dossier; persist all three fields. */
export interface DossierState {
  status: DossierStatus;
  /** Where `supplement` / `pay` return to; set exactly while SUPPLEMENT_REQUESTED or PAYMENT_REQUIRED. */
  resumeStatus: ResumableStatus | null;
  /** A supplement may be requested only once per dossier, so this never goes back to false. */
  supplementRequested: boolean;
}

/** The state of a freshly created draft. */
export const INITIAL_STATE: DossierState = { status: 'DRAFT', resumeStatus: null, supplementRequested: false };

/** `status`: a fixed target; `resume`: back to resumeStatus; `same`: an event that keeps the status. */
export type Target = { kind: 'status'; status: DossierStatus } | { kind: 'resume' } | { kind: 'same' };

/** One row of the transition table. */
export interface TransitionRule {
  actor: Actor;
  from: readonly DossierStatus[];
  to: Target;
  /** The processing clock (ngày hẹn trả) pauses or resumes with this action. */
  clock?: 'pause' | 'resume';
}

const to = (status: DossierStatus): Target => ({ kind: 'status', status });
/** Statuses where a decision is still pending: withdrawal is allowed, and an apology may reschedule. */
const AWAITING_DECISION: readonly DossierStatus[] = ['SUBMITTED', 'RECEIVED', 'PROCESSING', 'SUPPLEMENT_REQUESTED', 'PAYMENT_REQUIRED'];
const IN_HAND: readonly DossierStatus[] = ['RECEIVED', 'PROCESSING'];

/** The lifecycle as data: who may do what from which status, and where it leads. */
export const TRANSITIONS: Readonly<Record<DossierAction, TransitionRule>> = {
  submit: { actor: 'citizen', from: ['DRAFT'], to: to('SUBMITTED') },
  withdraw: { actor: 'citizen', from: AWAITING_DECISION, to: to('WITHDRAWN') },
  supplement: { actor: 'citizen', from: ['SUPPLEMENT_REQUESTED'], to: { kind: 'resume' }, clock: 'resume' },
  pay: { actor: 'citizen', from: ['PAYMENT_REQUIRED'], to: { kind: 'resume' } },
  receive: { actor: 'officer', from: ['SUBMITTED'], to: to('RECEIVED') },
  refuse: { actor: 'officer', from: ['SUBMITTED'], to: to('NOT_ACCEPTED') },
  process: { actor: 'officer', from: ['RECEIVED'], to: to('PROCESSING') },
  // Once per dossier: enforced in decide() from DossierState.supplementRequested.
  'request-supplement': { actor: 'officer', from: IN_HAND, to: to('SUPPLEMENT_REQUESTED'), clock: 'pause' },
  // The fee does not pause the clock: ARCHITECTURE.md pauses it only for a supplement request.
  'request-payment': { actor: 'officer', from: IN_HAND, to: to('PAYMENT_REQUIRED') },
  // A transfer between agencies is an event (dossier.routed), not a status (the portal keeps code 4).
  transfer: { actor: 'officer', from: IN_HAND, to: { kind: 'same' } },
  resolve: { actor: 'officer', from: IN_HAND, to: to('RESOLVED') },
  stop: { actor: 'officer', from: AWAITING_DECISION.filter((s) => s !== 'SUBMITTED'), to: to('STOPPED') },
  return: { actor: 'officer', from: ['RESOLVED'], to: to('RETURNED') },
  // Not from RESOLVED: a ready result cannot be late (overdue excludes 9 and 10), it is just returned.
  reschedule: { actor: 'officer', from: AWAITING_DECISION, to: { kind: 'same' } },
};

/** The outcome of an allowed action. */
export interface Decision {
  /** The status after the action (equal to the current one for transfer and reschedule). */
  next: DossierStatus;
  /** The full state to persist. */
  state: DossierState;
  statusChanged: boolean;
  /** Pause or resume the appointment clock (see appointment.ts shiftForPause). */
  clock?: 'pause' | 'resume';
}

/** Decides an action on a dossier; throws IllegalTransitionError when the table does not allow it. */
export function decide(state: DossierState, action: DossierAction, actor: Actor): Decision {
  const rule = TRANSITIONS[action];
  const refuse = (why: string): never => {
    throw new IllegalTransitionError(`Cannot ${action} a dossier in status ${state.status}: ${why}.`);
  };
  if (rule.actor !== actor) refuse(`only the ${rule.actor} may do this`);
  if (!rule.from.includes(state.status)) refuse(`allowed only from ${rule.from.join(', ')}`);
  if (action === 'request-supplement' && state.supplementRequested) refuse('a supplement may be requested only once');

  let next: DossierStatus;
  let resumeStatus: ResumableStatus | null = state.resumeStatus;
  switch (rule.to.kind) {
    case 'same':
      next = state.status;
      break;
    case 'resume':
      // A stored state without resumeStatus here is corrupt data, not a client mistake: fail loudly (5xx).
      if (state.resumeStatus === null) throw new Error(`Dossier in ${state.status} has no resumeStatus`);
      next = state.resumeStatus;
      resumeStatus = null;
      break;
    case 'status':
      next = rule.to.status;
      resumeStatus = next === 'SUPPLEMENT_REQUESTED' || next === 'PAYMENT_REQUIRED' ? ResumableStatus.parse(state.status) : null;
      break;
  }
  const decision: Decision = {
    next,
    state: {
      status: next,
      resumeStatus,
      supplementRequested: state.supplementRequested || action === 'request-supplement',
    },
    statusChanged: next !== state.status,
  };
  if (rule.clock) decision.clock = rule.clock;
  return decision;
}

/** The actions this actor may take now, e.g. to show buttons; the same rules as decide(). */
export function allowedActions(state: DossierState, actor: Actor): DossierAction[] {
  return DossierAction.options.filter((action) => {
    const rule = TRANSITIONS[action];
    if (rule.actor !== actor || !rule.from.includes(state.status)) return false;
    return !(action === 'request-supplement' && state.supplementRequested);
  });
}
