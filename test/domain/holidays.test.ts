import { VN_HOLIDAYS, VN_HOLIDAYS_COVERAGE, VN_MAKEUP_WORKDAYS } from '../../shared/domain/holidays';
import { dateToDayNumber, toVnIso, vnDate, vnInstant, weekdayOf } from '../../shared/domain/vietnam-time';

const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const weekday = (date: string) => WEEKDAY[weekdayOf(dateToDayNumber(date))];

describe('Vietnamese holiday data', () => {
  it('lists each day once, in order, within its coverage', () => {
    const dates = VN_HOLIDAYS.map((h) => h.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
    expect(dates.every((d) => d >= VN_HOLIDAYS_COVERAGE.from && d <= VN_HOLIDAYS_COVERAGE.to)).toBe(true);
  });

  it.each(VN_HOLIDAYS.map((h) => [h.date, h.name] as const))('%s is the weekday its name says (%s)', (date, name) => {
    expect(name).toContain(`(${weekday(date)}`);
  });

  it('has every entry sourced, and places compensatory and swapped days on weekdays', () => {
    for (const h of VN_HOLIDAYS) {
      expect(h.source.length).toBeGreaterThan(10);
      if (h.kind !== 'holiday') expect(['Sat', 'Sun']).not.toContain(weekday(h.date));
    }
  });

  it('makes up each swapped day on a Saturday', () => {
    const swapped = VN_HOLIDAYS.filter((h) => h.kind === 'swapped').map((h) => h.date);
    expect(VN_MAKEUP_WORKDAYS.map((m) => m.replaces).sort()).toEqual(swapped.sort());
    expect(VN_MAKEUP_WORKDAYS.every((m) => weekday(m.date) === 'Sat')).toBe(true);
  });

  it('closes offices for 5 weekdays of Tết in 2026 and 2027, as the law grants', () => {
    const tetWeekdays = (year: string) =>
      VN_HOLIDAYS.filter((h) => h.date.startsWith(year) && h.name.includes('Tết') && !h.name.includes('Dương lịch'))
        .map((h) => h.date)
        .filter((d) => !['Sat', 'Sun'].includes(weekday(d)!));
    expect(tetWeekdays('2026')).toEqual(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']);
    expect(tetWeekdays('2027')).toEqual(['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']);
  });
});

describe('Vietnam time', () => {
  it('is UTC+7 all year', () => {
    expect(vnDate(new Date('2026-06-30T17:00:00Z'))).toBe('2026-07-01');
    expect(toVnIso(vnInstant(dateToDayNumber('2026-12-31'), 17 * 3_600_000))).toBe('2026-12-31T17:00:00+07:00');
    expect(toVnIso(new Date('2026-01-01T00:00:00.250Z'))).toBe('2026-01-01T07:00:00.250+07:00');
  });

  it('rejects impossible dates', () => {
    expect(() => dateToDayNumber('2027-02-29')).toThrow(RangeError);
    expect(() => dateToDayNumber('2026-1-1')).toThrow(RangeError);
  });
});
