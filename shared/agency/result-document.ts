import type { FieldError } from '../domain/errors';
import type { DossierResult } from '../domain/dossier';
import { DEFAULT_RESULT_DOCUMENT, type Procedure } from '../domain/procedure';
import { contentMatchesType, mediaType } from '../dossiers/papers';
import { say } from '../domain/field-messages';

/** What an officer declares at resolve about the result's file; the upload URL is bound to it. */
export interface ResultDeclaration {
  contentType: string;
  size: number;
  sha256: string;
}

/** Why a declared result does not fit the procedure (paths under `body.document`). */
export function resultDeclarationErrors(procedure: Pick<Procedure, 'resultDocument'> | undefined, declaration: ResultDeclaration): FieldError[] {
  const rules = procedure?.resultDocument ?? DEFAULT_RESULT_DOCUMENT;
  const errors: FieldError[] = [];
  if (!rules.contentTypes.map(mediaType).includes(mediaType(declaration.contentType))) {
    errors.push({ path: 'body.document.contentType', message: say('acceptedTypes', { types: rules.contentTypes.join(', ') }), code: 'RESULT_TYPE_NOT_ACCEPTED' });
  }
  if (declaration.size > rules.maxBytes) errors.push({ path: 'body.document.size', message: say('atMostBytes', { n: rules.maxBytes }), code: 'RESULT_TOO_LARGE' });
  return errors;
}

/** Why the stored bytes are not the result declared at resolve, or undefined when they are. */
export function resultMismatch(result: DossierResult, stored: { sha256: string; size: number; head: Uint8Array }): string | undefined {
  if (result.size !== undefined && stored.size !== result.size) return `the upload has ${stored.size} bytes, ${result.size} were declared`;
  if (result.sha256 !== undefined && stored.sha256 !== result.sha256) return 'the upload is not the file whose SHA-256 was declared';
  if (result.contentType && !contentMatchesType(result.contentType, stored.head)) return `the upload is not a ${result.contentType} file`;
  return undefined;
}

/** The file name a result is downloaded under: the dossier code and the extension of its type. */
export function resultFileName(dossier: { code?: string; id: string }, result: { contentType?: string; objectKey?: string } | undefined): string {
  // Results resolved before types were recorded keep the extension their key may carry.
  const extension = result?.contentType ? (EXTENSIONS[mediaType(result.contentType)] ?? '') : (/\.[a-z0-9]{1,8}$/i.exec(result?.objectKey ?? '')?.[0] ?? '');
  return `ket-qua-${(dossier.code ?? dossier.id).replace(/[^\w-]/g, '_')}${extension}`;
}
const EXTENSIONS: Record<string, string> = { 'application/pdf': '.pdf', 'image/jpeg': '.jpg', 'image/png': '.png', 'application/xml': '.xml' };
