import { giveMandate as contract } from '../../shared/contracts/identity';
import { httpHandler } from '../../shared/http/handler';
import { created } from '../../shared/http/response';
import { giveMandate } from '../../shared/identity/mandates';

/** POST /me/mandates: the caller lets someone file listed procedures for them (ủy quyền); the paper is uploaded next. */
export const handler = httpHandler(contract, async ({ caller, body }) => {
  const result = await giveMandate(caller, body);
  return created(result, `/me/mandates/${result.mandate.id}`);
});
