/**
 * The working-day calendar (工作日历) that time limits (限时办结) are counted on: Monday–Friday
 * are worked, weekends are off unless listed as 调休 make-up workdays, listed statutory holidays
 * (法定节假日) are off. One calendar per town: the library's per-day table combined with the
 * town's own table, day by day, the town winning. A year neither covers falls back to weekends
 * only and is reported by `uncoveredYears`, so callers say so loudly rather than trust a guess.
 *
 * Dates are China-local calendar dates written 'YYYY-MM-DD' (china-time.ts).
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { HolidayTable } from './calendar.data';
import type { TownHolidayTable } from './calendar.schema';
import { tableYears, townDays } from './calendar.schema';
import type { LocalDate } from './china-time';
import { isLocalDate } from './china-time';

dayjs.extend(utc);

export type { LocalDate } from './china-time';

/** Wrong dates here are bugs in the caller (inputs are validated by schemas upstream), so throw. */
function assertLocalDate(s: string): void {
  if (!isLocalDate(s)) throw new RangeError(`not a YYYY-MM-DD date: ${s}`);
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a non-negative integer: ${n}`);
}

const DAY_MS = 86_400_000;

/** Midnight UTC of a 'YYYY-MM-DD' date, as epoch milliseconds (calendar arithmetic only). */
function dayMs(date: LocalDate): number {
  const d = new Date(0);
  d.setUTCFullYear(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
  );
  return d.getTime();
}

/** The date `n` calendar days after `date` (n may be negative). */
export function addCalendarDays(date: LocalDate, n: number): LocalDate {
  assertLocalDate(date);
  return new Date(dayMs(date) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The date `n` calendar months after `date`, clamped to the month's end as dayjs does
 * (2025-11-30 + 3 months → 2026-02-28).
 */
export function addCalendarMonths(date: LocalDate, n: number): LocalDate {
  assertLocalDate(date);
  return dayjs.utc(date).add(n, 'month').format('YYYY-MM-DD');
}

export interface WorkingCalendar {
  /** True when `date` is worked: a weekday not listed as a holiday, or a listed 调休 workday. */
  isWorkday(date: LocalDate): boolean;
  /** True when holiday data (the town's or the library's) exists for `year`. */
  coversYear(year: number): boolean;
  /** The years the town's own table has holidays for, ascending. */
  readonly townYears: readonly number[];
  /**
   * The `n`th working day after `date`, not counting `date` itself (n ≥ 1). For n = 0 it is
   * `date` when worked, else the next working day: "no extra days, but land on a working day".
   */
  addWorkingDays(date: LocalDate, n: number): LocalDate;
  /** The first working day strictly after `date` (= addWorkingDays(date, 1)). */
  nextWorkday(date: LocalDate): LocalDate;
  /**
   * Working days in the half-open range (a, b]: `a` not counted, `b` counted. When b < a the
   * result is minus the count in (b, a], so workingDaysBetween(a, b) = -workingDaysBetween(b, a).
   */
  workingDaysBetween(a: LocalDate, b: LocalDate): number;
  /** Years from `fromDate`'s to `toDate`'s (either order, inclusive) that no data covers, ascending. */
  uncoveredYears(fromDate: LocalDate, toDate: LocalDate): number[];
}

interface YearSets {
  readonly holidays: ReadonlySet<string>;
  readonly workdays: ReadonlySet<string>;
}

/**
 * Builds a calendar from the library's table and a town's table. Day by day the town's
 * statement wins (a day in one of its holiday ranges is off, a listed make-up day is worked),
 * then the library's, then the weekday rule; a year is covered when either has it.
 */
export function createWorkingCalendar(
  table: HolidayTable,
  town: TownHolidayTable = {},
): WorkingCalendar {
  const years = new Map<number, YearSets>();
  for (const [year, entry] of Object.entries(table)) {
    years.set(Number(year), {
      holidays: new Set(entry.holidays),
      workdays: new Set(entry.workdays),
    });
  }
  const townYears = tableYears(town);
  const townSays = townDays(town);

  const coversYear = (year: number): boolean => years.has(year) || townYears.includes(year);

  const isWorkday = (date: LocalDate): boolean => {
    assertLocalDate(date);
    const stated = townSays.get(date);
    if (stated !== undefined) return stated;
    const sets = years.get(Number(date.slice(0, 4)));
    if (sets?.workdays.has(date)) return true;
    if (sets?.holidays.has(date)) return false;
    const weekday = new Date(dayMs(date)).getUTCDay(); // 0 Sunday … 6 Saturday
    return weekday !== 0 && weekday !== 6;
  };

  // The calendar never changes once built, so answers are kept: a list page asks the same
  // question ("the next working day after today") once per item.
  const answers = new Map<string, LocalDate>();
  const addWorkingDays = (date: LocalDate, n: number): LocalDate => {
    assertLocalDate(date);
    assertCount(n);
    const key = `${date}+${n}`;
    const known = answers.get(key);
    if (known !== undefined) return known;
    let day = date;
    if (n === 0) day = isWorkday(date) ? date : addWorkingDays(date, 1);
    else {
      let left = n;
      while (left > 0) {
        day = addCalendarDays(day, 1);
        if (isWorkday(day)) left -= 1;
      }
    }
    if (answers.size >= 4096) answers.clear();
    answers.set(key, day);
    return day;
  };

  const countIn = (from: LocalDate, to: LocalDate): number => {
    let count = 0;
    for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) {
      if (isWorkday(day)) count += 1;
    }
    return count;
  };

  const workingDaysBetween = (a: LocalDate, b: LocalDate): number => {
    assertLocalDate(a);
    assertLocalDate(b);
    // 'YYYY-MM-DD' strings order like the dates they name.
    // `0 - n` rather than `-n`: an empty backward range is 0, never -0.
    return b >= a ? countIn(a, b) : 0 - countIn(b, a);
  };

  const uncoveredYears = (fromDate: LocalDate, toDate: LocalDate): number[] => {
    assertLocalDate(fromDate);
    assertLocalDate(toDate);
    const [y1, y2] = [Number(fromDate.slice(0, 4)), Number(toDate.slice(0, 4))];
    const missing: number[] = [];
    for (let y = Math.min(y1, y2); y <= Math.max(y1, y2); y += 1) {
      if (!coversYear(y)) missing.push(y);
    }
    return missing;
  };

  return {
    isWorkday,
    coversYear,
    townYears,
    addWorkingDays,
    nextWorkday: (date) => addWorkingDays(date, 1),
    workingDaysBetween,
    uncoveredYears,
  };
}
