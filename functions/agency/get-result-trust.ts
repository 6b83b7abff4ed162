import * as agency from '../../shared/contracts/agency';
import { readResultTrust } from '../../shared/agency/result-trust';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** GET /admin/result-trust */
export const handler = httpHandler(agency.getResultTrust, async () => ok(await readResultTrust()));
