import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { ok } from '../../shared/http/response';
import { adminPayment } from '../../shared/payments/late-successes';

/** GET /admin/payments/{id}: any payment, its history and its refunds, for admins. */
export const handler = httpHandler(contracts.getAdminPayment, async ({ params }) => ok(await adminPayment(params.id)));
