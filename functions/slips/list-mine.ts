import * as slips from '../../shared/contracts/slips';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { slipsForCitizen } from '../../shared/slips/read';

/** GET /dossiers/{id}/slips: the owner's slips, as short-lived PDF downloads. */
export const handler = httpHandler(slips.listMySlips, async ({ params, caller }) => ok(await slipsForCitizen(params.id, caller.sub), { 'cache-control': 'no-store' }));
