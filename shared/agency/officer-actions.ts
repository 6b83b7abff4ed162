import { events } from '../../events/catalog';
import { now } from '../clock';
import { changeDossier, dossierRef, expectVersion, type Dossier } from '../domain/dossier';
import { decide, type DossierAction } from '../domain/dossier-lifecycle';
import { feeFor } from '../domain/procedure';
import { ConflictError, UnprocessableError, ValidationError } from '../domain/errors';
import { feeWhenEnded, whyNotReturnable } from '../domain/payment';
import type { Caller } from '../http/caller';
import { getAgency, getProcedure } from '../store/catalogue';
import { commitDossierChange } from '../store/dossiers';
import { newResultKey, presignResultUpload, resultDocumentExists, type PresignedUrl } from '../store/inbox';
import { outboxEvent, type PendingEvent } from '../store/outbox';
import { stepDueWrite } from '../store/steps';
import { assertNotTheApplicant, dossierForOfficer, officerActor } from './access';
import { assertApproved, firstStep } from './internal-steps';

/**
 * What an officer (cán bộ một cửa) does to a dossier: POST /agency/dossiers/{id}/{action}. Each action
 * goes through the lifecycle (409 ILLEGAL_TRANSITION), is conditional on the version read (409
 * CONFLICT; a client may also pin the version it showed), and commits the dossier, its history entry
 * with the officer's id and its events in one transaction.
 */
export type OfficerActionInput = { version?: number; note?: string } & (
  | { action: 'receive' | 'process' }
  | { action: 'refuse' | 'stop'; reason: string }
  | { action: 'request-supplement'; reason: string; papers: string[]; deadline?: string }
  | { action: 'request-payment'; amount: number }
  | { action: 'transfer'; agencyId: string; reason: string }
  | { action: 'resolve'; decision?: string; document?: { contentType: string } }
  | { action: 'return'; method: 'online' | 'post' | 'desk'; address?: string }
  | { action: 'reschedule'; appointmentAt: string; reason: string }
);

export interface OfficerActionOutcome {
  dossier: Dossier;
  /** resolve with a document: where to PUT it. */
  upload?: PresignedUrl & { headers: Record<string, string>; objectKey: string };
}

