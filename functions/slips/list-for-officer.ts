import * as slips from '../../shared/contracts/slips';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { slipsForOfficer } from '../../shared/slips/read';

/** GET /agency/dossiers/{id}/slips: the slips of a dossier of the officer's agency. */
export const handler = httpHandler(slips.listOfficerSlips, async ({ params, caller }) => ok(await slipsForOfficer(caller, params.id), { 'cache-control': 'no-store' }));
