import { listMyDocuments } from '../../shared/contracts/dossiers';
import { listMyDocuments as listDocuments } from '../../shared/dossiers/documents';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /me/documents: the caller's document store (verified papers, returned results), a page of dossiers at a time. */
export const handler = httpHandler(listMyDocuments, async ({ query, caller }) => ok(await listDocuments({ ownerSub: caller.sub }, query)));
