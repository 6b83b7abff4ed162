import { now } from '../clock';
import type { Dossier } from '../domain/dossier';
import type { DossierStatus } from '../domain/dossier-lifecycle';
import { ForbiddenError, ValidationError } from '../domain/errors';
import { dateToDayNumber, vnInstant } from '../domain/vietnam-time';
import type { Caller } from '../http/caller';
import { isAdmin } from '../agency/access';
import { getAgency, getProcedure, getUnit } from '../store/catalogue';
import { bookDossiers, bookEntries, storeBook } from '../store/slips';
import { slipFonts } from './fonts';
import { bookCsv, bookLayout, type BookRow } from './forms';
import { renderSlip } from './layout';

/** A book covers at most a month, and at most this many dossiers (one function call renders it). */
export const BOOK_MAX_DAYS = 31;
export const BOOK_MAX_ROWS = 2000;

const STATUS_WORDS: Readonly<Record<DossierStatus, string>> = {
  DRAFT: 'Nháp',
  SUBMITTED: 'Mới nộp',
  RECEIVED: 'Đã tiếp nhận',
  NOT_ACCEPTED: 'Không tiếp nhận',
  PROCESSING: 'Đang xử lý',
  SUPPLEMENT_REQUESTED: 'Chờ bổ sung',
  PAYMENT_REQUIRED: 'Chờ nộp phí',
  WITHDRAWN: 'Đã rút',
  STOPPED: 'Dừng xử lý',
  RESOLVED: 'Có kết quả',
  RETURNED: 'Đã trả kết quả',
};

const CHANNEL_WORDS: Readonly<Record<string, string>> = { online: 'Trực tuyến', dvcqg: 'Cổng DVCQG', desk: 'Trực tiếp', post: 'Bưu chính' };

async function row(dossier: Dossier, receivedAt: string): Promise<BookRow> {
  const procedure = await getProcedure(dossier.procedureCode);
  const channel = (dossier as Dossier & { channel?: string }).channel ?? 'online';
  return {
    dossierCode: dossier.code ?? dossier.id,
    procedureName: procedure?.name ?? dossier.procedureCode,
    applicantName: dossier.applicant.fullName,
    applicantContact: [dossier.applicant.address, dossier.applicant.phone].filter(Boolean).join(', '),
    receivedAt: new Date(receivedAt),
    ...(dossier.appointmentAt ? { appointmentAt: new Date(dossier.appointmentAt) } : {}),
    channel: CHANNEL_WORDS[channel] ?? channel,
    status: STATUS_WORDS[dossier.status],
    ...(dossier.result ? { resolvedAt: new Date(dossier.result.resolvedAt) } : {}),
    ...(dossier.status === 'RETURNED' ? { returnedAt: new Date(dossier.updatedAt) } : {}),
  };
}

/**
 * The book's lines of an agency for a period of Vietnamese calendar days, from the book lines the
 * receipts wrote (no scan): at most BOOK_MAX_DAYS days and BOOK_MAX_ROWS dossiers, else 400.
 */
export async function bookRows(agencyId: string, query: { from: string; to: string }): Promise<BookRow[]> {
  const day = (date: string) => {
    try {
      return dateToDayNumber(date);
    } catch {
      return Number.NaN; // e.g. 2026-02-30: well-formed, but no such day
    }
  };
  const days = day(query.to) - day(query.from) + 1;
  if (!(days >= 1 && days <= BOOK_MAX_DAYS)) {
    throw new ValidationError(`The period must run forward and cover at most ${BOOK_MAX_DAYS} days.`, [{ path: 'query.to', message: `from 0 to ${BOOK_MAX_DAYS - 1} days after query.from` }], 'INVALID_PERIOD');
  }
  const from = vnInstant(dateToDayNumber(query.from)).toISOString();
  const to = new Date(vnInstant(dateToDayNumber(query.to) + 1).getTime() - 1).toISOString();
  const entries = await bookEntries(agencyId, from, to, BOOK_MAX_ROWS);
  if (entries.truncated) throw new ValidationError(`More than ${BOOK_MAX_ROWS} dossiers in the period: ask for a shorter one.`, [{ path: 'query.to', message: 'shorten the period' }], 'TOO_MANY_DOSSIERS');
  const dossiers = await bookDossiers(entries.dossierIds.map((entry) => entry.dossierId));
  return Promise.all(entries.dossierIds.filter((entry) => dossiers.has(entry.dossierId)).map((entry) => row(dossiers.get(entry.dossierId)!, entry.receivedAt)));
}

/**
 * GET /agency/tracking-book: the agency's sổ theo dõi hồ sơ (form 06) for a period, rendered as PDF
 * or CSV, stored in the documents bucket and handed out as a short-lived GET.
 */
export async function trackingBook(caller: Caller, query: { from: string; to: string; format: 'pdf' | 'csv'; agencyId?: string }) {
  const agencyId = isAdmin(caller) ? query.agencyId ?? caller.agencyId : caller.agencyId;
  if (!agencyId) {
    if (isAdmin(caller)) throw new ValidationError('Name the agency whose book to make.', [{ path: 'query.agencyId', message: 'required for admins without an agency' }], 'AGENCY_REQUIRED');
    throw new ForbiddenError('Your token names no agency.');
  }
  const agency = await getAgency(agencyId);
  if (!agency) throw new ForbiddenError('Your token names an unknown agency.');
  const rows = await bookRows(agencyId, query);

  const issuedAt = now();
  const unit = await getUnit(agency.unitId);
  const name = `so-theo-doi-${agency.id}-${query.from}-${query.to}.${query.format}`;
  const objectKey = `books/${agency.id}/${query.from}_${query.to}/${issuedAt.getTime()}.${query.format}`;
  const download = query.format === 'csv'
    ? await storeBook(objectKey, bookCsv(rows), 'text/csv; charset=utf-8', name)
    : await storeBook(objectKey, await renderSlip(bookLayout({ agencyName: agency.name, place: unit?.name ?? agency.name, from: query.from, to: query.to, issuedAt }, rows), slipFonts()), 'application/pdf', name);
  return { agencyId, from: query.from, to: query.to, format: query.format, count: rows.length, download };
}
