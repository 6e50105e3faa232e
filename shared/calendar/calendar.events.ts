/**
 * What a change of a town's holiday table leaves on the records it touches (docs/domain.md §2,
 * "when the holiday table changes"): an open deadline counted again moves, with a timeline
 * step saying from when to when; a booked session that now falls on a day off is flagged to
 * the mediator (never moved); the flag is lifted when the day is worked again.
 */

/** The audit action of a deadline moved by the calendar. */
export const CALENDAR_MOVED = 'calendar_moved';
/** The audit action of a booked session found on a day off after the table changed. */
export const SESSION_ON_HOLIDAY = 'session_on_holiday';
/** The audit action of such a session whose day is a working day again. */
export const SESSION_HOLIDAY_LIFTED = 'session_holiday_lifted';

/** Timeline titles of those steps, for staff and the villager alike. */
export const CALENDAR_EVENT_LABELS: Readonly<Record<string, string>> = {
  [CALENDAR_MOVED]: '节假日安排调整，期限随之改变',
  [SESSION_ON_HOLIDAY]: '预约的时段遇上节假日，调解员会联系您改期',
  [SESSION_HOLIDAY_LIFTED]: '节假日安排撤回，原定时段照常',
};

/** 「11月20日」, or 「11月18日 12:00」 for a deadline that is not the end of a day. */
export function dueDayText(iso: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(iso);
  if (m === null) return iso;
  const day = `${Number(m[1])}月${Number(m[2])}日`;
  return m[3] === '23:59' ? day : `${day} ${m[3]}`;
}

/** 「1月1日」: a local date 'YYYY-MM-DD' as a notice reads it. */
export function localDayText(date: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})$/.exec(date);
  return m === null ? date : `${Number(m[1])}月${Number(m[2])}日`;
}

/** 「办理期限由11月20日改为11月21日」: a moved date in a note or a push. */
export function movedText(what: string, from: string, to: string): string {
  return `${what}由${dueDayText(from)}改为${dueDayText(to)}`;
}
