/**
 * The calendar warning (节假日数据缺失): deadlines are counted in working days on China's
 * official calendar, kept as data per year. When a year within the coming 60 days has no
 * holiday data, deadlines there count weekends only, so the deadlines timer logs it loudly
 * and the statistics overview shows it to the centre.
 */
import type { LocalDate } from './china-time';
import type { WorkingCalendar } from './working-days';
import { addCalendarDays } from './working-days';

/** How far ahead the sweep checks that the calendar has holiday data. */
export const CALENDAR_LOOKAHEAD_DAYS = 60;

export interface CalendarWarning {
  /** Years in the coming 60 days with no holiday data: deadlines count weekends only. */
  readonly uncoveredYears: number[];
  /** Chinese, for the centre's dashboard; null when the calendar is covered. */
  readonly message: string | null;
}

/** Whether `calendar` covers the 60 days from `today` (holidays are kept as data per year). */
export function calendarWarning(calendar: WorkingCalendar, today: LocalDate): CalendarWarning {
  const years = calendar.uncoveredYears(today, addCalendarDays(today, CALENDAR_LOOKAHEAD_DAYS));
  return {
    uncoveredYears: years,
    message:
      years.length === 0
        ? null
        : `${years.join('、')}年的法定节假日安排还没有录入，期间的办理时限只按周末计算，请管理员尽快导入节假日安排`,
  };
}
