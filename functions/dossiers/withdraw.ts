import { withdrawDossier as contract } from '../../shared/contracts/dossiers';
import { withdrawDossier } from '../../shared/dossiers/withdraw';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** POST /dossiers/{id}/withdraw: the citizen withdraws before a decision. */
export const handler = httpHandler(contract, async ({ params, body, caller, correlationId }) =>
  ok(await withdrawDossier({ id: params.id, ownerSub: caller.sub, correlationId, version: body?.version, reason: body?.reason })),
);
