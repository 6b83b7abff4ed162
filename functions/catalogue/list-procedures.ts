import { searchProcedures } from '../../shared/catalogue/queries';
import { listProcedures } from '../../shared/contracts/catalogue';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /procedures: search the catalogue (diacritics ignored), filter, paginate. */
export const handler = httpHandler(listProcedures, async ({ query }) => ok(await searchProcedures(query)));
