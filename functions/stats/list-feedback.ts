import { listAgencyFeedback as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { listFeedback } from '../../shared/stats/feedback';

/** GET /agency/feedback: the feedback addressed to the officer's agency. */
export const handler = httpHandler(contract, async ({ query, caller }) => ok(await listFeedback(caller, query), { 'cache-control': 'no-store' }));
