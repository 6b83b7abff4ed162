/**
 * The dossier code (mã hồ sơ) issued at submission: `{agencyCode}-{YYMMDD}-{NNNN}`, the receipt day in
 * Vietnam time and NNNN the agency's daily counter from 0001 (the atomic counter item lives in
 * shared/store; its key uses counterDay()).
 */
import { vnDate } from './vietnam-time';

/** The most dossiers an agency can receive in a day before the counter needs a fifth digit. */
export const MAX_DAILY_SEQUENCE = 9999;

/** Agency codes may hold letters, digits and dots (e.g. `000.00.12.H29`); a hyphen would make codes ambiguous. */
const AGENCY_CODE = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$/;

/** Matches an issued code, including the 5+-digit overflow form; for validating tracking lookups. */
export const DOSSIER_CODE_PATTERN = /^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*-\d{6}-\d{4,}$/;

/** The counter bucket `YYMMDD` of a receipt: the Vietnamese calendar day (23:30 UTC is already tomorrow). */
export function counterDay(receivedAt: Date): string {
  if (Number.isNaN(receivedAt.getTime())) throw new RangeError('Invalid Date');
  const [year, month, day] = vnDate(receivedAt).split('-');
  return `${year!.slice(2)}${month}${day}`;
}

/** An issued code; `overflow` means the day's counter passed 9999 and the code has 5+ digits. */
export interface IssuedDossierCode {
  code: string;
  overflow: boolean;
}

/**
 * Formats the code of the `sequence`-th dossier (from 1) the agency received that Vietnamese day.
 * Past 9999 the code is still issued, with more digits, and `overflow` is true: never reject the
 * submission for it; log and emit the alarm metric (it means the counter's capacity plan is wrong).
 * Throws RangeError for a non-positive or fractional sequence or a malformed agency code (bugs).
 */
export function dossierCode(agencyCode: string, receivedAt: Date, sequence: number): IssuedDossierCode {
  if (!AGENCY_CODE.test(agencyCode)) throw new RangeError(`Malformed agency code: ${agencyCode}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1) throw new RangeError(`Sequence must be an integer from 1, got ${sequence}`);
  return {
    code: `${agencyCode}-${counterDay(receivedAt)}-${String(sequence).padStart(4, '0')}`,
    overflow: sequence > MAX_DAILY_SEQUENCE,
  };
}
