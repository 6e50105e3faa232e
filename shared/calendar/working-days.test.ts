import fc from 'fast-check';
import { isWorkday as libraryIsWorkday } from 'chinese-days';
import { DEFAULT_HOLIDAY_TABLE } from './calendar.data';
import { addCalendarDays, addCalendarMonths, createWorkingCalendar } from './working-days';
import { endOfLocalDay, instantMs, isLocalDate, toLocalDate } from './china-time';

const calendar = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE);

// Start dates for properties: early enough that 60 working days later is still in 2026.
const FIRST = '2024-01-01';
const LAST_START = '2026-08-31';
const SPAN_DAYS = (Date.parse(LAST_START) - Date.parse(FIRST)) / 86_400_000;
const startDate = fc.integer({ min: 0, max: SPAN_DAYS }).map((i) => addCalendarDays(FIRST, i));
const count = fc.integer({ min: 0, max: 60 });

function allDates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

describe('isWorkday on the library data', () => {
  it('agrees with chinese-days itself on every day of 2024–2026', () => {
    const disagreements = allDates('2024-01-01', '2026-12-31').filter(
      (d) => calendar.isWorkday(d) !== libraryIsWorkday(d),
    );
    expect(disagreements).toEqual([]);
  });

  it('has the National Day 2025 break off and its make-up days worked', () => {
    for (const d of allDates('2025-10-01', '2025-10-08'))
      expect([d, calendar.isWorkday(d)]).toEqual([d, false]);
    expect(calendar.isWorkday('2025-09-28')).toBe(true); // Sunday, 调休
    expect(calendar.isWorkday('2025-10-11')).toBe(true); // Saturday, 调休
    expect(calendar.isWorkday('2025-10-09')).toBe(true);
  });

  it('has 2026 Spring Festival off and its make-up days worked', () => {
    for (const d of allDates('2026-02-16', '2026-02-23'))
      expect([d, calendar.isWorkday(d)]).toEqual([d, false]);
    for (const d of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-10-10']) {
      expect([d, calendar.isWorkday(d)]).toEqual([d, true]);
    }
  });

  it('keeps a plain Saturday and Sunday off and a plain weekday worked', () => {
    expect(calendar.isWorkday('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isWorkday('2026-03-08')).toBe(false); // Sunday
    expect(calendar.isWorkday('2026-03-09')).toBe(true); // Monday
  });
});

describe('years without data', () => {
  it('falls back to weekends only for 2027 and reports the year as uncovered', () => {
    expect(calendar.coversYear(2026)).toBe(true);
    expect(calendar.coversYear(2027)).toBe(false);
    expect(calendar.isWorkday('2027-01-01')).toBe(true); // a Friday: the guess is wrong, hence the warning
    expect(calendar.isWorkday('2027-01-02')).toBe(false);
    expect(calendar.uncoveredYears('2026-12-20', '2027-01-05')).toEqual([2027]);
    expect(calendar.uncoveredYears('2028-03-01', '2026-01-01')).toEqual([2027, 2028]);
    expect(calendar.uncoveredYears('2025-01-01', '2026-12-31')).toEqual([]);
  });

  it('lets a town’s 2027 New Year range make 1–3 January off and cover the year', () => {
    const town = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, {
      2027: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: [] }],
    });
    expect(town.isWorkday('2027-01-01')).toBe(false);
    expect(town.isWorkday('2027-01-04')).toBe(true);
    expect(town.coversYear(2027)).toBe(true);
    expect(town.townYears).toEqual([2027]);
    expect(town.uncoveredYears('2026-12-31', '2027-01-04')).toEqual([]);
    expect(town.addWorkingDays('2026-12-31', 1)).toBe('2027-01-04');
  });

  it('combines a town’s entry with the library day by day, the town winning', () => {
    const town = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, {
      2025: [{ name: '本镇', from: '2025-12-31', to: '2025-12-31', workdays: ['2025-12-27'] }],
    });
    expect(town.isWorkday('2025-12-31')).toBe(false); // the town's day off
    expect(town.isWorkday('2025-12-27')).toBe(true); // the town's make-up Saturday
    expect(town.isWorkday('2025-10-01')).toBe(false); // the library's holiday stays
    expect(town.isWorkday('2025-10-11')).toBe(true); // the library's make-up day stays
    expect(town.isWorkday('2026-02-16')).toBe(false); // other years still from the library
  });
});

