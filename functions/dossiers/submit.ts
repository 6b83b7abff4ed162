import { submitDossier as contract } from '../../shared/contracts/dossiers';
import { submitDossier } from '../../shared/dossiers/submit';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';

/** POST /dossiers/{id}/submit (Idempotency-Key required): verify, issue the code and the appointment date. */
/** Its reads overlap the key's claim, and its transaction records the answer (shared/dossiers/submit.ts). */
export const handler = httpHandler(
  contract,
  async ({ params, body, caller, correlationId, idempotency }) =>
    ok(
      await submitDossier({
        id: params.id,
        ownerSub: caller.sub,
        caller,
        correlationId,
        version: body?.version,
        ...(idempotency ? { claimed: idempotency.claimed, recordAnswer: (view) => idempotency.record(ok(view)) } : {}),
      }),
    ),
  { overlapClaim: true },
);
