import { config } from '../config';
import { now } from '../clock';
import { documentDossierId, documentsOf, reuseErrors, type StoredDocument } from '../domain/documents';
import { changeDossier, type Dossier, type DossierPaper } from '../domain/dossier';
import { ConflictError, inVietnamese, NotFoundError, rejection } from '../domain/errors';
import { copyObject, deleteObjectQuietly, inspectObject, quarantineKey } from '../store/attachments';
import { newAttempt, paperUuid, verifiedKey } from '../store/buckets';
import { getAgency, getProcedure } from '../store/catalogue';
import { commitDossierChange, getDossier, listDossiersByOwner, mayHaveCommitted } from '../store/dossiers';
import { getDossiers } from '../store/dossiers';
import { getVerification } from '../store/slips';
import { citizenActor, type CitizenRequest } from './access';
import { OPEN_FOR_PAPERS, openSince, withPaper } from './declare-paper';
import { decodeCursor, encodeCursor } from './read';
import { paperView } from './view';
import { say } from '../domain/field-messages';

/**
 * The citizen's document store (issue 16; LEGAL.md R4, R11): GET /me/documents lists what their own
 * dossiers hold, read through their gsi1 listing (never a scan); POST /dossiers/{id}/attachments with
 * a `documentId` takes one into a new dossier without another upload: S3 copies its bytes server-side
 * to the new dossier's verified key, and the paper is recorded verified and `reused`.
 */

/** One dossier's documents, with what the catalogue and its result's verify record say. */
async function documentsOfDossier(dossier: Dossier): Promise<StoredDocument[]> {
  const procedure = await getProcedure(dossier.procedureCode);
  const agencyIds = [...new Set([dossier.agencyId, ...dossier.papers.map((paper) => paper.digitized?.agencyId)].filter((id): id is string => id !== undefined))];
  const names = new Map((await Promise.all(agencyIds.map(getAgency))).filter((agency) => agency).map((agency) => [agency!.id, agency!.name]));
  const token = dossier.status === 'RETURNED' ? dossier.result?.verifyToken : undefined;
  const verification = token ? await getVerification(token) : undefined;
  return documentsOf(dossier, {
    procedure,
    agencyName: (id) => names.get(id) ?? id,
    attachmentId: (paper) => paperUuid(paper.objectKey),
    ...(verification ? { issued: { issuedAt: verification.issuedAt, ...(verification.validUntil ? { validUntil: verification.validUntil } : {}) } } : {}),
  });
}

/** What a client sees of a document: everything but where its bytes are. */
export function documentView(document: StoredDocument) {
  const { location: _location, ...view } = document;
  return view;
}

/** GET /me/documents: a page of the caller's dossiers (newest first, as GET /dossiers) and the documents they hold. */
export async function listMyDocuments(request: CitizenRequest, query: { limit: number; cursor?: string }) {
  const page = await listDossiersByOwner(request.ownerSub, { limit: query.limit, ...(query.cursor ? { after: decodeCursor(query.cursor) } : {}) });
  const ids = page.items.filter((listing) => listing.status !== 'DRAFT').map((listing) => listing.id);
  const dossiers = await getDossiers(ids);
  const items: StoredDocument[] = [];
  for (const id of ids) {
    const dossier = dossiers.get(id);
    // The owner is checked on the dossier itself, not only on the index it was listed from.
    if (dossier?.ownerSub === request.ownerSub) items.push(...(await documentsOfDossier(dossier)));
  }
  return { items: items.map(documentView), ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) };
}

/** The caller's document, or 404 for an unknown one and for another citizen's alike. */
async function myDocument(ownerSub: string, documentId: string): Promise<StoredDocument> {
  const dossierId = documentDossierId(documentId);
  const dossier = dossierId ? await getDossier(dossierId) : undefined;
  const document = dossier?.ownerSub === ownerSub ? (await documentsOfDossier(dossier)).find((d) => d.documentId === documentId) : undefined;
  if (!document) throw inVietnamese(new NotFoundError('No such document in your store.'), 'Không có giấy tờ này trong kho của bạn.');
  return document;
}

/**
 * POST /dossiers/{id}/attachments { paperId, documentId }: the stored document stands for the paper.
 * Checked, writing nothing on refusal: the dossier is the caller's and open for papers, the paper is
 * the procedure's, the document is the caller's, still valid, one the paper takes (reuseErrors). Its
 * bytes are copied to a key of this request's own; a change that loses a race (409) removes its copy,
 * so two attaches end in one paper.
 */
export async function attachStoredDocument(request: CitizenRequest & { id: string }, input: { paperId: string; documentId: string }, at = now()) {
  const dossier = await getDossier(request.id);
  if (!dossier || dossier.ownerSub !== request.ownerSub) throw new NotFoundError('There is no such dossier.');
  if (!OPEN_FOR_PAPERS.includes(dossier.status)) {
    throw new ConflictError(`Papers can be added to a draft or during a supplement request; this dossier is ${dossier.status}.`, 'PAPERS_LOCKED');
  }
  const procedure = await getProcedure(dossier.procedureCode);
  const paper = procedure?.papers.find((p) => p.id === input.paperId);
  if (!paper) throw rejection('The paper does not fit the procedure; see errors.', [{ path: 'body.paperId', message: say('procedureHasNoPaper', { paper: input.paperId }), code: 'PAPER_UNKNOWN' }], 'PAPER_INVALID');
  const document = await myDocument(request.ownerSub, input.documentId);
  const errors = reuseErrors(paper, document, at);
  if (errors.length) throw rejection('Giấy tờ này không dùng được cho thành phần hồ sơ đã chọn; xem errors (the document cannot stand for this paper).', errors, 'DOCUMENT_NOT_REUSABLE');

  const { attachmentsBucket, documentsBucket } = config();
  const sourceBucket = document.location.bucket === 'documents' ? documentsBucket : attachmentsBucket;
  const source = await inspectObject(document.location.objectKey, sourceBucket);
  if (source?.size !== document.size) throw inVietnamese(new NotFoundError('The document is no longer stored.'), 'Giấy tờ này không còn được lưu.');
  const target = verifiedKey(dossier.id, quarantineKey(dossier.id), newAttempt());
  const reused: DossierPaper = {
    paperId: paper.id,
    fileName: document.fileName ?? `${document.name}${document.contentType === 'application/pdf' ? '.pdf' : ''}`.slice(0, 255),
    contentType: document.contentType,
    size: document.size,
    sha256: document.sha256,
    objectKey: target,
    declaredAt: at.toISOString(),
    verifiedAt: at.toISOString(),
    reused: { documentId: document.documentId, fromDossierId: document.dossierId },
  };
  const papers = withPaper(dossier.papers, reused, openSince(dossier));
  await copyObject(document.location.objectKey, target, attachmentsBucket, sourceBucket);
  try {
    await commitDossierChange({
      ...changeDossier(dossier, { action: 'edit', actor: citizenActor(request.ownerSub), at, set: { papers }, note: `paper reused from the document store: ${paper.id}` }),
      events: [],
    });
  } catch (error) {
    // Refused (a race lost): this request's copy is its own, so it goes. Unknown outcome: it may be referenced, kept.
    if (!mayHaveCommitted(error)) await deleteObjectQuietly(target);
    throw error;
  }
  return { paper: paperView(reused) };
}
