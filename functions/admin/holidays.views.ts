/**
 * Replies about the town's holiday table (节假日安排) for the admin's screen and the banners.
 * Type-only imports of these reach the mini-program (services/views.ts).
 */
import type { HolidayRange } from '../../shared/calendar/calendar.schema';
import type { CalendarWarning } from '../../shared/calendar/calendar.warning';
import type { FieldError } from '../../shared/kernel/errors';
import type { CalendarMoveCounts, CalendarMoveView } from '../deadlines/follow-calendar.views';

export type { CalendarMoveCounts, CalendarMoveView } from '../deadlines/follow-calendar.views';

/** One year as the screen shows it: the town's own holidays and the library's, if any. */
export interface HolidayYearView {
  readonly year: number;
  /** What the town entered for the year (wins day by day). */
  readonly town: readonly HolidayRange[];
  /** What the library (内置数据) has for the year; empty when it does not cover it. */
  readonly library: readonly HolidayRange[];
  readonly covered: boolean;
}

/** `holidayCalendar`: the table, its version (for `expectedVersion`) and the banner. */
export interface HolidayCalendarView {
  readonly version: number;
  readonly years: readonly HolidayYearView[];
  /** The banner (admin's and centre's home screens): uncovered years from 1 November. */
  readonly warning: CalendarWarning;
  /** Names offered in the form (元旦, 春节 …). */
  readonly holidayNames: readonly string[];
  readonly updatedAt: string | null;
}

/** At most this many moves are listed in a preview; the counts cover all of them. */
export const MAX_MOVES_LISTED = 50;

/** `previewHolidays`: what saving would move, before anything is saved. */
export interface HolidayPreview {
  readonly version: number;
  readonly moves: readonly CalendarMoveView[];
  readonly counts: CalendarMoveCounts;
  /** True when more moves exist than are listed. */
  readonly truncated: boolean;
  /** Where the entry disagrees with the library, accepted with `overrideLibrary`. */
  readonly libraryDifferences: readonly FieldError[];
  /** The banner as it would read after saving. */
  readonly warning: CalendarWarning;
}

/** `saveHolidays`: the saved version and what was moved. */
export interface HolidaysSaved {
  readonly version: number;
  readonly updatedAt: string;
  readonly years: readonly number[];
  readonly counts: CalendarMoveCounts;
  readonly warning: CalendarWarning;
}

/** `importHolidays`: a file read into years for the form (nothing saved). */
export interface HolidayFileView {
  readonly years: Readonly<Record<string, readonly HolidayRange[]>>;
  readonly holidays: number;
}
