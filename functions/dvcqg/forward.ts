import * as contracts from '../../shared/contracts/dvcqg';
import { authenticateDvcqgRequest } from '../../shared/dvcqg/authenticate';
import { receiveForwardedDossier } from '../../shared/dvcqg/inbound';
import { httpHandler } from '../../shared/http/handler';

/** POST /integrations/dvcqg/dossiers: DVCQG forwards a dossier; 201 new, 200 already received. */
export const handler = httpHandler(
  contracts.forwardDossier,
  async ({ body, headers, rawBody, correlationId, log }) => {
    const { status, answer } = await receiveForwardedDossier({ body, headers, rawBody, correlationId, log });
    return { status, body: answer };
  },
  { authenticate: authenticateDvcqgRequest },
);
