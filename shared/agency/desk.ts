import { randomUUID } from 'node:crypto';
import { now } from '../clock';
import { changeDossier, expectVersion, firstVersion, withStatusCode, type Applicant, type Dossier, type DossierPaper } from '../domain/dossier';
import { decide, INITIAL_STATE } from '../domain/dossier-lifecycle';
import { ConflictError, NotFoundError, rejection, UnprocessableError, type FieldError } from '../domain/errors';
import { answerErrors } from '../domain/form-schema';
import type { DeliveryMethod, Procedure } from '../domain/procedure';
import type { Caller } from '../http/caller';
import { authorizeDeskFiling } from '../identity/authority';
import { declaredPaper, withPaper, type PaperDeclaration } from '../dossiers/declare-paper';
import { checkDelivery, checkUnit } from '../dossiers/drafts';
import { declarationErrors, missingPapers } from '../dossiers/papers';
import { commitSubmission } from '../dossiers/submit';
import { commitSupplement } from '../dossiers/supplement';
import { verifyPapers } from '../dossiers/verify-papers';
import { getProcedure } from '../store/catalogue';
import { commitDossierChange, getDossier } from '../store/dossiers';
import { assertNotTheApplicant, officerActor } from './access';
import { say } from '../domain/field-messages';

/**
 * Intake at the one-stop desk (tiếp nhận trực tiếp, Nghị định 118/2025; by the public post, Nghị
 * định 107/2021): an officer of any receiving agency of the province enters a walk-in or postal
 * applicant's dossier and scans its papers (Chỉ thị 02/CT-TTg). Two calls, because the scans must
 * reach S3 through presigned PUTs between them: POST /agency/dossiers checks everything that can
 * be checked without the files and writes the desk draft with its declared papers; POST
 * /agency/dossiers/{id}/submit-desk verifies the uploads and goes through commitSubmission, like
 * every channel, received by the officer in the same transaction.
 */

export type DeskChannel = 'desk' | 'post';

export interface DeskIntake {
  channel: DeskChannel;
  procedureCode: string;
  unitId: string;
  applicant: Applicant;
  answers: Record<string, unknown>;
  delivery?: { method: DeliveryMethod; address?: string };
  papers: PaperDeclaration[];
}

/** The owner of a desk dossier: no citizen token carries it; the applicant follows the case by its code. */
export const deskOwner = (dossierId: string) => `desk:${dossierId}`;

/** At the desk any procedure of the catalogue in force is received, online or not (levels 1-2 included). */
async function deskProcedure(code: string, path: string): Promise<Procedure> {
  const procedure = await getProcedure(code);
  if (!procedure) throw new UnprocessableError(`There is no procedure ${code}.`, 'PROCEDURE_NOT_FOUND', [{ path, message: say('unknownProcedure'), code: 'PROCEDURE_NOT_FOUND' }]);
  if (!procedure.active) throw new UnprocessableError(`Procedure ${code} is no longer in force.`, 'PROCEDURE_INACTIVE', [{ path, message: say('inactiveProcedure'), code: 'PROCEDURE_INACTIVE' }]);
  return procedure;
}

/** What the officer entered, checked as far as it can be without the files (paths under `body.`). */
function intakeErrors(procedure: Procedure, intake: DeskIntake): FieldError[] {
  const errors: FieldError[] = answerErrors(procedure.applicationForm, intake.answers, 'body.answers');
  const seen = new Set<string>();
  intake.papers.forEach((declaration, i) => {
    const at = `body.papers.${i}`;
    errors.push(...declarationErrors(procedure, declaration).map((error) => ({ ...error, path: error.path.replace(/^body/, at) })));
    if (seen.has(declaration.paperId)) errors.push({ path: `${at}.paperId`, message: say('paperTwice'), code: 'PAPER_DUPLICATE' });
    seen.add(declaration.paperId);
  });
  errors.push(...missingPapers(procedure, intake.papers as unknown as DossierPaper[]).map((error) => ({ ...error, path: 'body.papers' })));
  return errors;
}

