import type { FieldError } from '../domain/errors';
import type { DossierPaper } from '../domain/dossier';
import type { Paper, Procedure } from '../domain/procedure';
import { say } from '../domain/field-messages';

/**
 * The rules a paper (thành phần hồ sơ) must meet, pure: checked at declaration against what the
 * client says, and again at submit against what S3 holds (verify-papers.ts).
 */

/** A dossier holds at most this many declared files (re-declarations replace unverified ones). */
export const MAX_PAPERS_PER_DOSSIER = 60;

export interface Declaration {
  paperId: string;
  contentType: string;
  size: number;
}

/** Media type without parameters, lower case: `Application/PDF; x=y` → `application/pdf`. */
export const mediaType = (contentType: string) => contentType.split(';')[0]!.trim().toLowerCase();

/** Why a declaration does not fit the procedure's paper (paths under `body.`). */
export function declarationErrors(procedure: Pick<Procedure, 'papers'>, declaration: Declaration): FieldError[] {
  const paper = procedure.papers.find((p) => p.id === declaration.paperId);
  if (!paper) return [{ path: 'body.paperId', message: say('procedureHasNoPaper', { paper: declaration.paperId }), code: 'PAPER_UNKNOWN' }];
  const errors: FieldError[] = [];
  if (!accepts(paper, declaration.contentType)) {
    errors.push({ path: 'body.contentType', message: say('acceptedTypes', { types: paper.contentTypes.join(', ') }), code: 'PAPER_TYPE_NOT_ACCEPTED' });
  }
  if (declaration.size > paper.maxBytes) errors.push({ path: 'body.size', message: say('atMostBytes', { n: paper.maxBytes }), code: 'PAPER_TOO_LARGE' });
  return errors;
}

export const accepts = (paper: Pick<Paper, 'contentTypes'>, contentType: string) => paper.contentTypes.map(mediaType).includes(mediaType(contentType));

/** Required papers with no declared file (paths `papers.<paperId>`). */
export function missingPapers(procedure: Pick<Procedure, 'papers'>, papers: readonly DossierPaper[]): FieldError[] {
  return procedure.papers
    .filter((paper) => paper.required && !papers.some((declared) => declared.paperId === paper.id))
    .map((paper) => ({ path: `papers.${paper.id}`, message: say('paperMissing', { paper: paper.name }), code: 'PAPER_MISSING' }));
}

/** File signatures of the common types: a PDF must start like a PDF, whatever its Content-Type says. */
const SIGNATURES: Record<string, readonly number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};

/** Whether the first bytes fit the declared type; types without a known signature pass. */
export function contentMatchesType(contentType: string, head: Uint8Array): boolean {
  const signature = SIGNATURES[mediaType(contentType)];
  return !signature || signature.every((byte, i) => head[i] === byte);
}
