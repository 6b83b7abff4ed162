/**
 * The appointment date (ngày hẹn trả kết quả) of a dossier: the procedure's processing time counted in
 * office working time (Asia/Ho_Chi_Minh), skipping weekends and public holidays, paused while a
 * supplement is requested. Pure: every instant comes in as a parameter.
 *
 * Rules decided here (callers rely on them):
 * - Working days are counted in working time: N working days = N × the calendar's daily office time
 *   (8 h by default), walked forward through the office sessions from the receipt. Fractions are
 *   allowed (0.5 = 4 h, for "trong 4 giờ làm việc").
 * - A receipt outside office hours (evening, lunch break, weekend, holiday) counts from the next opening.
 * - A count that ends exactly at the end of a session ends there (e.g. 17:00), not at the next opening.
 * - Calendar days (Civil Code 2015, Art. 147–148): day 1 is the day after the receipt (the effective
 *   receipt: the next opening when outside hours); the date falls at the close of office on day N, and
 *   if day N is not a working day, at the close of the next working day. Close of office, not midnight,
 *   because the result is handed over at the desk.
 * - A pause (supplement request) moves the date forward by the working time between the request and
 *   the resubmission, whatever the procedure's unit.
 * - Make-up Saturdays (ngày làm bù) are working days; past the holiday data's coverage only weekends
 *   are skipped (check `calendar.coveredThrough` and raise an alarm, the date is still given).
 */
import * as z from 'zod';
import { say } from './field-messages';
import { VN_HOLIDAYS, VN_HOLIDAYS_COVERAGE, VN_MAKEUP_WORKDAYS } from './holidays';
import { dateToDayNumber, dayNumberToDate, vnDayNumber, vnInstant, weekdayOf, type LocalDate } from './vietnam-time';

/** One office session in Vietnam time, `HH:MM`, e.g. `{ start: '07:00', end: '11:30' }`. */
export interface OfficeSession {
  start: string;
  end: string;
}

/** Office hours by default: 07:00–11:30 and 13:30–17:00, 8 working hours a day. */
export const DEFAULT_OFFICE_HOURS: readonly OfficeSession[] = [
  { start: '07:00', end: '11:30' },
  { start: '13:30', end: '17:00' },
];

/** A working-time calendar: office sessions, weekend, holidays, make-up working days. Build with workCalendar(). */
export interface WorkCalendar {
  /** Sessions as [start, end) in milliseconds after Vietnamese midnight, sorted, not overlapping. */
  readonly sessions: readonly (readonly [number, number])[];
  /** Working time of a full working day, in milliseconds: one "working day". */
  readonly workingDayMs: number;
  readonly weekendDays: ReadonlySet<number>;
  readonly holidays: ReadonlySet<LocalDate>;
  readonly makeUpWorkdays: ReadonlySet<LocalDate>;
  /** The last day the holiday list is known to be complete for. */
  readonly coveredThrough: LocalDate;
}

type DateEntry = LocalDate | { date: LocalDate };

