import * as contracts from '../../shared/contracts/dvcqg';
import { authenticateDvcqgRequest } from '../../shared/dvcqg/authenticate';
import { receiveWithdrawal } from '../../shared/dvcqg/withdraw';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** POST /integrations/dvcqg/dossiers/{maHoSo}/withdraw: the applicant withdrew a forwarded dossier on DVCQG. */
export const handler = httpHandler(
  contracts.withdrawDossier,
  async ({ params, body, correlationId }) => ok(await receiveWithdrawal({ maHoSo: params.maHoSo, ...(body.LyDo ? { reason: body.LyDo } : {}), correlationId })),
  { authenticate: authenticateDvcqgRequest },
);