/**
 * POST /agency/dossiers: the desk draft, version 1, with its papers declared (marked digitized by
 * this officer) and one presigned PUT per paper. Nothing is written unless the procedure, unit,
 * delivery, answers and declarations all fit.
 */
export async function startDeskIntake(officer: Caller, intake: DeskIntake, at = now()) {
  const procedure = await deskProcedure(intake.procedureCode, 'body.procedureCode');
  const filing = authorizeDeskFiling(officer, procedure);
  await checkUnit(intake.unitId);
  checkDelivery(procedure, intake.delivery);
  const id = randomUUID();
  assertNotTheApplicant(officer, { ownerSub: deskOwner(id), applicant: intake.applicant } as Dossier);
  const errors = intakeErrors(procedure, intake);
  if (errors.length) throw rejection('The dossier does not fit the procedure; see errors. Nothing was written.', errors, 'DOSSIER_INCOMPLETE');

  const digitized = { officerSub: officer.sub, agencyId: officer.agencyId!, at: at.toISOString() };
  const declared = await Promise.all(intake.papers.map((declaration) => declaredPaper(id, declaration, at, { digitized })));
  const created = firstVersion(
    {
      ...INITIAL_STATE,
      id,
      procedureCode: procedure.code,
      ownerSub: deskOwner(id),
      applicant: intake.applicant,
      // Taken from the applicant in person, or from the signed form they posted: not typed by a stranger.
      contactsVouched: { ...(intake.applicant.phone ? { sms: 'source' as const } : {}), ...(intake.applicant.email ? { email: 'source' as const } : {}) },
      filing,
      channel: intake.channel,
      unitId: intake.unitId,
      answers: intake.answers,
      papers: declared.map(({ paper }) => paper),
      fee: { amount: 0, state: 'NONE' },
      ...(intake.delivery ? { delivery: intake.delivery } : {}),
    },
    officerActor(officer),
    at,
  );
  await commitDossierChange({ ...created, events: [] });
  return { dossier: deskView(created.dossier), uploads: declared.map(({ paper, upload }) => ({ paperId: paper.paperId, upload })) };
}

/** A desk draft of the officer's receiving agency (any officer of that desk may go on with it); 404 otherwise. */
async function deskDraft(officer: Caller, id: string): Promise<Dossier> {
  const dossier = await getDossier(id);
  const filing = dossier?.filing;
  if (!dossier || filing?.kind !== 'desk' || !officer.agencyId || filing.agencyId !== officer.agencyId) throw new NotFoundError('No such desk dossier at your agency.');
  return dossier;
}

/**
 * POST /agency/dossiers/{id}/papers: scan a paper again (a bad scan, a failed check) while it is a
 * draft, or a paper the applicant brings while a supplement is requested.
 */
export async function redeclareDeskPaper(officer: Caller, id: string, declaration: PaperDeclaration, at = now()) {
  const dossier = await deskDraft(officer, id);
  if (!['DRAFT', 'SUPPLEMENT_REQUESTED'].includes(dossier.status))
    throw new ConflictError(`Papers are scanned before the dossier is submitted, or while a supplement is requested; this one is ${dossier.status}.`, 'PAPERS_LOCKED');
  const procedure = await deskProcedure(dossier.procedureCode, 'procedureCode');
  const errors = declarationErrors(procedure, declaration);
  if (errors.length) throw rejection('The paper does not fit the procedure; see errors.', errors, 'PAPER_INVALID');
  const { paper, upload } = await declaredPaper(id, declaration, at, { digitized: { officerSub: officer.sub, agencyId: officer.agencyId!, at: at.toISOString() } });
  const change = changeDossier(dossier, { action: 'edit', actor: officerActor(officer), at, set: { papers: withPaper(dossier.papers, paper) }, note: `paper scanned again: ${paper.paperId}` });
  await commitDossierChange({ ...change, events: [] });
  return { dossier: deskView(change.dossier), uploads: [{ paperId: paper.paperId, upload }] };
}

