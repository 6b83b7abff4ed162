import { createDossier } from '../../shared/contracts/dossiers';
import { createDraft } from '../../shared/dossiers/drafts';
import { httpHandler } from '../../shared/http/handler';
import { created } from '../../shared/http/response';

/** POST /dossiers: a citizen creates a draft dossier (hồ sơ nháp). */
export const handler = httpHandler(createDossier, async ({ body, caller, correlationId }) => {
  const dossier = await createDraft({ ownerSub: caller.sub, caller, correlationId }, body);
  return created(dossier, `/dossiers/${dossier.id}`);
});
