import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { paymentReceipt } from '../../shared/payments/receipt';

/** GET /payments/{id}/receipt: the owner's e-receipt (biên lai) of a paid payment, as a presigned PDF. */
export const handler = httpHandler(contracts.paymentReceipt, async ({ params, caller }) => ok(await paymentReceipt(params.id, caller.sub), { 'cache-control': 'no-store' }));
