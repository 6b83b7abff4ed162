import { now } from '../clock';
import { ForbiddenError, ValidationError } from '../domain/errors';
import type { Caller } from '../http/caller';
import { isAdmin } from '../agency/access';
import { getAgency, getUnit } from '../store/catalogue';
import { storeBook } from '../store/slips';
import { bookRows } from './book-rows';
import { slipFonts } from './fonts';
import { bookCsv, bookLayout } from './forms';
import { say } from '../domain/field-messages';

/**
 * pdf-lib and fontkit (1.3 MiB) are evaluated for a PDF book only, not at the cold start of a CSV
 * one (issue 19): esbuild wraps a dynamically imported module in a lazy initialiser, in the same file.
 */
const pdfRenderer = () => import('./layout');

/**
 * GET /agency/tracking-book: the agency's sổ theo dõi hồ sơ (form 06) for a period, rendered as PDF
 * or CSV, stored in the documents bucket and handed out as a short-lived GET.
 */
export async function trackingBook(caller: Caller, query: { from: string; to: string; format: 'pdf' | 'csv'; agencyId?: string }) {
  const agencyId = isAdmin(caller) ? (query.agencyId ?? caller.agencyId) : caller.agencyId;
  if (!agencyId) {
    if (isAdmin(caller)) throw new ValidationError('Name the agency whose book to make.', [{ path: 'query.agencyId', message: say('agencyRequired') }], 'AGENCY_REQUIRED');
    throw new ForbiddenError('Your token names no agency.');
  }
  const agency = await getAgency(agencyId);
  if (!agency) throw new ForbiddenError('Your token names an unknown agency.');
  const rows = await bookRows(agencyId, query);

  const issuedAt = now();
  const unit = await getUnit(agency.unitId);
  const name = `so-theo-doi-${agency.id}-${query.from}-${query.to}.${query.format}`;
  const objectKey = `books/${agency.id}/${query.from}_${query.to}/${issuedAt.getTime()}.${query.format}`;
  const download =
    query.format === 'csv'
      ? await storeBook(objectKey, bookCsv(rows), 'text/csv; charset=utf-8', name)
      : await storeBook(
          objectKey,
          await (await pdfRenderer()).renderSlip(bookLayout({ agencyName: agency.name, place: unit?.name ?? agency.name, from: query.from, to: query.to, issuedAt }, rows), slipFonts()),
          'application/pdf',
          name,
        );
  return { agencyId, from: query.from, to: query.to, format: query.format, count: rows.length, download };
}
