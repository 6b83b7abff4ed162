import { deleteDossier } from '../../shared/contracts/dossiers';
import { deleteDraft } from '../../shared/dossiers/drafts';
import { httpHandler } from '../../shared/http/handler';
import { noContent } from '../../shared/http/response';

/** DELETE /dossiers/{id}: the owner deletes a draft. */
export const handler = httpHandler(deleteDossier, async ({ params, query, caller }) => {
  await deleteDraft({ id: params.id, ownerSub: caller.sub, ...(query.version ? { version: query.version } : {}) });
  return noContent();
});
