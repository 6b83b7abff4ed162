import { inVietnamese, NotFoundError } from '../domain/errors';
import { bookRows } from '../slips/book-rows';
import { bookCsv } from '../slips/forms';
import { getAgency } from '../store/catalogue';

/**
 * GET /admin/stats/tracking-book.csv: an agency's tracking book (sổ theo dõi hồ sơ, form 06 of
 * TT 01/2018) as the CSV the slips area writes (Vietnamese headers, UTF-8 BOM so Excel opens it,
 * RFC 4180), answered in the response rather than stored: the statistics' own export.
 */
export async function trackingBookCsv(query: { from: string; to: string; agencyId: string }) {
  const agency = await getAgency(query.agencyId);
  if (!agency) throw inVietnamese(new NotFoundError('No such agency.'), 'Không có cơ quan này.');
  const rows = await bookRows(agency.id, query);
  return { csv: bookCsv(rows), fileName: `so-theo-doi-${agency.id}-${query.from}-${query.to}.csv`, count: rows.length };
}
