import * as contracts from '../../shared/contracts/payments';
import { httpHandler } from '../../shared/http/handler';
import { returnPage } from '../../shared/payments/callbacks';
import { RETURN_PAGE_CSP } from '../../shared/payments/return-page';

/** GET /payments/paygov/return?data=<MaThamChieu>: PayGov sends the browser here; the same page as VNPay's. Changes nothing. */
export const handler = httpHandler(contracts.paygovReturn, async ({ event, headers }) => {
  const page = await returnPage('paygov', { rawQueryString: event.rawQueryString ?? '', lang: event.queryStringParameters?.lang, acceptLanguage: headers['accept-language'] });
  return { status: page.status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': RETURN_PAGE_CSP, 'referrer-policy': 'no-referrer' }, body: page.html };
});
