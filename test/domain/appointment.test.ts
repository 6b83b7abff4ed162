import { appointmentDate, isOverdue, isWorkingDay, nextOpening, ProcessingTime, shiftForPause, vnWorkCalendar, workCalendar, workingTimeBetween } from '../../shared/domain/appointment';
import { toVnIso } from '../../shared/domain/vietnam-time';

const at = (iso: string) => new Date(iso);
const workingDays = (amount: number) => ({ amount, unit: 'working-days' as const });
const calendarDays = (amount: number) => ({ amount, unit: 'calendar-days' as const });
const due = (receivedAt: string, processing: ProcessingTime, calendar = vnWorkCalendar) => toVnIso(appointmentDate({ receivedAt: at(receivedAt), processing, calendar }));
const HOUR = 3_600_000;

describe('appointment date (ngày hẹn trả), working days', () => {
  it('counts a Friday-afternoon submission across the weekend', () => {
    // Fri 15:00–17:00 (2 h) + Mon 07:00–11:30 (4.5 h) + Mon 13:30–15:00 (1.5 h) = 8 h
    expect(due('2026-03-06T15:00:00+07:00', workingDays(1))).toBe('2026-03-09T15:00:00+07:00');
    expect(due('2026-03-06T15:00:00+07:00', workingDays(3))).toBe('2026-03-11T15:00:00+07:00');
  });

  it('counts an after-hours submission from the next morning', () => {
    expect(due('2026-03-10T18:30:00+07:00', workingDays(1))).toBe('2026-03-11T17:00:00+07:00');
    expect(due('2026-03-10T18:30:00+07:00', workingDays(2))).toBe('2026-03-12T17:00:00+07:00');
    // 23:30 UTC is 06:30 the next Vietnamese morning, before opening
    expect(due('2026-03-10T23:30:00Z', workingDays(1))).toBe('2026-03-11T17:00:00+07:00');
  });

  it('counts a weekend submission from Monday morning', () => {
    expect(due('2026-03-07T10:00:00+07:00', workingDays(1))).toBe('2026-03-09T17:00:00+07:00');
  });

  it('counts a lunch-break submission from 13:30', () => {
    // Tue 13:30–17:00 (3.5 h) + Wed 07:00–11:30 (4.5 h)
    expect(due('2026-03-10T12:00:00+07:00', workingDays(1))).toBe('2026-03-11T11:30:00+07:00');
  });

  it('ends at the close of a session rather than at the next opening', () => {
    expect(due('2026-03-09T07:00:00+07:00', workingDays(1))).toBe('2026-03-09T17:00:00+07:00');
  });

  it('counts half a working day as four working hours', () => {
    expect(due('2026-03-09T10:00:00+07:00', workingDays(0.5))).toBe('2026-03-09T16:00:00+07:00');
  });

  it('lands a submission made just before Tết Bính Ngọ 2026 after Tết', () => {
    // Thu 12/2 10:00: 5 h, Fri 13/2: 8 h, closed 14/2–22/2, Mon 23/2: 8 h, Tue 24/2: 3 h
    expect(due('2026-02-12T10:00:00+07:00', workingDays(3))).toBe('2026-02-24T10:00:00+07:00');
    expect(due('2026-02-13T16:00:00+07:00', workingDays(1))).toBe('2026-02-23T16:00:00+07:00');
  });

  it('skips the New Year swap and counts the make-up Saturday 10/1/2026', () => {
    expect(due('2026-01-01T09:00:00+07:00', workingDays(1))).toBe('2026-01-05T17:00:00+07:00');
    // Thu 8/1 09:00: 6 h, Fri 9/1: 8 h, Sat 10/1 (làm bù): 2 h
    expect(due('2026-01-08T09:00:00+07:00', workingDays(2))).toBe('2026-01-10T09:00:00+07:00');
  });

  it('skips the compensatory Monday after Giỗ Tổ Hùng Vương 2026 and the 30/4–1/5 break', () => {
    expect(due('2026-04-24T09:00:00+07:00', workingDays(1))).toBe('2026-04-28T09:00:00+07:00');
    expect(due('2026-04-29T09:00:00+07:00', workingDays(1))).toBe('2026-05-04T09:00:00+07:00');
  });

  it('skips the Quốc khánh 2026 break (31/8 swapped, 1/9, 2/9)', () => {
    expect(due('2026-08-28T09:00:00+07:00', workingDays(1))).toBe('2026-09-03T09:00:00+07:00');
  });

  it('skips the provisional Tết Đinh Mùi 2027 closure (4/2–10/2)', () => {
    // Wed 3/2 09:00: 6 h, closed Thu 4/2–Wed 10/2, Thu 11/2: 8 h, Fri 12/2: 2 h
    expect(due('2027-02-03T09:00:00+07:00', workingDays(2))).toBe('2027-02-12T09:00:00+07:00');
  });

  it('follows configured office hours', () => {
    const calendar = workCalendar({
      officeHours: [
        { start: '07:30', end: '11:30' },
        { start: '13:00', end: '17:00' },
      ],
    });
    expect(due('2026-03-09T07:00:00+07:00', workingDays(1), calendar)).toBe('2026-03-09T17:00:00+07:00');
    // lunch 11:30–13:00: counts from 13:00, 4 h on Monday + Tue 07:30–11:30
    expect(due('2026-03-09T12:00:00+07:00', workingDays(1), calendar)).toBe('2026-03-10T11:30:00+07:00');
  });
});

