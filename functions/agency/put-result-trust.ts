import * as agency from '../../shared/contracts/agency';
import { replaceResultTrust } from '../../shared/agency/result-trust';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** PUT /admin/result-trust */
export const handler = httpHandler(agency.putResultTrust, async ({ caller, body, log }) => {
  const trust = await replaceResultTrust(caller, body.certificates);
  log.info('agency.result_trust_replaced', { certificates: trust.certificates.length });
  return ok(trust);
});