export async function actOnDossier(caller: Caller, dossierId: string, input: OfficerActionInput, options: { correlationId?: string } = {}): Promise<OfficerActionOutcome> {
  const current = await dossierForOfficer(caller, dossierId);
  assertNotTheApplicant(caller, current);
  expectVersion(current, input.version);
  const decision = decide(current, input.action as DossierAction, 'officer');
  const at = now();
  const atIso = at.toISOString();
  // What the action sets besides the lifecycle state, and its events (built once the next version is known).
  const set: Partial<Dossier> = {};
  const emitted: [Parameters<typeof outboxEvent>[0], Record<string, unknown>][] = [];
  const emit = (definition: Parameters<typeof outboxEvent>[0], data: Record<string, unknown>) => emitted.push([definition, data]);
  let note = input.note;
  let upload: OfficerActionOutcome['upload'];

  switch (input.action) {
    case 'receive': {
      // The internal steps start at receipt, at the first (usually the one-stop desk).
      const step = firstStep(await getProcedure(current.procedureCode), at);
      if (step) set.step = step;
      emit(events.dossierReceived, {});
      break;
    }
    case 'process':
      emit(events.dossierProcessing, {});
      break;
    case 'refuse':
      set.request = { reason: input.reason };
      set.fee = feeWhenEnded(current.fee);
      note ??= input.reason;
      emit(events.dossierNotAccepted, { reason: input.reason });
      break;
    case 'stop':
      set.request = { reason: input.reason };
      set.fee = feeWhenEnded(current.fee);
      note ??= input.reason;
      emit(events.dossierStopped, { reason: input.reason });
      break;
    case 'request-supplement':
      // The clock pauses (decision.clock === 'pause'): the citizen's supplement shifts the appointment by the pause.
      set.pausedAt = atIso;
      set.request = { reason: input.reason, papers: input.papers, ...(input.deadline ? { deadline: input.deadline } : {}) };
      note ??= input.reason;
      emit(events.dossierSupplementRequested, { reason: input.reason, papers: input.papers, ...(input.deadline ? { deadline: input.deadline } : {}) });
      break;
    case 'request-payment': {
      // Invariant 9: one officer alone never lowers the catalogue's fee (an exemption is not an officer's action).
      const procedure = await getProcedure(current.procedureCode);
      const catalogueFee = procedure ? feeFor(procedure, current.answers) : 0;
      if (input.amount < catalogueFee) {
        throw new UnprocessableError(`The catalogue's fee for this dossier is ${catalogueFee} VND; an officer may not ask for less.`, 'FEE_BELOW_CATALOGUE', [{ path: 'body.amount', message: `at least ${catalogueFee}`, code: 'FEE_BELOW_CATALOGUE' }]);
      }
      set.fee = { amount: input.amount, state: 'DUE' };
      emit(events.dossierPaymentRequested, { amount: input.amount });
      break;
    }
    case 'transfer': {
      if (input.agencyId === current.agencyId) throw new UnprocessableError('The dossier is already with this agency.', 'SAME_AGENCY', [{ path: 'body.agencyId', message: 'the current agency' }]);
      if (!(await getAgency(input.agencyId))) throw new UnprocessableError('No such agency.', 'UNKNOWN_AGENCY', [{ path: 'body.agencyId', message: 'not in the catalogue' }]);
      // A new agencyId rewrites the inbox keys: the dossier leaves one inbox and enters the other in this transaction.
      set.agencyId = input.agencyId;
      set.routed = true;
      note ??= input.reason;
      emit(events.dossierRouted, { agencyId: input.agencyId, previousAgencyId: current.agencyId, reason: input.reason });
      break;
    }
    case 'resolve': {
      assertApproved(current, await getProcedure(current.procedureCode));
      if (!input.decision && !input.document) throw new ValidationError('A result needs a decision text or a document.', [{ path: 'body', message: 'decision or document is required' }]);
      const objectKey = input.document ? newResultKey(current.id) : undefined;
      set.result = { ...(objectKey ? { objectKey } : {}), ...(input.decision ? { decision: input.decision } : {}), resolvedAt: atIso };
      if (objectKey && input.document) upload = { ...(await presignResultUpload(objectKey, input.document.contentType)), objectKey };
      emit(events.dossierResolved, { hasDocument: objectKey !== undefined });
      break;
    }
    case 'return': {
      const owed = whyNotReturnable(current);
      if (owed) throw new ConflictError(owed.detail, owed.code);
      const objectKey = current.result?.objectKey;
      if (objectKey && !(await resultDocumentExists(objectKey))) {
        throw new ConflictError('The result document has not been uploaded yet.', 'RESULT_NOT_UPLOADED');
      }
      set.delivery = { method: input.method, ...(input.address ? { address: input.address } : {}) };
      emit(events.dossierReturned, { method: input.method });
      // The address stays on the dossier: the postal integration reads it from there, not from the event.
      if (input.method === 'post') emit(events.dossierDeliveryRequested, { method: 'post' });
      break;
    }
    case 'reschedule': {
      const previous = current.appointmentAt;
      if (!previous) throw new ConflictError('The dossier has no appointment date to move.', 'NO_APPOINTMENT');
      if (new Date(input.appointmentAt) <= new Date(previous) || new Date(input.appointmentAt) <= at) {
        throw new ValidationError('The new appointment date must be later than the current one and than now.', [{ path: 'body.appointmentAt', message: 'must be later than the current appointment and than now' }]);
      }
      set.appointmentAt = new Date(input.appointmentAt).toISOString();
      // A new date may fall due again: the watcher raises dossier.overdue once per appointment date.
      set.overdueNotified = false;
      note ??= input.reason;
      emit(events.dossierRescheduled, { appointmentAt: set.appointmentAt, previousAppointmentAt: previous, reason: input.reason });
      break;
    }
  }

  const change = changeDossier(current, { action: input.action, actor: officerActor(caller), at, decision, set, note, ...(set.step ? { step: set.step } : {}) });
  const pending: PendingEvent[] = emitted.map(([definition, data]) =>
    outboxEvent(definition, { ...dossierRef(change.dossier, caller.sub), ...data } as never, { correlationId: options.correlationId, at }));
  const marker = set.step ? stepDueWrite(change.dossier) : undefined;
  await commitDossierChange({ ...change, events: pending, ...(marker ? { alsoWrite: { stepDue: marker } } : {}) });
  return { dossier: change.dossier, ...(upload ? { upload } : {}) };
}
