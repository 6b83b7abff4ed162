import { listMandates as contract } from '../../shared/contracts/identity';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { listMandates } from '../../shared/identity/mandates';

/** GET /me/mandates: the mandates the caller gave and received. */
export const handler = httpHandler(contract, async ({ caller }) => ok(await listMandates(caller)));
