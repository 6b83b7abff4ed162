import type { Dossier, DossierPaper, HistoryEntry } from '../domain/dossier';
import { allowedActions, statusCode, type DossierAction } from '../domain/dossier-lifecycle';
import { whyNotPayable } from '../domain/payment';
import { paperUuid } from '../store/buckets';
import type { FilingAuthority } from '../domain/filing-authority';

/** What a citizen sees of their dossiers: no storage keys, no officers' ids. */

export const attachmentIdOf = (paper: Pick<DossierPaper, 'objectKey'>) => paperUuid(paper.objectKey);

export function paperView(paper: DossierPaper) {
  return {
    attachmentId: attachmentIdOf(paper),
    paperId: paper.paperId,
    fileName: paper.fileName,
    contentType: paper.contentType,
    size: paper.size,
    sha256: paper.sha256,
    declaredAt: paper.declaredAt,
    ...(paper.verifiedAt ? { verifiedAt: paper.verifiedAt } : {}),
    ...(paper.reused ? { reused: paper.reused } : {}),
  };
}

/** A line of a citizen's list: from the listing (shared/domain/dossier.ts) or the whole dossier. */
export function dossierSummary(dossier: Pick<Dossier, 'id' | 'code' | 'procedureCode' | 'status' | 'appointmentAt' | 'submittedAt' | 'createdAt' | 'updatedAt'>) {
  return {
    id: dossier.id,
    ...(dossier.code ? { code: dossier.code } : {}),
    procedureCode: dossier.procedureCode,
    status: dossier.status,
    statusCode: statusCode(dossier.status),
    ...(dossier.appointmentAt ? { appointmentAt: dossier.appointmentAt } : {}),
    ...(dossier.submittedAt ? { submittedAt: dossier.submittedAt } : {}),
    createdAt: dossier.createdAt,
    updatedAt: dossier.updatedAt,
  };
}

const historyView = (entry: HistoryEntry) => ({
  at: entry.at,
  action: entry.action,
  actor: { role: entry.actor.role, ...(entry.actor.agencyId ? { agencyId: entry.actor.agencyId } : {}) },
  from: entry.from,
  to: entry.to,
  ...(entry.note ? { note: entry.note } : {}),
});

/**
 * What the citizen may do now: the lifecycle's actions, plus `pay` while a fee is due and payable
 * (POST /dossiers/{id}/payments takes it from SUBMITTED to RESOLVED, not only in PAYMENT_REQUIRED).
 */
export function citizenActions(dossier: Dossier): DossierAction[] {
  const actions = allowedActions(dossier, 'citizen');
  return whyNotPayable(dossier) || actions.includes('pay') ? actions : [...actions, 'pay'];
}

/** Under which authority the applicant was accepted; a desk officer's id is not shown to citizens. */
const filingView = (filing: FilingAuthority) => (filing.kind === 'desk' ? { kind: filing.kind } : filing);

export function dossierView(dossier: Dossier, history: readonly HistoryEntry[]) {
  return {
    ...dossierSummary(dossier),
    version: dossier.version,
    unitId: dossier.unitId,
    ...(dossier.agencyId ? { agencyId: dossier.agencyId } : {}),
    applicant: dossier.applicant,
    ...(dossier.filing ? { filing: filingView(dossier.filing) } : {}),
    answers: dossier.answers,
    papers: dossier.papers.map(paperView),
    fee: dossier.fee,
    ...(dossier.delivery ? { delivery: dossier.delivery } : {}),
    ...(dossier.request ? { request: dossier.request } : {}),
    ...(dossier.result ? { result: { ...(dossier.result.decision ? { decision: dossier.result.decision } : {}), resolvedAt: dossier.result.resolvedAt, hasDocument: Boolean(dossier.result.objectKey) } } : {}),
    allowedActions: citizenActions(dossier),
    history: [...history].sort((a, b) => a.at.localeCompare(b.at)).map(historyView),
  };
}
export type DossierView = ReturnType<typeof dossierView>;
