import { findAgencies } from '../../shared/catalogue/queries';
import { listAgencies } from '../../shared/contracts/catalogue';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /agencies?unit=&kind=: agencies, optionally of one unit and kind. */
export const handler = httpHandler(listAgencies, async ({ query }) => ok(await findAgencies(query)));
