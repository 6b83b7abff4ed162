import * as contracts from '../../shared/contracts/dvcqg';
import { authenticateDvcqgRequest } from '../../shared/dvcqg/authenticate';
import { receiveSupplement } from '../../shared/dvcqg/supplement';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** POST /integrations/dvcqg/dossiers/{maHoSo}/supplement: the applicant's supplement of a forwarded dossier, made on DVCQG. */
export const handler = httpHandler(contracts.supplementDossier, async ({ params, body, correlationId }) => ok(await receiveSupplement({ maHoSo: params.maHoSo, body, correlationId })), {
  authenticate: authenticateDvcqgRequest,
});
