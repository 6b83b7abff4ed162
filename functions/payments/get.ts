import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { paymentOf } from '../../shared/payments/payments';
import { paymentView } from '../../shared/payments/view';

/** GET /payments/{id}: the owner's view of a payment (404 for anyone else). */
export const handler = httpHandler(contracts.getPayment, async ({ params, caller }) => ok(paymentView(await paymentOf(params.id, caller.sub))));