describe('addWorkingDays and nextWorkday', () => {
  it('does not count the start day and skips holidays and weekends', () => {
    expect(calendar.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(calendar.addWorkingDays('2025-09-30', 3)).toBe('2025-10-11');
    expect(calendar.addWorkingDays('2025-11-14', 3)).toBe('2025-11-19'); // Friday → Wednesday
    expect(calendar.nextWorkday('2025-09-26')).toBe('2025-09-28'); // Friday → 调休 Sunday
  });

  it('with n = 0 keeps a workday and rolls a day off forward', () => {
    expect(calendar.addWorkingDays('2025-11-14', 0)).toBe('2025-11-14');
    expect(calendar.addWorkingDays('2025-10-01', 0)).toBe('2025-10-09');
  });

  it('never lands on a day off (checked against chinese-days)', () => {
    fc.assert(
      fc.property(startDate, count, (d, n) => {
        const result = calendar.addWorkingDays(d, n);
        expect(libraryIsWorkday(result)).toBe(true);
        expect(libraryIsWorkday(calendar.nextWorkday(d))).toBe(true);
        expect(calendar.nextWorkday(d) > d).toBe(true);
      }),
    );
  });

  it('is monotonic in n', () => {
    fc.assert(
      fc.property(startDate, count, count, (d, n1, n2) => {
        const [lo, hi] = n1 <= n2 ? [n1, n2] : [n2, n1];
        expect(calendar.addWorkingDays(d, lo) <= calendar.addWorkingDays(d, hi)).toBe(true);
        if (lo > 0 && lo < hi) {
          expect(calendar.addWorkingDays(d, lo) < calendar.addWorkingDays(d, hi)).toBe(true);
        }
      }),
    );
  });

  it('is monotonic in the start date', () => {
    fc.assert(
      fc.property(startDate, startDate, count, (d1, d2, n) => {
        const [early, late] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(calendar.addWorkingDays(early, n) <= calendar.addWorkingDays(late, n)).toBe(true);
      }),
    );
  });

  it('is undone by workingDaysBetween from a workday', () => {
    fc.assert(
      fc.property(startDate, count, (d, n) => {
        const a = calendar.addWorkingDays(d, 0); // any workday
        expect(calendar.workingDaysBetween(a, calendar.addWorkingDays(a, n))).toBe(n);
      }),
    );
  });

  it('throws on a negative or fractional count, which is a programming error', () => {
    expect(() => calendar.addWorkingDays('2025-01-02', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-01-02', 1.5)).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts (a, b]: the end counts, the start does not', () => {
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
    expect(calendar.workingDaysBetween('2025-09-30', '2025-10-11')).toBe(3);
    expect(calendar.workingDaysBetween('2025-11-14', '2025-11-14')).toBe(0);
    expect(calendar.workingDaysBetween('2025-11-13', '2025-11-14')).toBe(1);
  });

  it('is negative when b is before a, and antisymmetric', () => {
    expect(calendar.workingDaysBetween('2025-10-11', '2025-09-30')).toBe(-3);
    fc.assert(
      fc.property(startDate, startDate, (a, b) => {
        expect(calendar.workingDaysBetween(a, b)).toBe(0 - calendar.workingDaysBetween(b, a));
      }),
    );
  });

  it('equals the number of library workdays in the range', () => {
    fc.assert(
      fc.property(startDate, fc.integer({ min: 0, max: 90 }), (a, span) => {
        const b = addCalendarDays(a, span);
        const expected = allDates(addCalendarDays(a, 1), b).filter((d) =>
          libraryIsWorkday(d),
        ).length;
        expect(calendar.workingDaysBetween(a, b)).toBe(expected);
      }),
    );
  });
});

describe('local dates and instants (UTC+8)', () => {
  it('puts an instant on its China-local date', () => {
    expect(toLocalDate('2025-09-30T15:59:59.999Z')).toBe('2025-09-30');
    expect(toLocalDate('2025-09-30T16:00:00Z')).toBe('2025-10-01');
    expect(toLocalDate('2025-10-01T00:30:00+08:00')).toBe('2025-10-01');
    expect(toLocalDate('2025-09-30T12:00:00-05:00')).toBe('2025-10-01');
  });

  it('ends a local day at 23:59:59.999 +08:00, one millisecond before the next day', () => {
    expect(endOfLocalDay('2025-10-10')).toBe('2025-10-10T23:59:59.999+08:00');
    expect(instantMs(endOfLocalDay('2025-10-10')) + 1).toBe(Date.parse('2025-10-10T16:00:00Z'));
    fc.assert(
      fc.property(startDate, (d) => {
        expect(toLocalDate(endOfLocalDay(d))).toBe(d);
      }),
    );
  });

  it('rejects instants without an offset and malformed dates as programming errors', () => {
    expect(() => toLocalDate('2025-10-01T10:00:00')).toThrow(RangeError);
    expect(() => toLocalDate('yesterday')).toThrow(RangeError);
    expect(() => endOfLocalDay('2025-02-29')).toThrow(RangeError);
    expect(() => calendar.isWorkday('2025-1-2')).toThrow(RangeError);
  });

  it('knows real dates', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-13-01')).toBe(false);
  });

  it('adds calendar days and months, clamping months to their end', () => {
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addCalendarMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addCalendarMonths('2025-01-15', 1)).toBe('2025-02-15');
  });
});
