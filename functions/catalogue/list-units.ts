import { childUnits } from '../../shared/catalogue/queries';
import { listUnits } from '../../shared/contracts/catalogue';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /units?parent=: one level of the administrative unit tree. */
export const handler = httpHandler(listUnits, async ({ query }) => ok(await childUnits(query.parent, query)));
