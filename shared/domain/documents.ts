import type { Dossier, DossierPaper } from './dossier';
import type { Paper, Procedure } from './procedure';
import { say } from './field-messages';

/**
 * The citizen's document store (kho dữ liệu điện tử của công dân; LEGAL.md R4, R11): the verified
 * papers and returned results of their own dossiers, as documents a new dossier can take without
 * another upload. Pure: built from dossiers, never stored apart, so it cannot drift from them.
 */

export type DocumentSource = 'upload' | 'desk-digitised' | 'dvcqg' | 'result';

export interface StoredDocument {
  /** Stable: `p_<dossierId>_<attachmentId>` for a paper, `r_<dossierId>` for a result; names its dossier, so one GetItem finds it. */
  documentId: string;
  kind: 'paper' | 'result';
  /** The procedure's paper code (papers only). */
  paperId?: string;
  /** The procedure of the dossier it came from (for a result: the procedure it is the result of). */
  procedureCode: string;
  name: string;
  issuer: { kind: 'citizen' | 'agency'; agencyId?: string; name: string };
  issuedAt: string;
  /** Results whose procedure limits their validity (`resultDocument.validityDays`); papers have none. */
  validUntil?: string;
  source: DocumentSource;
  fileName?: string;
  contentType: string;
  size: number;
  /** Base64 SHA-256, as verified. */
  sha256: string;
  dossierId: string;
  dossierCode?: string;
  /** Where its bytes are: a verified paper's key in the attachments bucket, a returned result's in the documents bucket. */
  location: { bucket: 'attachments' | 'documents'; objectKey: string };
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
export const DOCUMENT_ID_PATTERN = new RegExp(`^(p_${UUID}_[\\w-]{1,64}|r_${UUID})$`);

export const paperDocumentId = (dossierId: string, attachmentId: string) => `p_${dossierId}_${attachmentId}`;
export const resultDocumentId = (dossierId: string) => `r_${dossierId}`;

/** The dossier a document id names (undefined: not a document id). */
export function documentDossierId(documentId: string): string | undefined {
  return DOCUMENT_ID_PATTERN.test(documentId) ? documentId.slice(2, 38) : undefined;
}

/** A result's name: the national result name, else "Kết quả giải quyết thủ tục …" (as its QR says). */
export const resultName = (procedure: Pick<Procedure, 'name' | 'national'> | undefined, procedureCode: string) => procedure?.national?.resultName ?? `Kết quả giải quyết thủ tục ${procedure?.name ?? procedureCode}`;

/** How a paper reached us: scanned at the desk, forwarded by DVCQG, or uploaded by the citizen. */
export function paperSource(dossier: Pick<Dossier, 'channel'>, paper: DossierPaper): DocumentSource {
  if (paper.digitized) return 'desk-digitised';
  return dossier.channel === 'dvcqg' ? 'dvcqg' : 'upload';
}

export interface DocumentContext {
  procedure: Procedure | undefined;
  agencyName: (agencyId: string) => string;
  /** The returned result's issue and validity as its verify record states them. */
  issued?: { issuedAt: string; validUntil?: string };
  /** The attachment id of a paper (paperUuid of its key). */
  attachmentId: (paper: DossierPaper) => string;
}

/**
 * The documents one dossier holds for its owner: each verified paper not itself taken from the store
 * (that one is listed once, where it came from), and the result once returned with a document.
 */
export function documentsOf(dossier: Dossier, context: DocumentContext): StoredDocument[] {
  // A draft holds nothing verified; a dossier past its retention period has no files left (R17).
  if (dossier.status === 'DRAFT' || dossier.personalDataRemovedAt) return [];
  const base = { procedureCode: dossier.procedureCode, dossierId: dossier.id, ...(dossier.code ? { dossierCode: dossier.code } : {}) };
  const papers = dossier.papers
    .filter((paper) => paper.verifiedAt && !paper.reused)
    .map((paper): StoredDocument => {
      const source = paperSource(dossier, paper);
      const spec = context.procedure?.papers.find((p) => p.id === paper.paperId);
      return {
        documentId: paperDocumentId(dossier.id, context.attachmentId(paper)),
        kind: 'paper',
        paperId: paper.paperId,
        name: spec?.name ?? paper.paperId,
        issuer: paper.digitized ? { kind: 'agency', agencyId: paper.digitized.agencyId, name: context.agencyName(paper.digitized.agencyId) } : { kind: 'citizen', name: 'Công dân' },
        issuedAt: paper.verifiedAt!,
        source,
        fileName: paper.fileName,
        contentType: paper.contentType,
        size: paper.size,
        sha256: paper.sha256,
        location: { bucket: 'attachments', objectKey: paper.objectKey },
        ...base,
      };
    });
  const result = dossier.result;
  if (dossier.status !== 'RETURNED' || !result?.returnedKey || !result.sha256 || !result.contentType || result.size === undefined) return papers;
  const issuedAt = context.issued?.issuedAt ?? result.resolvedAt;
  const validityDays = context.procedure?.resultDocument?.validityDays;
  const validUntil = context.issued ? context.issued.validUntil : validityDays ? new Date(Date.parse(issuedAt) + validityDays * 86_400_000).toISOString() : undefined;
  return [
    ...papers,
    {
      documentId: resultDocumentId(dossier.id),
      kind: 'result',
      name: resultName(context.procedure, dossier.procedureCode),
      issuer: { kind: 'agency', ...(dossier.agencyId ? { agencyId: dossier.agencyId } : {}), name: dossier.agencyId ? context.agencyName(dossier.agencyId) : '' },
      issuedAt,
      ...(validUntil ? { validUntil } : {}),
      source: 'result',
      contentType: result.contentType,
      size: result.size,
      sha256: result.sha256,
      location: { bucket: 'documents', objectKey: result.returnedKey },
      ...base,
    },
  ];
}

/**
 * Why `document` cannot stand for `paper` (codes of the 422; paths under `body.`): expired; a result
 * the paper does not take (only the procedures in its `acceptsResultOf`); a paper of another code; a
 * type or size the paper refuses.
 */
export function reuseErrors(paper: Paper, document: StoredDocument, at: Date): Array<{ path: string; message: string; code: string }> {
  const errors: Array<{ path: string; message: string; code: string }> = [];
  if (document.validUntil && Date.parse(document.validUntil) < at.getTime()) {
    errors.push({ path: 'body.documentId', message: say('documentExpired', { date: document.validUntil.slice(0, 10) }), code: 'DOCUMENT_EXPIRED' });
  }
  if (document.kind === 'result' && !paper.acceptsResultOf?.includes(document.procedureCode)) {
    errors.push({ path: 'body.documentId', message: say('documentNotAccepted', { paper: paper.name, code: document.procedureCode }), code: 'DOCUMENT_NOT_ACCEPTED' });
  }
  if (document.kind === 'paper' && document.paperId !== paper.id) {
    errors.push({ path: 'body.documentId', message: say('documentIsAnotherPaper', { stored: document.paperId ?? '', paper: paper.id }), code: 'DOCUMENT_NOT_ACCEPTED' });
  }
  const type = document.contentType.split(';')[0]!.trim().toLowerCase();
  if (!paper.contentTypes.map((t) => t.toLowerCase()).includes(type)) {
    errors.push({ path: 'body.documentId', message: say('documentTypeNotAccepted', { type, types: paper.contentTypes.join(', ') }), code: 'PAPER_TYPE_NOT_ACCEPTED' });
  }
  if (document.size > paper.maxBytes) errors.push({ path: 'body.documentId', message: say('atMostBytes', { n: paper.maxBytes }), code: 'PAPER_TOO_LARGE' });
  return errors;
}
