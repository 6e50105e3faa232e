/**
 * The calendar warning (节假日数据缺失): deadlines are counted in working days on China's
 * official calendar, kept as data per year. When a year within the coming 60 days has no
 * holiday data, deadlines there count weekends only, so the deadlines timer logs it loudly
 * and the statistics overview shows it to the centre.
 */
import { addCalendarDays, toLocalDate } from '../../shared/calendar/working-days';
import type { AppContext } from '../runtime/context';

/** How far ahead the sweep checks that the calendar has holiday data. */
export const CALENDAR_LOOKAHEAD_DAYS = 60;

export interface CalendarWarning {
  /** Years in the coming 60 days with no holiday data: deadlines count weekends only. */
  readonly uncoveredYears: number[];
  /** Chinese, for the centre's dashboard; null when the calendar is covered. */
  readonly message: string | null;
}

/** Whether the calendar covers the coming 60 days (DESIGN §2: holidays kept as data per year). */
export function calendarWarning(ctx: AppContext): CalendarWarning {
  const today = toLocalDate(ctx.clock.nowIso());
  const years = ctx.calendar.uncoveredYears(today, addCalendarDays(today, CALENDAR_LOOKAHEAD_DAYS));
  return {
    uncoveredYears: years,
    message:
      years.length === 0
        ? null
        : `${years.join('、')}年的法定节假日安排还没有录入，期间的办理时限只按周末计算，请管理员尽快导入节假日安排`,
  };
}
