import { listMyFeedback as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { listMyFeedback } from '../../shared/stats/feedback';

/** GET /me/feedback: the writer's own feedback, newest first. */
export const handler = httpHandler(contract, async ({ query, caller }) => ok(await listMyFeedback(caller, query), { 'cache-control': 'no-store' }));
