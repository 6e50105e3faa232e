/**
 * Holiday data for the working-day calendar (工作日历): China's statutory holidays (法定节假日)
 * and 调休 make-up workdays, one entry per year. The default table comes from chinese-days'
 * per-year JSON; a town may upload its own table for a year (e.g. next year's schedule, which
 * the State Council publishes around November, before the library catches up). A town's year
 * replaces the library's year whole, because a published schedule is complete for its year.
 * The upload schema lives in calendar.schema.ts, so a form can use it without bundling this data.
 */
import y2024 from 'chinese-days/dist/years/2024.json';
import y2025 from 'chinese-days/dist/years/2025.json';
import y2026 from 'chinese-days/dist/years/2026.json';

/** One year's exceptions to "Monday–Friday worked": days off and make-up workdays, 'YYYY-MM-DD'. */
export interface HolidayYear {
  readonly holidays: readonly string[];
  readonly workdays: readonly string[];
}

/** Holiday data keyed by year. A year absent from the table is not covered. */
export type HolidayTable = { readonly [year: number]: HolidayYear };

/**
 * A town's own holiday table. Per year it wins over the library's data when present; years it
 * does not list fall back to the library.
 */
export type HolidayOverrides = HolidayTable;

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
