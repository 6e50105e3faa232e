/**
 * Properties of a town's calendar for any town table a generator can make (random holiday
 * ranges and make-up days in 2025–2028): no deadline lands on a day the table marks off,
 * working-day arithmetic stays monotonic, and the library's known 2025–2026 days keep their
 * values wherever the town says nothing.
 */
import fc from 'fast-check';
import { isWorkday as libraryIsWorkday } from 'chinese-days';
import { CONCERN_KINDS } from '../concern/concern.kinds';
import { DEFAULT_HOLIDAY_TABLE } from './calendar.data';
import type { HolidayRange, TownHolidayTable } from './calendar.schema';
import { townDays } from './calendar.schema';
import {
  clueReplyDeadlines,
  concernDueAt,
  confirmationDeadline,
  DEFAULT_DEADLINE_RULES,
  dueAtOf,
  extendDueAt,
  mediationTargetDueAt,
} from './deadlines';
import { addCalendarDays, createWorkingCalendar } from './working-days';
import { toLocalDate } from './china-time';

const dayIn = (year: number, offset: number) => addCalendarDays(`${year}-01-01`, offset);

const range: fc.Arbitrary<HolidayRange> = fc
  .record({
    year: fc.integer({ min: 2025, max: 2028 }),
    start: fc.integer({ min: 0, max: 350 }),
    length: fc.integer({ min: 1, max: 9 }),
    makeUps: fc.array(fc.integer({ min: 0, max: 360 }), { maxLength: 2 }),
  })
  .map(({ year, start, length, makeUps }) => ({
    name: '测试假期',
    from: dayIn(year, start),
    to: dayIn(year, Math.min(start + length - 1, 363)),
    workdays: makeUps.map((o) => dayIn(year, o)),
  }));

/** Any town table: a few holidays per year, keyed by their year. */
const townTable: fc.Arbitrary<TownHolidayTable> = fc
  .array(range, { maxLength: 8 })
  .map((ranges) => {
    const table: Record<number, HolidayRange[]> = {};
    for (const r of ranges) (table[Number(r.from.slice(0, 4))] ??= []).push(r);
    return table;
  });

const instant = fc
  .integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2028-06-30T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());
const startDate = fc.integer({ min: 0, max: 1200 }).map((o) => addCalendarDays('2025-01-01', o));
const count = fc.integer({ min: 0, max: 40 });

describe('a town calendar, for any town table', () => {
  it('never puts a deadline on a day the table marks off', () => {
    fc.assert(
      fc.property(townTable, instant, fc.constantFrom(...CONCERN_KINDS), (table, at, kind) => {
        const calendar = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, table);
        const off = townDays(table);
        const dates = [
          concernDueAt(calendar, DEFAULT_DEADLINE_RULES, at, kind, { emergency: false }).dueAt,
          extendDueAt(calendar, `${toLocalDate(at)}T23:59:59.999+08:00`, 3).dueAt,
          clueReplyDeadlines(calendar, at).proceduralReplyDueAt,
          clueReplyDeadlines(calendar, at).resultDueAt,
          confirmationDeadline(at, calendar),
          mediationTargetDueAt(calendar, at),
        ].map(toLocalDate);
        for (const d of dates) {
          expect([d, off.get(d)]).not.toEqual([d, false]);
          expect([d, calendar.isWorkday(d)]).toEqual([d, true]);
        }
      }),
    );
  });

  it('counts a deadline again from its rule to the same date', () => {
    fc.assert(
      fc.property(townTable, instant, fc.constantFrom(...CONCERN_KINDS), (table, at, kind) => {
        const calendar = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, table);
        const due = concernDueAt(calendar, DEFAULT_DEADLINE_RULES, at, kind, { emergency: false });
        expect(dueAtOf(due.rule, calendar)).toBe(due.dueAt);
        const extended = extendDueAt(calendar, due.dueAt, 2, due.rule);
        expect(dueAtOf(extended.rule, calendar)).toBe(extended.dueAt);
      }),
    );
  });

  it('keeps working-day arithmetic monotonic in the count and in the start', () => {
    fc.assert(
      fc.property(townTable, startDate, startDate, count, count, (table, d1, d2, n1, n2) => {
        const calendar = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, table);
        const [lo, hi] = n1 <= n2 ? [n1, n2] : [n2, n1];
        expect(calendar.addWorkingDays(d1, lo) <= calendar.addWorkingDays(d1, hi)).toBe(true);
        const [early, late] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(calendar.addWorkingDays(early, lo) <= calendar.addWorkingDays(late, lo)).toBe(true);
        expect(calendar.workingDaysBetween(early, late)).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps the library’s 2025–2026 days wherever the town says nothing, and the town’s where it does', () => {
    const day = fc.integer({ min: 0, max: 729 }).map((o) => addCalendarDays('2025-01-01', o));
    fc.assert(
      fc.property(townTable, fc.array(day, { minLength: 20, maxLength: 20 }), (table, dates) => {
        const calendar = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, table);
        const stated = townDays(table);
        for (const d of dates) {
          const expected = stated.get(d) ?? libraryIsWorkday(d);
          expect([d, calendar.isWorkday(d)]).toEqual([d, expected]);
        }
      }),
    );
  });

  it('covers a year once the town has entered it, and only then beyond the library', () => {
    fc.assert(
      fc.property(townTable, (table) => {
        const calendar = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, table);
        for (const year of [2027, 2028]) {
          expect(calendar.coversYear(year)).toBe((table[year]?.length ?? 0) > 0);
        }
        expect(calendar.coversYear(2025)).toBe(true);
      }),
    );
  });
});
