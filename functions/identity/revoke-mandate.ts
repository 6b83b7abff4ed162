import { revokeMandate as contract } from '../../shared/contracts/identity';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { revokeMandate } from '../../shared/identity/mandates';

/** POST /me/mandates/{id}/revoke: the principal ends a mandate at once. */
export const handler = httpHandler(contract, async ({ caller, params }) => ok(await revokeMandate(caller, params.id)));
