import { now } from '../clock';
import { changeDossier, SYSTEM_ACTOR, type Dossier } from '../domain/dossier';
import { isTerminal } from '../domain/dossier-lifecycle';
import type { Logger } from '../logger';
import { config } from '../config';
import { deleteObjects } from '../store/attachments';
import { getProcedure } from '../store/catalogue';
import { commitDossierChange, deleteApplicantEntry, dropHistoryNotes, getDossier } from '../store/dossiers';
import { deleteRetentionMarker, listDueMarkers, putRetentionMarker, type RetentionMarker } from '../store/retention';
import { redactNotifications } from '../store/notifications';
import { listSlips } from '../store/slips';

const DAY_MS = 86_400_000;
const REMOVED = 'Đã xoá (hết thời hạn lưu trữ)';

/**
 * Personal data has limits (LEGAL.md R17): a closed dossier keeps its applicant's data only for its
 * procedure's `retentionDays`. When a dossier closes, a marker records when it falls due; the daily
 * run (and an admin's dry run first) removes the personal data of what is due and keeps every
 * figure the service index and the statistics need (codes, statuses, dates, procedure, agency, fee).
 */

/** The closing events' consumer: a marker when the procedure sets a retention period. */
export async function markClosed(dossierId: string, closedAt: string): Promise<'marked' | 'kept' | 'missing'> {
  const dossier = await getDossier(dossierId);
  if (!dossier) return 'missing';
  const days = (await getProcedure(dossier.procedureCode))?.retentionDays;
  if (!days) return 'kept';
  await putRetentionMarker({ dossierId, closedAt, dueAt: new Date(Date.parse(closedAt) + days * DAY_MS).toISOString() });
  return 'marked';
}

/** What is removed from a dossier: the applicant, the answers, the files, the free text; nothing counted (its notifications: removeOne). */
function withoutPersonalData(dossier: Dossier, at: Date) {
  const { address: _address, ...delivery } = dossier.delivery ?? { method: 'online' as const };
  const { summary: _summary, applicantTechId: _techId, ...national } = dossier.national ?? ({} as NonNullable<Dossier['national']>);
  return changeDossier(dossier, {
    action: 'remove-personal-data',
    actor: SYSTEM_ACTOR,
    at,
    set: {
      applicant: { fullName: REMOVED, nationalId: '' },
      contactsVouched: {},
      answers: {},
      papers: dossier.papers.map((paper) => ({ ...paper, fileName: REMOVED })),
      ...(dossier.delivery ? { delivery } : {}),
      ...(dossier.national ? { national } : {}),
      ...(dossier.request ? { request: { reason: REMOVED } } : {}),
      ...(dossier.result?.decision ? { result: { ...dossier.result, decision: REMOVED } } : {}),
      personalDataRemovedAt: at.toISOString(),
    },
    note: 'Dữ liệu cá nhân đã được xoá khi hết thời hạn lưu trữ; số liệu thống kê được giữ lại.',
  });
}

export interface RetentionReport {
  dryRun: boolean;
  due: { dossierId: string; code?: string; procedureCode?: string; closedAt: string; dueAt: string }[];
  removed: number;
  skipped: { dossierId: string; reason: string }[];
}

/** One due dossier: files and notifications first (a failure keeps the marker, so the next run tries again), then the item, the notes, the marker. */
async function removeOne(marker: RetentionMarker, dossier: Dossier, at: Date): Promise<void> {
  const { attachmentsBucket, documentsBucket } = config();
  const slips = await listSlips(dossier.id);
  await deleteObjects(attachmentsBucket, dossier.papers.map((paper) => paper.objectKey).filter(Boolean));
  await deleteObjects(
    documentsBucket,
    [dossier.result?.objectKey, dossier.result?.returnedKey, ...slips.map((slip) => slip.objectKey)].filter((key): key is string => !!key),
  );
  // Before the commit that marks the dossier done: a failure here keeps the marker, and the next run redacts again.
  await redactNotifications(dossier.id, REMOVED);
  await deleteApplicantEntry(dossier);
  await commitDossierChange({ ...withoutPersonalData(dossier, at), events: [] });
  await dropHistoryNotes(dossier.id);
  await deleteRetentionMarker(marker);
}

/**
 * POST /admin/retention/run and the daily `retention` schedule: the dossiers whose retention ended,
 * oldest first. `dryRun` lists them and changes nothing.
 */
export async function runRetention(options: { dryRun: boolean; limit?: number; log?: Logger }, at = now()): Promise<RetentionReport> {
  const markers = await listDueMarkers(at.toISOString(), options.limit ?? 200);
  const report: RetentionReport = { dryRun: options.dryRun, due: [], removed: 0, skipped: [] };
  for (const marker of markers) {
    const dossier = await getDossier(marker.dossierId);
    report.due.push({ dossierId: marker.dossierId, ...(dossier?.code ? { code: dossier.code } : {}), ...(dossier ? { procedureCode: dossier.procedureCode } : {}), closedAt: marker.closedAt, dueAt: marker.dueAt });
    if (options.dryRun) continue;
    if (!dossier || dossier.personalDataRemovedAt) {
      await deleteRetentionMarker(marker);
      continue;
    }
    // Closed dossiers stay closed; a reopened one (never today) would keep its data.
    if (!isTerminal(dossier.status)) {
      report.skipped.push({ dossierId: dossier.id, reason: `status ${dossier.status} is not closed` });
      continue;
    }
    try {
      await removeOne(marker, dossier, at);
      report.removed += 1;
    } catch (error) {
      options.log?.warn('retention.failed', { dossierId: dossier.id, error });
      report.skipped.push({ dossierId: dossier.id, reason: 'a store failed; tried again at the next run' });
    }
  }
  options.log?.info('retention.run', { dryRun: options.dryRun, due: report.due.length, removed: report.removed, skipped: report.skipped.length });
  return report;
}
