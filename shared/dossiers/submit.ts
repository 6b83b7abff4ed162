import { events } from '../../events/catalog';
import { now } from '../clock';
import { appointmentDate, nextOpening, vnWorkCalendar } from '../domain/appointment';
import { counterDay, dossierCode } from '../domain/dossier-code';
import type { Channel, Dossier, HistoryEntry } from '../domain/dossier';
import { decide, type Decision } from '../domain/dossier-lifecycle';
import { answerErrors } from '../domain/form-schema';
import { feeFor, type Procedure } from '../domain/procedure';
import { chooseAgency } from '../domain/routing';
import { createLogger } from '../logger';
import { listAgencies, listRoutingRules, unitWithAncestors } from '../store/catalogue';
import { applicantEntryWrite, commitWithCodeClaim, DossierCodeTakenError, getDossierWithHistory, nextDailySequence, type DossierChange } from '../store/dossiers';
import { outboxEvent } from '../store/outbox';
import { authorizeFiling } from '../identity/authority';
import { citizenActor, type FilingRequest } from './access';
import { changeDossier, dossierRef, expectVersion } from '../domain/dossier';
import { NotFoundError, rejection } from '../domain/errors';
import { onlineProcedure } from './drafts';
import { missingPapers } from './papers';
import { loadView } from './read';
import { dossierView, type DossierView } from './view';
import type { TransactItem } from '../store/transaction';
import { verifyPapers, type PaperVerification } from './verify-papers';
import { firstStep } from '../agency/internal-steps';
import { stepDueWrite } from '../store/steps';

/**
 * The provincial public-administration service centre (Trung tâm Phục vụ hành chính công): receives
 * what no agency is found for. Its dossier codes use this prefix and their own daily counter; the
 * router flags such dossiers as unroutable for admins.
 */
export const UNROUTED_PREFIX = 'HCC';

/** Draws another number when a code is already taken (two agencies sharing a prefix): rare, bounded. */
const CODE_ATTEMPTS = 3;

const log = createLogger({ service: 'motcua', useCase: 'dossier.submit' });

/** The appointment date (ngày hẹn trả); a zero processing time means "at the next opening". */
export function appointmentFor(procedure: Pick<Procedure, 'processingTime'>, receivedAt: Date): Date {
  if (procedure.processingTime.amount === 0) return nextOpening(vnWorkCalendar, receivedAt);
  return appointmentDate({ receivedAt, processing: procedure.processingTime, calendar: vnWorkCalendar });
}

/**
 * POST /dossiers/{id}/submit. In order, and nothing is written until all pass:
 * lifecycle allows it → procedure online → answers valid and required papers declared → every paper
 * verified in S3 → commitSubmission (agency, code, one transaction).
 * Four sequential round trips: the dossier and its history read while the Idempotency-Key is
 * claimed (`claimed`) → the papers copied while the code's number is drawn → the copies read
 * (checked, hashed, scanned) → the transaction, which also records the answer (`recordAnswer`),
 * built from what it writes: nothing is read back.
 */
export async function submitDossier(request: FilingRequest & { id: string; version?: number; claimed?: Promise<void>; recordAnswer?: (view: DossierView) => TransactItem }, at = now()) {
  const found = await getDossierWithHistory(request.id);
  if (!found || found.dossier.ownerSub !== request.ownerSub) throw new NotFoundError('There is no such dossier.');
  const { dossier, history } = found;
  expectVersion(dossier, request.version);
  const decision = decide(dossier, 'submit', 'citizen');
  const procedure = await onlineProcedure(dossier.procedureCode, 'procedureCode');
  // Again at submit: a mandate may have been revoked or have expired, a child may have turned 14.
  const filing = await authorizeFiling({ caller: request.caller, applicant: dossier.applicant, procedure, dossierId: dossier.id, path: 'applicant.nationalId' }, at);

  const incomplete = [...answerErrors(procedure.applicationForm, dossier.answers, 'answers'), ...missingPapers(procedure, dossier.papers)];
  if (incomplete.length) throw rejection('The dossier is not complete; see errors.', incomplete, 'DOSSIER_INCOMPLETE');
  // Everything above only read; from here on papers are copied and the code's number drawn.
  await request.claimed;

  let view: DossierView | undefined;
  const recordAnswer = request.recordAnswer;
  const submitted = await commitSubmission({
    dossier,
    decision,
    procedure,
    at,
    actor: citizenActor(request.ownerSub),
    channel: 'online',
    changes: { filing },
    verification: verifyPapers(dossier.id, procedure, dossier.papers, at),
    refusal: 'Some papers failed verification; see errors. Nothing was submitted.',
    ...(recordAnswer ? { answer: (committed: Dossier, entries: readonly HistoryEntry[]) => recordAnswer((view = dossierView(committed, [...history, ...entries]))) } : {}),
    ...(request.correlationId ? { correlationId: request.correlationId } : {}),
  });
  // Outside HTTP (no answer to record) the view is read back.
  return view ?? loadView(submitted.id);
}

/** What the service index counts of a submission's papers: scanned at the desk, and taken from the citizen's document store. */
export const paperCounts = (dossier: Pick<Dossier, 'papers'>) => ({
  papersDigitised: dossier.papers.filter((paper) => paper.verifiedAt && paper.digitized).length,
  papersReused: dossier.papers.filter((paper) => paper.verifiedAt && paper.reused).length,
});

