import { declareAttachment } from '../../shared/contracts/dossiers';
import { declarePaper } from '../../shared/dossiers/declare-paper';
import { httpHandler } from '../../shared/http/handler';
import { created } from '../../shared/http/response';

/** POST /dossiers/{id}/attachments: declare a paper, get a presigned PUT that S3 checks (length, SHA-256). */
export const handler = httpHandler(declareAttachment, async ({ params, body, caller, correlationId }) =>
  created(await declarePaper({ id: params.id, ownerSub: caller.sub, correlationId }, body)));
