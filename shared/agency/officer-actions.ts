import { events } from '../../events/catalog';
import { now } from '../clock';
import { changeDossier, dossierRef, expectVersion, type Dossier, type DossierResult } from '../domain/dossier';
import { decide, type DossierAction } from '../domain/dossier-lifecycle';
import { feeFor } from '../domain/procedure';
import { ConflictError, UnprocessableError, ValidationError } from '../domain/errors';
import { feeWhenEnded, whyNotReturnable } from '../domain/payment';
import type { Caller } from '../http/caller';
import { getAgency, getProcedure } from '../store/catalogue';
import { commitDossierChange } from '../store/dossiers';
import type { PresignedUpload } from '../store/attachments';
import { discardResultCopy, freezeResult, newResultKey, presignResultUpload } from '../store/results';
import { mediaType } from '../dossiers/papers';
import { resultDeclarationErrors, resultMismatch, type ResultDeclaration } from './result-document';
import { checkResultSignature, resultVerification, resultVerifyUrl } from './result-issue';
import { newVerifyToken } from '../slips/verify';
import { outboxEvent, type PendingEvent } from '../store/outbox';
import { stepDueWrite } from '../store/steps';
import { assertNotTheApplicant, dossierForOfficer, officerActor } from './access';
import { assertApproved, firstStep } from './internal-steps';
import { say } from '../domain/field-messages';

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
  | { action: 'resolve'; decision?: string; document?: ResultDeclaration }
  | { action: 'return'; method: 'online' | 'post' | 'desk'; address?: string }
  | { action: 'reschedule'; appointmentAt: string; reason: string }
);

export interface OfficerActionOutcome {
  dossier: Dossier;
  /** resolve with a document: where to PUT it. */
  upload?: PresignedUpload & { objectKey: string };
  /** resolve: the URL the result's QR must carry (print it on the document before signing). */
  verifyUrl?: string;
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
  // return: the result's checked copy, dropped again if the change does not commit.
  let frozenKey: string | undefined;
  // resolve: the result's verify URL; return: its verify record, committed with the change.
  let verifyUrl: string | undefined;
  let verification: ReturnType<typeof resultVerification>;

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
        throw new UnprocessableError(`The catalogue's fee for this dossier is ${catalogueFee} VND; an officer may not ask for less.`, 'FEE_BELOW_CATALOGUE', [
          { path: 'body.amount', message: say('atLeastFee', { amount: catalogueFee }), code: 'FEE_BELOW_CATALOGUE' },
        ]);
      }
      set.fee = { amount: input.amount, state: 'DUE' };
      emit(events.dossierPaymentRequested, { amount: input.amount });
      break;
    }
    case 'transfer': {
      if (input.agencyId === current.agencyId) throw new UnprocessableError('The dossier is already with this agency.', 'SAME_AGENCY', [{ path: 'body.agencyId', message: say('currentAgency') }]);
      if (!(await getAgency(input.agencyId))) throw new UnprocessableError('No such agency.', 'UNKNOWN_AGENCY', [{ path: 'body.agencyId', message: say('notInCatalogue') }]);
      // A new agencyId rewrites the inbox keys: the dossier leaves one inbox and enters the other in this transaction.
      set.agencyId = input.agencyId;
      set.routed = true;
      note ??= input.reason;
      emit(events.dossierRouted, { agencyId: input.agencyId, previousAgencyId: current.agencyId, reason: input.reason });
      break;
    }
    case 'resolve': {
      assertApproved(current, await getProcedure(current.procedureCode));
      if (!input.decision && !input.document) throw new ValidationError('A result needs a decision text or a document.', [{ path: 'body', message: say('decisionOrDocument') }]);
      let document: Omit<DossierResult, 'resolvedAt'> = {};
      if (input.document) {
        const errors = resultDeclarationErrors(await getProcedure(current.procedureCode), input.document);
        if (errors.length) throw new UnprocessableError('The result document does not fit what this procedure issues; see errors.', errors[0]!.code!, errors);
        // Bound into the upload URL (S3 refuses other bytes) and checked again at return.
        document = { objectKey: newResultKey(current.id), contentType: mediaType(input.document.contentType), size: input.document.size, sha256: input.document.sha256 };
        upload = { ...(await presignResultUpload({ objectKey: document.objectKey!, contentType: document.contentType!, size: input.document.size, sha256: input.document.sha256 })), objectKey: document.objectKey! };
      }
      // The QR's token now, so the agency can print the verify URL on the document before signing it.
      const verifyToken = newVerifyToken();
      verifyUrl = resultVerifyUrl(verifyToken);
      set.result = { ...document, ...(input.decision ? { decision: input.decision } : {}), resolvedAt: atIso, verifyToken };
      emit(events.dossierResolved, { hasDocument: document.objectKey !== undefined });
      break;
    }
    case 'return': {
      const owed = whyNotReturnable(current);
      if (owed) throw new ConflictError(owed.detail, owed.code);
      const result = current.result;
      if (result?.objectKey && !result.returnedKey) {
        // Copied first, then checked: what was checked is what the citizen gets, whatever is PUT later.
        const frozen = await freezeResult(current.id, result.objectKey);
        if (!frozen) throw new ConflictError('The result document has not been uploaded yet.', 'RESULT_NOT_UPLOADED');
        const mismatch = resultMismatch(result, frozen);
        if (mismatch) {
          await discardResultCopy(frozen.key);
          throw new ConflictError(`The uploaded result is not the one declared at resolve: ${mismatch}. Upload the declared file again.`, 'RESULT_MISMATCH');
        }
        const signature = await checkResultSignature(await getProcedure(current.procedureCode), result, frozen.bytes, at).catch(async (error: unknown) => {
          await discardResultCopy(frozen.key);
          throw error;
        });
        frozenKey = frozen.key;
        set.result = { ...result, returnedKey: frozen.key, signature };
      }
      if (set.result ?? result) {
        const [procedure, agency] = await Promise.all([getProcedure(current.procedureCode), current.agencyId ? getAgency(current.agencyId) : undefined]);
        verification = resultVerification(current, (set.result ?? result)!, procedure, agency, at);
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
        throw new ValidationError('The new appointment date must be later than the current one and than now.', [{ path: 'body.appointmentAt', message: say('laterAppointment') }]);
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
  const pending: PendingEvent[] = emitted.map(([definition, data]) => outboxEvent(definition, { ...dossierRef(change.dossier, caller.sub), ...data } as never, { correlationId: options.correlationId, at }));
  const marker = set.step ? stepDueWrite(change.dossier) : undefined;
  try {
    await commitDossierChange({ ...change, events: pending, alsoWrite: { ...(marker ? { stepDue: marker } : {}), ...(verification ? { verification } : {}) } });
  } catch (error) {
    if (frozenKey) await discardResultCopy(frozenKey);
    throw error;
  }
  return { dossier: change.dossier, ...(upload ? { upload } : {}), ...(verifyUrl ? { verifyUrl } : {}) };
}
