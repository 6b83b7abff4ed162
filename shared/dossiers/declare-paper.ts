import { now } from '../clock';
import { ConflictError, rejection, UnprocessableError } from '../domain/errors';
import type { Dossier, DossierPaper } from '../domain/dossier';
import { getProcedure } from '../store/catalogue';
import { presignPaperUpload, quarantineKey } from '../store/attachments';
import { commitDossierChange } from '../store/dossiers';
import { citizenActor, ownDossier, type CitizenRequest } from './access';
import { changeDossier } from '../domain/dossier';
import { declarationErrors, MAX_PAPERS_PER_DOSSIER } from './papers';
import { paperView } from './view';
import { say } from '../domain/field-messages';

export interface PaperDeclaration {
  paperId: string;
  fileName: string;
  contentType: string;
  size: number;
  /** Base64 SHA-256, as S3's x-amz-checksum-sha256. */
  sha256: string;
}

/** Papers may change while the citizen holds the dossier: as a draft, and while a supplement is requested. */
export const OPEN_FOR_PAPERS = ['DRAFT', 'SUPPLEMENT_REQUESTED'];

/** Since when papers of the dossier are open to change: always for a draft, since the request during a supplement. */
export const openSince = (dossier: Pick<Dossier, 'status' | 'pausedAt' | 'submittedAt'>) => (dossier.status === 'DRAFT' ? '' : (dossier.pausedAt ?? dossier.submittedAt ?? ''));

/**
 * POST /dossiers/{id}/attachments: records the declared paper (unverified) and returns a presigned PUT
 * bound to its type, length and SHA-256. The object key is generated, never taken from the file name.
 * A new declaration of a paper replaces its unverified one; verified papers stay (the record of what
 * was submitted), so a supplement adds papers beside them.
 */
export async function declarePaper(request: CitizenRequest & { id: string }, declaration: PaperDeclaration, at = now()) {
  const dossier = await ownDossier(request.id, request.ownerSub);
  if (!OPEN_FOR_PAPERS.includes(dossier.status)) {
    throw new ConflictError(`Papers can be added to a draft or during a supplement request; this dossier is ${dossier.status}.`, 'PAPERS_LOCKED');
  }
  const procedure = await getProcedure(dossier.procedureCode);
  const errors = procedure ? declarationErrors(procedure, declaration) : [{ path: 'body.paperId', message: say('procedureNotInCatalogue'), code: 'PAPER_UNKNOWN' }];
  if (errors.length) throw rejection('The paper does not fit the procedure; see errors.', errors, 'PAPER_INVALID');

  const { paper, upload } = await declaredPaper(dossier.id, declaration, at);
  await commitDossierChange({
    ...changeDossier(dossier, { action: 'edit', actor: citizenActor(request.ownerSub), at, set: { papers: withPaper(dossier.papers, paper, openSince(dossier)) }, note: `paper declared: ${declaration.paperId}` }),
    events: [],
  });
  return { paper: paperView(paper), upload };
}

/** A paper as declared (unverified, under a new quarantine key) and the presigned PUT bound to its type, length and SHA-256. */
export async function declaredPaper(dossierId: string, declaration: PaperDeclaration, at: Date, extra: Pick<DossierPaper, 'digitized'> = {}) {
  const paper: DossierPaper = { ...declaration, objectKey: quarantineKey(dossierId), declaredAt: at.toISOString(), ...extra };
  return { paper, upload: await presignPaperUpload(paper) };
}

/**
 * The papers with `paper` in place of its unverified declaration (verified ones stay, but a document
 * taken from the store since `openSince`, not yet submitted, is replaced too); 422 TOO_MANY_PAPERS beyond the limit.
 */
export function withPaper(papers: readonly DossierPaper[], paper: DossierPaper, openSince = ''): DossierPaper[] {
  const kept = papers.filter((declared) => declared.paperId !== paper.paperId || (declared.verifiedAt && !(declared.reused && declared.declaredAt >= openSince)));
  if (kept.length >= MAX_PAPERS_PER_DOSSIER) {
    throw new UnprocessableError(`A dossier holds at most ${MAX_PAPERS_PER_DOSSIER} files.`, 'TOO_MANY_PAPERS', [{ path: 'body.paperId', message: say('tooManyFiles') }]);
  }
  return [...kept, paper];
}