describe('appointment date, calendar days', () => {
  it('falls at the close of office on day N, counting from the day after receipt', () => {
    expect(due('2026-03-10T10:00:00+07:00', calendarDays(15))).toBe('2026-03-25T17:00:00+07:00');
  });

  it('moves a deadline on a weekend to the close of the next working day', () => {
    expect(due('2026-03-09T10:00:00+07:00', calendarDays(5))).toBe('2026-03-16T17:00:00+07:00');
  });

  it('moves a deadline inside Tết to the first working day after it', () => {
    expect(due('2026-02-09T09:00:00+07:00', calendarDays(7))).toBe('2026-02-23T17:00:00+07:00');
  });

  it('counts an after-hours submission from the next opening day', () => {
    // Fri 20:00 → effective receipt Mon 9/3 → day 3 is Thu 12/3
    expect(due('2026-03-06T20:00:00+07:00', calendarDays(3))).toBe('2026-03-12T17:00:00+07:00');
  });

  it('rejects a fractional number of calendar days', () => {
    expect(ProcessingTime.safeParse(calendarDays(1.5)).success).toBe(false);
    expect(() => due('2026-03-09T10:00:00+07:00', calendarDays(1.5))).toThrow();
    expect(ProcessingTime.safeParse(workingDays(0)).success).toBe(false);
  });
});

describe('supplement pause', () => {
  it('moves the date forward by the working time of the pause', () => {
    // paused Mon 10:00 → resumed Tue 09:00: 1.5 + 3.5 + 2 = 7 working hours
    const paused = at('2026-03-09T10:00:00+07:00');
    const resumed = at('2026-03-10T09:00:00+07:00');
    expect(workingTimeBetween(vnWorkCalendar, paused, resumed)).toBe(7 * HOUR);
    // Wed 15:00 + 7 h: 2 h on Wed, 4.5 h Thu morning, 0.5 h Thu afternoon
    expect(toVnIso(shiftForPause(at('2026-03-11T15:00:00+07:00'), paused, resumed, vnWorkCalendar))).toBe('2026-03-12T14:00:00+07:00');
  });

  it('counts only office time of a pause over a weekend', () => {
    const shifted = shiftForPause(at('2026-03-11T17:00:00+07:00'), at('2026-03-06T16:00:00+07:00'), at('2026-03-09T08:00:00+07:00'), vnWorkCalendar);
    expect(toVnIso(shifted)).toBe('2026-03-12T09:00:00+07:00');
  });

  it('leaves the date alone for a pause entirely outside office hours', () => {
    const appointment = at('2026-03-11T15:00:00+07:00');
    expect(shiftForPause(appointment, at('2026-03-09T18:00:00+07:00'), at('2026-03-09T22:00:00+07:00'), vnWorkCalendar)).toEqual(appointment);
  });

  it('refuses a pause that ends before it starts', () => {
    expect(() => shiftForPause(at('2026-03-11T15:00:00+07:00'), at('2026-03-10T09:00:00+07:00'), at('2026-03-09T09:00:00+07:00'), vnWorkCalendar)).toThrow(RangeError);
  });
});

describe('work calendar', () => {
  it('knows weekends, holidays and make-up Saturdays', () => {
    expect(isWorkingDay(vnWorkCalendar, '2026-03-09')).toBe(true);
    expect(isWorkingDay(vnWorkCalendar, '2026-03-07')).toBe(false);
    expect(isWorkingDay(vnWorkCalendar, '2026-02-17')).toBe(false);
    expect(isWorkingDay(vnWorkCalendar, '2026-01-10')).toBe(true);
    expect(isWorkingDay(vnWorkCalendar, '2026-08-22')).toBe(true);
    expect(isWorkingDay(vnWorkCalendar, '2027-04-16')).toBe(false);
    expect(vnWorkCalendar.workingDayMs).toBe(8 * HOUR);
    expect(vnWorkCalendar.coveredThrough).toBe('2027-12-31');
  });

  it('finds the next opening', () => {
    expect(toVnIso(nextOpening(vnWorkCalendar, at('2026-03-09T11:30:00+07:00')))).toBe('2026-03-09T13:30:00+07:00');
    expect(toVnIso(nextOpening(vnWorkCalendar, at('2026-03-09T08:15:00+07:00')))).toBe('2026-03-09T08:15:00+07:00');
  });

  it('rejects malformed configuration', () => {
    expect(() => workCalendar({ officeHours: [] })).toThrow(RangeError);
    expect(() => workCalendar({ officeHours: [{ start: '13:30', end: '11:30' }] })).toThrow(RangeError);
    expect(() => workCalendar({ officeHours: [{ start: '7:00', end: '11:30' }] })).toThrow(RangeError);
    expect(() => workCalendar({ holidays: ['2026-02-30'] })).toThrow(RangeError);
    expect(() => workCalendar({ weekendDays: [0, 1, 2, 3, 4, 5, 6] })).toThrow(RangeError);
  });
});

describe('overdue', () => {
  it('is overdue only strictly after the appointment instant', () => {
    const appointment = at('2026-03-11T17:00:00+07:00');
    expect(isOverdue(appointment, at('2026-03-11T17:00:00+07:00'))).toBe(false);
    expect(isOverdue(appointment, at('2026-03-11T17:00:00.001+07:00'))).toBe(true);
  });
});
