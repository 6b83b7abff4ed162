import { confirmMandate as contract } from '../../shared/contracts/identity';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { confirmMandate } from '../../shared/identity/mandates';

/** POST /me/mandates/{id}/confirm: the uploaded paper is verified; the mandate counts from now on. */
export const handler = httpHandler(contract, async ({ caller, params }) => ok(await confirmMandate(caller, params.id)));
