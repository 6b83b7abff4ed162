import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { listPendingRefunds, refundView } from '../../shared/payments/refunds';

/** GET /admin/payments/pending-refunds: refunds still waiting for a sure answer from their gateway. */
export const handler = httpHandler(contracts.listPendingRefunds, async ({ query }) => ok({ items: (await listPendingRefunds(query.limit)).map(refundView) }));
