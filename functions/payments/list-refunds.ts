import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { refundsOf, refundView } from '../../shared/payments/refunds';

/** GET /admin/payments/{id}/refunds: every refund of a payment, with what its gateway answered. */
export const handler = httpHandler(contracts.listRefunds, async ({ params }) => ok({ items: (await refundsOf(params.id)).map(refundView) }));