/** What a submission commits, whichever channel it came through (online, DVCQG, desk, post). */
export interface Submission {
  /** The dossier before submission: a stored draft, or a new one at version 0 (not yet stored). */
  dossier: Dossier;
  decision: Decision;
  procedure: Procedure;
  /**
   * The papers' verification (verifyPapers), or its promise: the code's number is drawn while the
   * papers are copied and read. Papers with errors are refused (`refusal`, DOSSIER_INCOMPLETE);
   * verified copies are discarded if the submission does not commit.
   */
  verification: PaperVerification | Promise<PaperVerification>;
  /** The refusal's message when a paper failed verification. */
  refusal?: string;
  /** A write that commits with the submission, made from what it writes (e.g. the request's recorded answer). */
  answer?: (committed: Dossier, entries: readonly HistoryEntry[]) => TransactItem;
  at: Date;
  actor: HistoryEntry['actor'];
  channel: Channel;
  correlationId?: string;
  /** Fields set beside the submission's own (e.g. a fee already paid on DVCQG, the national reference). */
  changes?: Partial<Dossier>;
  /** Writes that must commit with it (e.g. the claim of a national dossier code). */
  alsoWrite?: DossierChange['alsoWrite'];
  /**
   * At the one-stop desk the officer who enters the dossier receives it at once: the same
   * transaction then also takes it to RECEIVED (its own history entry, `dossier.received`).
   */
  receivedBy?: HistoryEntry['actor'];
}

/**
 * The common end of every submission: agency chosen → code number drawn while the papers are
 * verified (the one write before the transaction: a failed or refused submission leaves a gap in the
 * day's numbers) → one transaction: the
 * submitted dossier (code, appointment date, fee, channel), its history entry, `dossier.submitted`,
 * the claim of its code, its entry under the applicant's identity number (GET /me/dossiers) and
 * `alsoWrite`. Returns the dossier as committed.
 */
export async function commitSubmission(submission: Submission): Promise<Dossier> {
  const { dossier, decision, procedure, at, actor, correlationId } = submission;
  const routing = (async () => {
    const [unitChain, agencies, rules] = await Promise.all([unitWithAncestors(dossier.unitId), listAgencies(), listRoutingRules()]);
    const agency = chooseAgency({ procedure, unitChain, agencies, rules });
    return { agency, sequence: await nextDailySequence(agency?.id ?? UNROUTED_PREFIX, counterDay(at)) };
  })();
  // Side by side: a submission refused for its papers leaves a gap in the day's numbers, as a failed transaction does.
  const [verified, routed] = await Promise.allSettled([submission.verification, routing]);
  if (verified.status === 'rejected') throw verified.reason; // verifyPapers removed its copies
  const verification = verified.value;
  if (verification.errors.length) throw rejection(submission.refusal ?? 'Some papers failed verification; see errors. Nothing was submitted.', verification.errors, 'DOSSIER_INCOMPLETE');
  if (routed.status === 'rejected') {
    await verification.discard();
    throw routed.reason;
  }
  try {
    const { agency } = routed.value;
    const appointmentAt = appointmentFor(procedure, at).toISOString();
    const amount = feeFor(procedure, dossier.answers);
    const base: Partial<Dossier> = {
      papers: verification.papers,
      routed: false,
      submittedAt: at.toISOString(),
      appointmentAt,
      fee: { amount, state: amount > 0 ? 'DUE' : 'NONE' },
      channel: submission.channel,
      ...(agency ? { agencyId: agency.id } : {}),
      ...submission.changes,
    };

    for (let attempt = 1; ; attempt++) {
      const sequence = attempt === 1 ? routed.value.sequence : await nextDailySequence(agency?.id ?? UNROUTED_PREFIX, counterDay(at));
      const issued = dossierCode(agency?.code ?? UNROUTED_PREFIX, at, sequence);
      if (issued.overflow) log.error('dossier.code.overflow', { agencyId: agency?.id ?? UNROUTED_PREFIX, sequence });
      const change = changeDossier(dossier, { action: 'submit', actor, at, decision, set: { ...base, code: issued.code }, note: `code ${issued.code}` });
      const submitted = change.dossier;
      const eventOptions = { at, ...(correlationId ? { correlationId } : {}) };
      const submittedEvent = outboxEvent(events.dossierSubmitted, { ...dossierRef(submitted, actor.sub), unitId: submitted.unitId, appointmentAt, submittedAt: at.toISOString(), ...paperCounts(submitted) }, eventOptions);
      const receivedBy = submission.receivedBy;
      const step = receivedBy ? firstStep(procedure, at) : undefined;
      const received = receivedBy ? changeDossier(submitted, { action: 'receive', actor: receivedBy, at, decision: decide(submitted, 'receive', 'officer'), ...(step ? { set: { step }, step } : {}) }) : undefined;
      const marker = received ? stepDueWrite(received.dossier) : undefined;
      const committed = received?.dossier ?? submitted;
      const answer = submission.answer?.(committed, received ? [change.history, received.history] : [change.history]);
      const applicantEntry = applicantEntryWrite(committed);
      const alsoWrite = { ...submission.alsoWrite, ...(marker ? { stepDue: marker } : {}), ...(answer ? { answer } : {}), ...(applicantEntry ? { applicantEntry } : {}) };
      try {
        await commitWithCodeClaim(
          {
            ...(received ? { ...received, through: [change] } : change),
            events: [submittedEvent, ...(received && receivedBy ? [outboxEvent(events.dossierReceived, dossierRef(received.dossier, receivedBy.sub), eventOptions)] : [])],
            ...(Object.keys(alsoWrite).length ? { alsoWrite } : {}),
          },
          issued.code,
        );
        return committed;
      } catch (error) {
        if (!(error instanceof DossierCodeTakenError) || attempt >= CODE_ATTEMPTS) throw error;
        log.warn('dossier.code.taken', { code: issued.code, attempt });
      }
    }
  } catch (error) {
    await verification.discard(error);
    throw error;
  }
}
