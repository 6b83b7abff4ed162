import { getMyFeedback as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { myFeedback } from '../../shared/stats/feedback';

/** GET /feedback/{id}: the writer's feedback and the agency's answer. */
export const handler = httpHandler(contract, async ({ params, caller }) => ok(await myFeedback(caller, params.id), { 'cache-control': 'no-store' }));
