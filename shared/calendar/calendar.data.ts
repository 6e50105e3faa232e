/**
 * The library's holiday data for the working-day calendar (工作日历): China's statutory holidays
 * (法定节假日) and 调休 make-up workdays per year, from chinese-days' per-year JSON. A town adds
 * the years the library does not have yet (the State Council publishes each year's schedule
 * around November, before the library catches up) with its own table (calendar.schema.ts); the
 * two combine day by day, the town winning (working-days.ts). No year's dates are ever written
 * here by hand.
 */
import y2024 from 'chinese-days/dist/years/2024.json';
import y2025 from 'chinese-days/dist/years/2025.json';
import y2026 from 'chinese-days/dist/years/2026.json';
import type { HolidayRange, TownHolidayTable } from './calendar.schema';

/** One year's exceptions to "Monday–Friday worked": days off and make-up workdays, 'YYYY-MM-DD'. */
export interface HolidayYear {
  readonly holidays: readonly string[];
  readonly workdays: readonly string[];
}

/** Holiday data keyed by year. A year absent from the table is not covered. */
export type HolidayTable = { readonly [year: number]: HolidayYear };

/** chinese-days' per-year file: `{ holidays: { date: "English,中文,n" }, workdays: {...}, inLieuDays }`. */
interface ChineseDaysYear {
  readonly holidays: Readonly<Record<string, string>>;
  readonly workdays: Readonly<Record<string, string>>;
}

// The years deadlines can touch: records kept from 2024 on, this year and next. Adding a year
// when the library ships it is one import and one entry here. `inLieuDays` (调休 days off) is
// a subset of `holidays` and is not needed.
const LIBRARY_YEARS: ReadonlyArray<readonly [number, ChineseDaysYear]> = [
  [2024, y2024],
  [2025, y2025],
  [2026, y2026],
];

/** Converts one chinese-days year file into our shape (dates only, sorted). */
function fromLibraryYear(data: ChineseDaysYear): HolidayYear {
  return {
    holidays: Object.keys(data.holidays).sort(),
    workdays: Object.keys(data.workdays).sort(),
  };
}

/** The library's holiday table for the years listed above. */
export const DEFAULT_HOLIDAY_TABLE: HolidayTable = Object.freeze(
  Object.fromEntries(LIBRARY_YEARS.map(([year, data]) => [year, fromLibraryYear(data)])),
);

/** The Chinese name in a chinese-days value ("Spring Festival,春节,4" → 春节). */
function nameOf(value: string): string {
  return value.split(',')[1] ?? value;
}

const DAY_MS = 86_400_000;

/** One library year as the notice reads: runs of days off by holiday, with their make-up days. */
function rangesOfLibraryYear(data: ChineseDaysYear): HolidayRange[] {
  const ranges: { name: string; from: string; to: string; workdays: string[] }[] = [];
  for (const date of Object.keys(data.holidays).sort()) {
    const name = nameOf(data.holidays[date] as string);
    const last = ranges.at(-1);
    const adjacent =
      last !== undefined &&
      Date.parse(`${date}T00:00:00Z`) - Date.parse(`${last.to}T00:00:00Z`) === DAY_MS;
    if (last !== undefined && last.name === name && adjacent) last.to = date;
    else ranges.push({ name, from: date, to: date, workdays: [] });
  }
  for (const date of Object.keys(data.workdays).sort()) {
    const name = nameOf(data.workdays[date] as string);
    ranges.find((r) => r.name === name)?.workdays.push(date);
  }
  return ranges;
}

/** The library's years as holiday ranges with their names, for the admin's screen and messages. */
export const LIBRARY_RANGES: TownHolidayTable = Object.freeze(
  Object.fromEntries(LIBRARY_YEARS.map(([year, data]) => [year, rangesOfLibraryYear(data)])),
);

/**
 * Names the library data in use (its years), so a cached calendar and the "deadlines follow
 * the calendar" mark change when a newer chinese-days with another year is deployed.
 */
export const LIBRARY_FINGERPRINT = `chinese-days:${LIBRARY_YEARS.map(([y]) => y).join(',')}`;
