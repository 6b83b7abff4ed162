import { saveUnit } from '../../shared/catalogue/admin';
import { putUnit } from '../../shared/contracts/catalogue';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** PUT /admin/units/{id}: create or replace an administrative unit. */
export const handler = httpHandler(putUnit, async ({ params, body, log }) => {
  const unit = await saveUnit(params.id, body);
  log.info('catalogue.unit_saved', { unitId: unit.id });
  return ok(unit);
});
