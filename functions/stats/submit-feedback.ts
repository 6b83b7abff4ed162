import { submitFeedback as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { created } from '../../shared/http/response';
import { submitFeedback } from '../../shared/stats/feedback';

/** POST /feedback (Idempotency-Key required): a citizen's phản ánh or kiến nghị, with its answer deadline. */
export const handler = httpHandler(contract, async ({ body, caller, correlationId }) => created(await submitFeedback(caller, body, correlationId)));
