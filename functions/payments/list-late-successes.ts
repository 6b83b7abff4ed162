import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { listLateSuccesses } from '../../shared/payments/late-successes';

/** GET /admin/payments/late-successes: what an admin must apply or refund. */
export const handler = httpHandler(contracts.listLateSuccesses, async ({ query }) => ok({ items: await listLateSuccesses(query.limit) }));
