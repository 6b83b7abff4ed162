import { rateDossier as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { created } from '../../shared/http/response';
import { rateDossier } from '../../shared/stats/rate';

/** POST /dossiers/{id}/rating (Idempotency-Key required): the applicant's one satisfaction form. */
export const handler = httpHandler(contract, async ({ params, body, caller, correlationId }) => created(await rateDossier({ id: params.id, ownerSub: caller.sub, correlationId, answers: body })));
