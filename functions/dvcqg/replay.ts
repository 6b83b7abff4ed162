import * as contracts from '../../shared/contracts/dvcqg';
import { NotFoundError } from '../../shared/domain/errors';
import { replayDossier } from '../../shared/dvcqg/sync';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** POST /admin/integrations/dvcqg/dossiers/{id}/replay */
export const handler = httpHandler(contracts.replayDossier, async ({ params, body, log }) => {
  const result = await replayDossier(params.id, body.from, { log });
  if (!result) throw new NotFoundError('There is no such dossier.');
  return ok(result);
});
