/**
 * The calendar warning (节假日安排缺失): deadlines are counted in working days on China's
 * official calendar, kept as data per year. The State Council publishes next year's schedule
 * around November, so from 1 November a year that neither the library nor the town's table
 * covers is announced (the admin's and the centre's home screens, the statistics, the timer's
 * log) until someone enters it; the current year, if uncovered, is announced all year.
 */
import type { LocalDate } from './china-time';
import type { WorkingCalendar } from './working-days';

/** From this day of the year (MM-DD) the next year's schedule is expected. */
export const NEXT_YEAR_WARNING_FROM = '11-01';

export interface CalendarWarning {
  /** This year and, from 1 November, next year, when no holiday data covers them. */
  readonly uncoveredYears: number[];
  /** Chinese, for the banners; null when the calendar is covered. */
  readonly message: string | null;
}

/** The years a banner must name on `today`: this year, and next year from 1 November. */
export function yearsToWarnAbout(today: LocalDate): number[] {
  const year = Number(today.slice(0, 4));
  return today.slice(5) >= NEXT_YEAR_WARNING_FROM ? [year, year + 1] : [year];
}

/** Whether `calendar` covers this year (and, from 1 November, next year). */
export function calendarWarning(calendar: WorkingCalendar, today: LocalDate): CalendarWarning {
  const years = yearsToWarnAbout(today).filter((y) => !calendar.coversYear(y));
  const named = years.join('、');
  return {
    uncoveredYears: years,
    message:
      years.length === 0
        ? null
        : `${named}年的法定节假日安排还没有录入：${named}年的办理期限只按周末推算，调解室${named}年的时段暂不开放预约。请管理员在“节假日安排”里按国务院办公厅的通知录入。`,
  };
}