/** How to build a WorkCalendar; every field defaults to the Vietnamese national calendar. */
export interface WorkCalendarOptions {
  officeHours?: readonly OfficeSession[];
  holidays?: readonly DateEntry[];
  makeUpWorkdays?: readonly DateEntry[];
  /** 0 = Sunday … 6 = Saturday; default Saturday and Sunday. */
  weekendDays?: readonly number[];
  coveredThrough?: LocalDate;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function parseHhMm(value: string): number {
  const m = HH_MM.exec(value);
  if (!m) throw new RangeError(`Office hours must be HH:MM, got ${value}`);
  return (Number(m[1]) * 60 + Number(m[2])) * 60_000;
}

/** Builds a calendar; throws RangeError on malformed office hours or dates (a configuration bug). */
export function workCalendar(options: WorkCalendarOptions = {}): WorkCalendar {
  const sessions = (options.officeHours ?? DEFAULT_OFFICE_HOURS).map((s) => [parseHhMm(s.start), parseHhMm(s.end)] as const);
  if (sessions.length === 0) throw new RangeError('Office hours need at least one session');
  sessions.forEach(([start, end], i) => {
    const previousEnd = i > 0 ? sessions[i - 1]![1] : -1;
    if (start >= end || start < previousEnd) throw new RangeError('Office sessions must be increasing and not overlap');
  });
  const dates = (entries: readonly DateEntry[]) => new Set(entries.map((e) => (typeof e === 'string' ? e : e.date)).map((d) => dayNumberToDate(dateToDayNumber(d))));
  const weekendDays = new Set(options.weekendDays ?? [0, 6]);
  if (weekendDays.size >= 7) throw new RangeError('A calendar needs at least one working weekday');
  return {
    sessions,
    workingDayMs: sessions.reduce((sum, [start, end]) => sum + end - start, 0),
    weekendDays,
    holidays: dates(options.holidays ?? VN_HOLIDAYS),
    makeUpWorkdays: dates(options.makeUpWorkdays ?? VN_MAKEUP_WORKDAYS),
    coveredThrough: options.coveredThrough ?? VN_HOLIDAYS_COVERAGE.to,
  };
}

/** The national calendar: default office hours, Vietnamese holidays 2026–2027. */
export const vnWorkCalendar: WorkCalendar = workCalendar();

/** True when offices open on this Vietnamese calendar day. */
export function isWorkingDay(calendar: WorkCalendar, date: LocalDate): boolean {
  return isWorkingDayNumber(calendar, dateToDayNumber(date));
}

function isWorkingDayNumber(calendar: WorkCalendar, day: number): boolean {
  const date = dayNumberToDate(day);
  if (calendar.makeUpWorkdays.has(date)) return true;
  return !calendar.weekendDays.has(weekdayOf(day)) && !calendar.holidays.has(date);
}

/** Ten years: far beyond any processing time; only a broken calendar gets here. */
const MAX_DAYS_WALKED = 3660;

/** Yields the office sessions as absolute [start, end) epoch-ms pairs, from the day of `fromMs` on. */
function* sessionsFrom(calendar: WorkCalendar, fromMs: number): Generator<readonly [number, number]> {
  const firstDay = vnDayNumber(new Date(fromMs));
  for (let day = firstDay; day < firstDay + MAX_DAYS_WALKED; day++) {
    if (!isWorkingDayNumber(calendar, day)) continue;
    const midnight = vnInstant(day).getTime();
    for (const [start, end] of calendar.sessions) yield [midnight + start, midnight + end];
  }
  throw new RangeError(`No working time within ${MAX_DAYS_WALKED} days of ${new Date(fromMs).toISOString()}`);
}

function assertValid(...instants: Date[]): void {
  for (const instant of instants) if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid Date');
}

/** The instant `ms` of working time after `from` (from itself when ms is 0). */
function addWorkingTime(calendar: WorkCalendar, from: Date, ms: number): Date {
  let remaining = ms;
  if (remaining <= 0) return from;
  for (const [start, end] of sessionsFrom(calendar, from.getTime())) {
    if (end <= from.getTime()) continue;
    const begin = Math.max(start, from.getTime());
    if (remaining <= end - begin) return new Date(begin + remaining);
    remaining -= end - begin;
  }
  throw new Error('unreachable: sessionsFrom throws when it runs out');
}

/** The first instant at or after `at` when offices are open (from when a receipt counts). */
export function nextOpening(calendar: WorkCalendar, at: Date): Date {
  assertValid(at);
  for (const [start, end] of sessionsFrom(calendar, at.getTime())) {
    if (at.getTime() < end) return new Date(Math.max(start, at.getTime()));
  }
  throw new Error('unreachable: sessionsFrom throws when it runs out');
}

/** Office working time between two instants, in milliseconds (0 if `to` is not after `from`). */
export function workingTimeBetween(calendar: WorkCalendar, from: Date, to: Date): number {
  assertValid(from, to);
  if (to <= from) return 0;
  let total = 0;
  for (const [start, end] of sessionsFrom(calendar, from.getTime())) {
    if (start >= to.getTime()) break;
    total += Math.max(0, Math.min(end, to.getTime()) - Math.max(start, from.getTime()));
  }
  return total;
}

/** A procedure's processing time (thời hạn giải quyết): working days, or calendar days where it says so. */
export const ProcessingTime = z
  .object({
    amount: z.number().positive().multipleOf(0.5),
    unit: z.enum(['working-days', 'calendar-days']),
  })
  .refine((p) => p.unit === 'working-days' || Number.isInteger(p.amount), {
    message: say('wholeCalendarDays'),
    path: ['amount'],
  });
export type ProcessingTime = z.infer<typeof ProcessingTime>;

/** The appointment date (ngày hẹn trả) of a dossier received at `receivedAt`, as a UTC instant. */
export function appointmentDate(input: { receivedAt: Date; processing: ProcessingTime; calendar: WorkCalendar }): Date {
  const { receivedAt, processing, calendar } = input;
  assertValid(receivedAt);
  ProcessingTime.parse(processing);
  if (processing.unit === 'working-days') {
    return addWorkingTime(calendar, nextOpening(calendar, receivedAt), processing.amount * calendar.workingDayMs);
  }
  let day = vnDayNumber(nextOpening(calendar, receivedAt)) + processing.amount;
  for (let guard = 0; !isWorkingDayNumber(calendar, day); guard++, day++) {
    if (guard > MAX_DAYS_WALKED) throw new RangeError('No working day found after the calendar-day deadline');
  }
  const closeOfOffice = calendar.sessions[calendar.sessions.length - 1]![1];
  return vnInstant(day, closeOfOffice);
}

/** The appointment moved forward by the working time the dossier spent waiting for a supplement. */
export function shiftForPause(appointment: Date, pausedAt: Date, resumedAt: Date, calendar: WorkCalendar): Date {
  assertValid(appointment, pausedAt, resumedAt);
  if (resumedAt < pausedAt) throw new RangeError('A pause cannot end before it starts');
  return addWorkingTime(calendar, appointment, workingTimeBetween(calendar, pausedAt, resumedAt));
}

/** Past the appointment instant. Callers also check the status: RESOLVED and RETURNED are never overdue. */
export function isOverdue(appointment: Date, now: Date): boolean {
  return now.getTime() > appointment.getTime();
}

/** The instant `hours` of office time after `from` (a step's deadline), counted from the next opening. */
export function afterWorkingHours(calendar: WorkCalendar, from: Date, hours: number): Date {
  assertValid(from);
  return addWorkingTime(calendar, nextOpening(calendar, from), hours * 3600_000);
}
