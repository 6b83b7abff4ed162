import { saveAgency } from '../../shared/catalogue/admin';
import { putAgency } from '../../shared/contracts/catalogue';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** PUT /admin/agencies/{id}: create or replace an agency. */
export const handler = httpHandler(putAgency, async ({ params, body, log }) => {
  const agency = await saveAgency(params.id, body);
  log.info('catalogue.agency_saved', { agencyId: agency.id });
  return ok(agency);
});
