import { saveProcedure } from '../../shared/catalogue/admin';
import { putProcedure } from '../../shared/contracts/catalogue';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** PUT /admin/procedures/{code}: create or replace a procedure. */
export const handler = httpHandler(putProcedure, async ({ params, body, log }) => {
  const procedure = await saveProcedure(params.code, body);
  log.info('catalogue.procedure_saved', { code: procedure.code });
  return ok(procedure);
});
