import { findProcedure } from '../../shared/catalogue/queries';
import { getProcedure } from '../../shared/contracts/catalogue';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /procedures/{code}: everything a citizen needs to apply (level 1). */
export const handler = httpHandler(getProcedure, async ({ params }) => ok(await findProcedure(params.code)));
