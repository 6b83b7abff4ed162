import { updateDossier } from '../../shared/contracts/dossiers';
import { updateDraft } from '../../shared/dossiers/drafts';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** PATCH /dossiers/{id}: the owner edits a draft, on the version they read. */
export const handler = httpHandler(updateDossier, async ({ params, body, caller, correlationId }) => ok(await updateDraft({ id: params.id, ownerSub: caller.sub, caller, correlationId }, body)));
