import { answerFeedback as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { answerFeedback } from '../../shared/stats/feedback';

/** POST /agency/feedback/{id}/answer (Idempotency-Key required): the agency's one answer. */
export const handler = httpHandler(contract, async ({ params, body, caller, correlationId }) => ok(await answerFeedback(caller, params.id, body.answer, correlationId)));
