/**
 * Vietnam time (Asia/Ho_Chi_Minh) without a date library: UTC+7 all year, no daylight saving since
 * 1975, so a fixed offset is exact. Instants stay `Date` (UTC); local calendar days are `YYYY-MM-DD`.
 */

/** Vietnam's offset from UTC, in milliseconds. */
export const VN_OFFSET_MS = 7 * 60 * 60 * 1000;
/** One day in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** A Vietnamese calendar day as `YYYY-MM-DD`. */
export type LocalDate = string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of the Vietnamese calendar day containing `instant`. */
export function vnDayNumber(instant: Date): number {
  return Math.floor((instant.getTime() + VN_OFFSET_MS) / DAY_MS);
}

/** Milliseconds since Vietnamese midnight of `instant`. */
export function vnTimeOfDayMs(instant: Date): number {
  const local = instant.getTime() + VN_OFFSET_MS;
  return local - Math.floor(local / DAY_MS) * DAY_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function dayNumberToDate(day: number): LocalDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of a `YYYY-MM-DD`; throws RangeError on anything else (it is a programming error). */
export function dateToDayNumber(date: LocalDate): number {
  const m = LOCAL_DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || dayNumberToDate(ms / DAY_MS) !== date) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return ms / DAY_MS;
}

/** The Vietnamese calendar day of an instant, e.g. 2026-03-09T23:30Z → 2026-03-10. */
export function vnDate(instant: Date): LocalDate {
  return dayNumberToDate(vnDayNumber(instant));
}

/** Day of week of a day number, 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** The instant at `timeOfDayMs` after Vietnamese midnight of `day`. */
export function vnInstant(day: number, timeOfDayMs = 0): Date {
  return new Date(day * DAY_MS + timeOfDayMs - VN_OFFSET_MS);
}

/** ISO 8601 in Vietnam time, e.g. `2026-03-09T15:00:00+07:00` (for people, logs and tests). */
export function toVnIso(instant: Date): string {
  return new Date(instant.getTime() + VN_OFFSET_MS).toISOString().replace(/\.000Z$|Z$/, '') + '+07:00';
}

// How the statutory forms write dates and moments (shared/slips, receipts), in Vietnam time.
/** `ngày 5 tháng 1 năm 2026` of an instant, in Vietnam time. */
export function vnDateWords(instant: Date): string {
  const local = new Date(instant.getTime() + VN_OFFSET_MS);
  return `ngày ${local.getUTCDate()} tháng ${local.getUTCMonth() + 1} năm ${local.getUTCFullYear()}`;
}

/** `09 giờ 30 phút, ngày 5 tháng 1 năm 2026`, the way the forms write a moment. */
export function vnMomentWords(instant: Date): string {
  const local = new Date(instant.getTime() + VN_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(local.getUTCHours())} giờ ${two(local.getUTCMinutes())} phút, ${vnDateWords(instant)}`;
}

/** `05/01/2026 09:30`, for tables. */
export function vnShort(instant: Date): string {
  const local = new Date(instant.getTime() + VN_OFFSET_MS);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(local.getUTCDate())}/${two(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`;
}
