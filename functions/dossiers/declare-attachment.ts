import { declareAttachment } from '../../shared/contracts/dossiers';
import { declarePaper, type PaperDeclaration } from '../../shared/dossiers/declare-paper';
import { attachStoredDocument } from '../../shared/dossiers/documents';
import { httpHandler } from '../../shared/http/handler';
import { created } from '../../shared/http/response';

/**
 * POST /dossiers/{id}/attachments: declare a paper, get a presigned PUT that S3 checks (length, SHA-256);
 * or, with a `documentId`, attach a document of the caller's store without another upload.
 */
export const handler = httpHandler(declareAttachment, async ({ params, body, caller, correlationId }) => {
  const request = { id: params.id, ownerSub: caller.sub, correlationId };
  const { documentId, ...declaration } = body;
  return created(documentId !== undefined ? await attachStoredDocument(request, { paperId: body.paperId, documentId }) : await declarePaper(request, declaration as PaperDeclaration)); // all four fields, by the contract's refinement
});
