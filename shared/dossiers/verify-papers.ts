import type { FieldError } from '../domain/errors';
import { createLogger } from '../logger';
import type { DossierPaper } from '../domain/dossier';
import type { Procedure } from '../domain/procedure';
import { copyIfPresent, deleteObjectQuietly, digestOpened, isQuarantined, openObject, paperScanner } from '../store/attachments';
import { newAttempt, verifiedKey } from '../store/buckets';
import { getDossier, mayHaveCommitted } from '../store/dossiers';
import { accepts, contentMatchesType, mediaType } from './papers';
import { say } from '../domain/field-messages';

const log = createLogger({ service: 'motcua', useCase: 'papers.verify' });

/** The outcome of verifying a dossier's unverified papers. */
export interface PaperVerification {
  /** All the dossier's papers, the newly verified ones with `verifiedAt` and their verified key. */
  papers: DossierPaper[];
  errors: FieldError[];
  /**
   * Removes the copies made by this run when its change failed with `failure`. They are this run's
   * alone (their keys name the attempt), so no other request's papers are touched; and when the
   * commit may have gone through all the same (a timeout, a lost reply), whatever the stored dossier
   * references is kept. Without a failure, nothing was committed.
   */
  discard(failure?: unknown): Promise<void>;
}

/**
 * Verifies every paper not yet verified (invariant 8): the upload exists, its size is the declared
 * one and within the paper's limit, its type is the declared one and accepted, its SHA-256 is the
 * declared one, and the stage's scanner finds no malware in it (PAPER_INFECTED). The quarantined
 * object is first copied out of the client's reach, then the COPY is checked and hashed and scanned
 * in one read (two round trips a paper, in parallel across papers), so a re-upload through a
 * still-valid URL cannot slip between check and use.
 * Each run copies to keys of its own attempt. Nothing is kept when a paper fails: the copies made are deleted.
 */
export async function verifyPapers(dossierId: string, procedure: Pick<Procedure, 'papers'>, papers: readonly DossierPaper[], at: Date): Promise<PaperVerification> {
  const attempt = newAttempt();
  const copies: string[] = [];
  const removeCopies = async () => {
    await Promise.all(copies.map(deleteObjectQuietly));
  };
  const discard = async (failure?: unknown) => {
    if (failure !== undefined && mayHaveCommitted(failure)) {
      const stored = await getDossier(dossierId).catch(() => undefined);
      // Unknown outcome and no answer: an orphan copy costs cents, a lost paper costs the citizen's case.
      if (!stored) return;
      const referenced = new Set(stored.papers.map((paper) => paper.objectKey));
      await Promise.all(copies.filter((key) => !referenced.has(key)).map(deleteObjectQuietly));
      return;
    }
    await removeCopies();
  };
  const errors: FieldError[] = [];
  const fail = (paper: DossierPaper, code: string, message: string) => errors.push({ path: `papers.${paper.paperId}`, message, code });

  // allSettled: when S3 fails for one paper, the others' copies are known before they are discarded.
  const settled = await Promise.allSettled(
    papers.map(async (paper): Promise<DossierPaper> => {
      if (paper.verifiedAt || !isQuarantined(paper.objectKey)) return paper;
      const spec = procedure.papers.find((p) => p.id === paper.paperId);
      if (!spec) return (fail(paper, 'PAPER_UNKNOWN', say('procedureNoLongerHasPaper')), paper);

      const target = verifiedKey(dossierId, paper.objectKey, attempt);
      if (!(await copyIfPresent(paper.objectKey, target))) return (fail(paper, 'PAPER_NOT_UPLOADED', say('paperNotUploaded')), paper);
      copies.push(target);
      // One GetObject of the copy: its length and type come before its bytes, so no HeadObject is needed.
      const stored = await openObject(target);
      if (!stored) return (fail(paper, 'PAPER_NOT_UPLOADED', say('paperDisappeared')), paper);
      const type = stored.contentType ?? 'application/octet-stream';
      const refused = (code: string, message: string) => (stored.abandon(), fail(paper, code, message), paper);
      if (stored.size > spec.maxBytes) return refused('PAPER_TOO_LARGE', say('atMostBytes', { n: spec.maxBytes }));
      if (stored.size !== paper.size) return refused('PAPER_SIZE_MISMATCH', say('paperSizeDiffers', { size: stored.size, declared: paper.size }));
      if (!accepts(spec, type)) return refused('PAPER_TYPE_NOT_ACCEPTED', say('acceptedTypes', { types: spec.contentTypes.join(', ') }));
      if (mediaType(type) !== mediaType(paper.contentType)) return refused('PAPER_TYPE_MISMATCH', say('paperTypeDiffers', { type, declared: paper.contentType }));
      const digest = await digestOpened(stored, paperScanner());
      if (digest.threat) {
        // The copy is removed with the others below; the upload stays in quarantine until it expires.
        log.warn('paper.infected', { dossierId, paperId: paper.paperId, threat: digest.threat });
        return (fail(paper, 'PAPER_INFECTED', say('paperInfected', { threat: digest.threat })), paper);
      }
      if (digest.size !== paper.size) return (fail(paper, 'PAPER_SIZE_MISMATCH', say('paperSizeDiffers', { size: digest.size, declared: paper.size })), paper);
      if (digest.sha256 !== paper.sha256) return (fail(paper, 'PAPER_CHECKSUM_MISMATCH', say('paperChecksum')), paper);
      if (!contentMatchesType(paper.contentType, digest.head)) return (fail(paper, 'PAPER_TYPE_MISMATCH', say('paperContentNotType', { type: paper.contentType })), paper);
      return { ...paper, objectKey: target, verifiedAt: at.toISOString() };
    }),
  );
  const failure = settled.find((result) => result.status === 'rejected');
  if (failure) {
    await removeCopies();
    throw failure.reason;
  }
  const checked = settled.map((result) => (result as PromiseFulfilledResult<DossierPaper>).value);

  if (errors.length) await removeCopies();
  return { papers: checked, errors: errors.sort((a, b) => a.path.localeCompare(b.path)), discard };
}
