import { trackingBookCsv as contract } from '../../shared/contracts/stats';
import { httpHandler } from '../../shared/http/handler';
import { trackingBookCsv } from '../../shared/stats/tracking-book';

/** GET /admin/stats/tracking-book.csv: an agency's form 06 for a period, as CSV in the response. */
export const handler = httpHandler(contract, async ({ query }) => {
  const book = await trackingBookCsv(query);
  return {
    status: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${book.fileName}"`, 'cache-control': 'no-store', 'x-row-count': String(book.count) },
    body: book.csv,
  };
});
