import type { Dossier } from '../domain/dossier';
import type { DossierStatus } from '../domain/dossier-lifecycle';
import { ValidationError } from '../domain/errors';
import { dateToDayNumber, vnInstant } from '../domain/vietnam-time';
import { getProcedure } from '../store/catalogue';
import { getDossiers } from '../store/dossiers';
import { bookEntries } from '../store/slips';
import type { BookRow } from './forms';
import { say } from '../domain/field-messages';

/*
 * The rows of an agency's tracking book (sổ theo dõi hồ sơ, form 06), apart from the PDF renderer:
 * the CSV routes read them without loading pdf-lib and fontkit (~1.3 MiB of bundle).
 */

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
    throw new ValidationError(`The period must run forward and cover at most ${BOOK_MAX_DAYS} days.`, [{ path: 'query.to', message: say('bookPeriod', { n: BOOK_MAX_DAYS - 1 }) }], 'INVALID_PERIOD');
  }
  const from = vnInstant(dateToDayNumber(query.from)).toISOString();
  const to = new Date(vnInstant(dateToDayNumber(query.to) + 1).getTime() - 1).toISOString();
  const entries = await bookEntries(agencyId, from, to, BOOK_MAX_ROWS);
  if (entries.truncated) throw new ValidationError(`More than ${BOOK_MAX_ROWS} dossiers in the period: ask for a shorter one.`, [{ path: 'query.to', message: say('shortenPeriod') }], 'TOO_MANY_DOSSIERS');
  const dossiers = await getDossiers(entries.dossierIds.map((entry) => entry.dossierId));
  return Promise.all(entries.dossierIds.filter((entry) => dossiers.has(entry.dossierId)).map((entry) => row(dossiers.get(entry.dossierId)!, entry.receivedAt)));
}
