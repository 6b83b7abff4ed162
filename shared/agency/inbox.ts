import { now } from '../clock';
import { isOverdue } from '../domain/appointment';
import { dossierListing, resultKeyOf, withStatusCode, type Dossier, type DossierListing, type HistoryEntry } from '../domain/dossier';
import { allowedActions, type DossierStatus } from '../domain/dossier-lifecycle';
import { stepActions } from '../domain/internal-steps';
import type { Procedure } from '../domain/procedure';
import { getProcedure } from '../store/catalogue';
import { ForbiddenError, ValidationError } from '../domain/errors';
import type { Caller } from '../http/caller';
import { getDossierHistory, presignPaperDownload, queryInbox, type Page, type PresignedUrl } from '../store/inbox';
import { presignResultDownload } from '../store/results';
import { resultFileName } from './result-document';
import { dossierForOfficer, isAdmin } from './access';
import { auditRead } from './audit';
import { say } from '../domain/field-messages';

/** Overdue is derived: past the appointment and not yet resolved or returned (nor ended otherwise). */
export function dossierIsOverdue(dossier: Pick<Dossier, 'status' | 'appointmentAt'>, at: Date): boolean {
  if (!dossier.appointmentAt || !['SUBMITTED', 'RECEIVED', 'PROCESSING', 'PAYMENT_REQUIRED', 'SUPPLEMENT_REQUESTED'].includes(dossier.status)) return false;
  // While a supplement is awaited the clock is paused: the dossier cannot fall due.
  return dossier.status !== 'SUPPLEMENT_REQUESTED' && isOverdue(new Date(dossier.appointmentAt), at);
}

/** A line of the inbox: enough to pick a dossier, with the applicant's name only (officers serve them). */
export function inboxItem(dossier: DossierListing, at: Date) {
  return {
    id: dossier.id,
    ...(dossier.code ? { code: dossier.code } : {}),
    procedureCode: dossier.procedureCode,
    ...withStatusCode(dossier),
    version: dossier.version,
    ...(dossier.agencyId ? { agencyId: dossier.agencyId } : {}),
    applicantName: dossier.applicantName,
    ...(dossier.submittedAt ? { submittedAt: dossier.submittedAt } : {}),
    ...(dossier.appointmentAt ? { appointmentAt: dossier.appointmentAt } : {}),
    overdue: dossierIsOverdue(dossier, at),
    ...(dossier.step ? { step: { ...dossier.step, overdue: new Date(dossier.step.dueAt) < at } } : {}),
  };
}

export interface InboxFilter {
  status: DossierStatus;
  overdue?: boolean;
  appointmentFrom?: string;
  appointmentTo?: string;
  /** Admins name the agency; officers get theirs. */
  agencyId?: string;
  /** `me`: only those whose internal step is assigned to the caller. */
  assignee?: 'me';
  /** Only those whose internal step this department holds. */
  unit?: string;
  limit: number;
  cursor?: string;
}

/** GET /agency/dossiers: one page of the caller's agency's inbox in one status, from gsi2 (no scan). */
export async function listInbox(caller: Caller, filter: InboxFilter): Promise<Page<ReturnType<typeof inboxItem>>> {
  const agencyId = isAdmin(caller) ? (filter.agencyId ?? caller.agencyId) : caller.agencyId;
  if (!agencyId) {
    if (isAdmin(caller)) throw new ValidationError('Name the agency whose inbox to list.', [{ path: 'query.agencyId', message: say('agencyRequired') }]);
    throw new ForbiddenError('Your token names no agency.');
  }
  const at = now();
  const bounds = [filter.appointmentTo, filter.overdue ? at.toISOString() : undefined].filter((v): v is string => v !== undefined).sort();
  const page = await queryInbox({
    agencyId,
    status: filter.status,
    ...(filter.appointmentFrom ? { from: new Date(filter.appointmentFrom).toISOString() } : {}),
    ...(bounds[0] ? { before: new Date(bounds[0]).toISOString() } : {}),
    limit: filter.limit,
    ...(filter.cursor ? { cursor: filter.cursor } : {}),
    ...(filter.assignee === 'me' ? { assignee: caller.sub } : {}),
    ...(filter.unit ? { unit: filter.unit } : {}),
  });
  return { items: page.items.map((dossier) => inboxItem(dossier, at)), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** The full dossier for the officer: papers and result as short-lived presigned GETs, history, allowed actions. */
export async function officerDossierView(dossier: Dossier, history: HistoryEntry[], procedure?: Pick<Procedure, 'internalSteps'>) {
  const at = now();
  // Past its retention period the files are deleted (shared/retention): no link that would only 404.
  const filesRemoved = Boolean(dossier.personalDataRemovedAt);
  const papers = await Promise.all(
    dossier.papers.map(async (paper) => ({
      paperId: paper.paperId,
      fileName: paper.fileName,
      contentType: paper.contentType,
      size: paper.size,
      sha256: paper.sha256,
      ...(paper.verifiedAt ? { verifiedAt: paper.verifiedAt } : {}),
      ...(filesRemoved ? {} : { download: await presignPaperDownload(paper.objectKey, paper.contentType) }),
    })),
  );
  let resultDownload: PresignedUrl | undefined;
  const resultKey = resultKeyOf(dossier.result);
  if (resultKey && !filesRemoved)
    resultDownload = await presignResultDownload(resultKey, { fileName: resultFileName(dossier, dossier.result), ...(dossier.result?.contentType ? { contentType: dossier.result.contentType } : {}) });
  return {
    ...inboxItem(dossierListing(dossier), at),
    unitId: dossier.unitId,
    applicant: dossier.applicant,
    answers: dossier.answers,
    papers,
    fee: dossier.fee,
    ...(dossier.pausedAt ? { pausedAt: dossier.pausedAt } : {}),
    ...(dossier.request ? { request: dossier.request } : {}),
    ...(dossier.delivery ? { delivery: dossier.delivery } : {}),
    ...(dossier.result
      ? {
          result: {
            ...(dossier.result.decision ? { decision: dossier.result.decision } : {}),
            hasDocument: Boolean(dossier.result.objectKey) && !filesRemoved,
            resolvedAt: dossier.result.resolvedAt,
            ...(resultDownload ? { download: resultDownload } : {}),
          },
        }
      : {}),
    allowedActions: allowedActions(dossier, 'officer'),
    ...(dossier.step ? { currentStep: dossier.step } : {}),
    stepActions: stepActions(procedure?.internalSteps, dossier.step, dossier.status),
    history,
  };
}

/** GET /agency/dossiers/{id}. */
export async function getDossierForOfficer(caller: Caller, id: string, correlationId?: string) {
  const dossier = await dossierForOfficer(caller, id);
  // Audited before anything personal is answered (GET /admin/audit?dossierId=).
  await auditRead(caller, id, 'dossier', correlationId);
  const [history, procedure] = await Promise.all([getDossierHistory(id), getProcedure(dossier.procedureCode)]);
  return officerDossierView(dossier, history, procedure);
}
