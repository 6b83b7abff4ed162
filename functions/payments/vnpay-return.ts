import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { returnPage } from '../../shared/payments/callbacks';
import { RETURN_PAGE_CSP } from '../../shared/payments/return-page';

/**
 * GET /payments/vnpay/return: VNPay sends the browser here. Shows our stored state (the IPN is what
 * changes it), and only for a link VNPay signed. Changes nothing.
 */
export const handler = httpHandler(contracts.vnpayReturn, async ({ event, headers }) => {
  const page = await returnPage('vnpay', { rawQueryString: event.rawQueryString ?? '', lang: event.queryStringParameters?.lang, acceptLanguage: headers['accept-language'] });
  return { status: page.status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': RETURN_PAGE_CSP, 'referrer-policy': 'no-referrer' }, body: page.html };
});
