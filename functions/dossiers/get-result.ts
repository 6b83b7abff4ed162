import * as contracts from '../../shared/contracts/dossiers';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { resultOf } from '../../shared/dossiers/result';

/** GET /dossiers/{id}/result: the owner downloads the result once RESOLVED or RETURNED (404 for anyone else). */
export const handler = httpHandler(contracts.getResult, async ({ params, caller, log }) => {
  const result = await resultOf(params.id, caller.sub);
  log.info('result.download_issued', { dossierId: result.dossierId, hasDocument: !!result.download });
  return ok(result, { 'cache-control': 'no-store' });
});
