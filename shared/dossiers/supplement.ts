import { events } from '../../events/catalog';
import { now } from '../clock';
import { shiftForPause, vnWorkCalendar } from '../domain/appointment';
import type { FieldError } from '../domain/errors';
import { decide } from '../domain/dossier-lifecycle';
import { answerErrors } from '../domain/form-schema';
import { createLogger } from '../logger';
import { commitDossierChange } from '../store/dossiers';
import type { NamedWrites } from '../store/transaction';
import { stepDueWrite } from '../store/steps';
import { outboxEvent } from '../store/outbox';
import { citizenActor, ownDossier, type CitizenRequest } from './access';
import { changeDossier, dossierRef, expectVersion, type Dossier, type HistoryEntry } from '../domain/dossier';
import type { Procedure } from '../domain/procedure';
import { rejection } from '../domain/errors';
import { onlineProcedure } from './drafts';
import { loadView } from './read';
import { verifyPapers } from './verify-papers';
import { say } from '../domain/field-messages';

const log = createLogger({ service: 'motcua', useCase: 'dossier.supplement' });

/**
 * POST /dossiers/{id}/supplement: answers the officer's supplement request (yêu cầu bổ sung).
 * New answers (replacing the old ones) are validated against the form; every paper the officer
 * listed must have been declared again since the request; the new papers are verified as at submit.
 * The clock resumes: the appointment date moves forward by the working time since `pausedAt`.
 */
export async function supplementDossier(request: CitizenRequest & { id: string; version?: number; answers?: Record<string, unknown>; note?: string }, at = now()) {
  const dossier = await ownDossier(request.id, request.ownerSub);
  expectVersion(dossier, request.version);
  const procedure = await onlineProcedure(dossier.procedureCode, 'procedureCode');
  await commitSupplement(dossier, procedure, { ...request, actor: citizenActor(request.ownerSub) }, at);
  return loadView(dossier.id);
}

export interface SupplementInput {
  /** Who brought the supplement: the citizen online, or the desk officer for a walk-in applicant. */
  actor: HistoryEntry['actor'];
  answers?: Record<string, unknown>;
  note?: string;
  correlationId?: string;
  /** Items committed in the same transaction (e.g. the claim of DVCQG's MaBoSung), named for failedOn. */
  alsoWrite?: NamedWrites;
}

/** The supplement itself, whoever brings it; returns the dossier as committed. */
export async function commitSupplement(dossier: Dossier, procedure: Procedure, request: SupplementInput, at: Date): Promise<Dossier> {
  // The lifecycle's supplement is the applicant's action, also when the desk brings it for them.
  const decision = decide(dossier, 'supplement', 'citizen');
  const answers = request.answers ?? dossier.answers;
  const pausedAt = dossier.pausedAt ? new Date(dossier.pausedAt) : undefined;

  const requested = (dossier.request?.papers ?? []).filter((paperId) => procedure.papers.some((paper) => paper.id === paperId));
  const incomplete: FieldError[] = [
    ...(request.answers ? answerErrors(procedure.applicationForm, answers, 'answers') : []),
    ...requested
      .filter((paperId) => !dossier.papers.some((paper) => paper.paperId === paperId && (!pausedAt || new Date(paper.declaredAt) >= pausedAt)))
      .map((paperId) => ({ path: `papers.${paperId}`, message: say('paperAskedAgain'), code: 'PAPER_MISSING' })),
  ];
  if (incomplete.length) throw rejection('The supplement is not complete; see errors.', incomplete, 'DOSSIER_INCOMPLETE');
  const verification = await verifyPapers(dossier.id, procedure, dossier.papers, at);
  if (verification.errors.length) throw rejection('Some papers failed verification; see errors. Nothing was sent.', verification.errors, 'DOSSIER_INCOMPLETE');

  // The pause is set by the officer's request; without it (older data) the date is left as it was.
  if (!pausedAt) log.warn('dossier.supplement.no_pause', { dossierId: dossier.id });
  const appointmentAt = dossier.appointmentAt && pausedAt ? shiftForPause(new Date(dossier.appointmentAt), pausedAt, at, vnWorkCalendar).toISOString() : dossier.appointmentAt;
  // The internal step's clock paused too: its deadline moves by the same working time.
  const step = dossier.step && pausedAt && !dossier.step.approved ? { ...dossier.step, dueAt: shiftForPause(new Date(dossier.step.dueAt), pausedAt, at, vnWorkCalendar).toISOString() } : undefined;
  const change = changeDossier(dossier, {
    action: 'supplement',
    actor: request.actor,
    at,
    decision,
    set: { answers, papers: verification.papers, appointmentAt, pausedAt: undefined, request: undefined, ...(step ? { step } : {}) },
    note: request.note,
    ...(step ? { step } : {}),
  });
  const marker = step ? stepDueWrite(change.dossier) : undefined;
  const resumed = change.dossier;
  try {
    await commitDossierChange({
      ...change,
      events: [
        outboxEvent(
          events.dossierSupplemented,
          { ...dossierRef(resumed, request.actor.sub), appointmentAt: appointmentAt ?? at.toISOString() },
          { at, ...(request.correlationId ? { correlationId: request.correlationId } : {}) },
        ),
      ],
      alsoWrite: { ...request.alsoWrite, ...(marker ? { stepDue: marker } : {}) },
    });
  } catch (error) {
    await verification.discard(error);
    throw error;
  }
  return resumed;
}