/**
 * POST /agency/dossiers/{id}/submit-desk: the scans verified as citizens' uploads are (S3: size, type,
 * SHA-256), the answers and papers checked again, then commitSubmission (agency, code, appointment
 * date, fee) with the receipt by this officer in the same transaction: RECEIVED at once.
 */
export async function submitDeskDossier(officer: Caller, id: string, input: { version?: number; correlationId?: string }, at = now()) {
  const dossier = await deskDraft(officer, id);
  expectVersion(dossier, input.version);
  // The officer files on the applicant's behalf: the lifecycle's submit is the applicant's action.
  const decision = decide(dossier, 'submit', 'citizen');
  const procedure = await deskProcedure(dossier.procedureCode, 'procedureCode');
  const filing = authorizeDeskFiling(officer, procedure);
  assertNotTheApplicant(officer, dossier);
  const incomplete = [...answerErrors(procedure.applicationForm, dossier.answers, 'answers'), ...missingPapers(procedure, dossier.papers)];
  if (incomplete.length) throw rejection('The dossier is not complete; see errors.', incomplete, 'DOSSIER_INCOMPLETE');

  const actor = officerActor(officer);
  const received = await commitSubmission({
    dossier,
    decision,
    procedure,
    at,
    actor,
    receivedBy: actor,
    // Verified while the code's number is drawn.
    verification: verifyPapers(dossier.id, procedure, dossier.papers, at),
    refusal: 'Some scans failed verification; see errors. Nothing was submitted.',
    channel: dossier.channel ?? 'desk',
    changes: { filing },
    ...(input.correlationId ? { correlationId: input.correlationId } : {}),
  });
  return deskView(received);
}

/**
 * POST /agency/dossiers/{id}/supplement-desk: the walk-in applicant has no account, so the desk that
 * received the dossier brings the supplement (papers scanned with /papers first): the citizen's
 * supplement rules, the desk officer recorded as who brought it.
 */
export async function supplementDeskDossier(officer: Caller, id: string, input: { version?: number; answers?: Record<string, unknown>; note?: string; correlationId?: string }, at = now()) {
  const dossier = await deskDraft(officer, id);
  expectVersion(dossier, input.version);
  const procedure = await deskProcedure(dossier.procedureCode, 'procedureCode');
  assertNotTheApplicant(officer, dossier);
  const resumed = await commitSupplement(
    dossier,
    procedure,
    { actor: officerActor(officer), ...(input.answers ? { answers: input.answers } : {}), ...(input.note ? { note: input.note } : {}), ...(input.correlationId ? { correlationId: input.correlationId } : {}) },
    at,
  );
  return deskView(resumed);
}

/** What the receiving officer gets back: enough to hand over the receipt and the tracking code. */
export function deskView(dossier: Dossier) {
  return {
    id: dossier.id,
    version: dossier.version,
    ...(dossier.code ? { code: dossier.code } : {}),
    ...withStatusCode(dossier),
    channel: dossier.channel ?? 'desk',
    procedureCode: dossier.procedureCode,
    unitId: dossier.unitId,
    ...(dossier.agencyId ? { agencyId: dossier.agencyId } : {}),
    applicant: dossier.applicant,
    ...(dossier.filing?.kind === 'desk' ? { receivedBy: { officerSub: dossier.filing.officerSub, ...(dossier.filing.agencyId ? { agencyId: dossier.filing.agencyId } : {}) } } : {}),
    ...(dossier.submittedAt ? { submittedAt: dossier.submittedAt } : {}),
    ...(dossier.appointmentAt ? { appointmentAt: dossier.appointmentAt } : {}),
    fee: dossier.fee,
    ...(dossier.delivery ? { delivery: dossier.delivery } : {}),
    papers: dossier.papers.map((paper) => ({
      paperId: paper.paperId,
      fileName: paper.fileName,
      contentType: paper.contentType,
      size: paper.size,
      sha256: paper.sha256,
      declaredAt: paper.declaredAt,
      ...(paper.verifiedAt ? { verifiedAt: paper.verifiedAt } : {}),
      ...(paper.digitized ? { digitized: paper.digitized } : {}),
    })),
  };
}
