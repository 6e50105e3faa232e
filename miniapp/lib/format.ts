/**
 * Dates and times as a villager reads them: 「11月24日（周二）」, 「11月24日 14:30」, in China
 * time whatever the phone's zone. Deadlines themselves are computed on the server.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { CHINA_UTC_OFFSET_MINUTES } from '../../shared/calendar/china-time';

dayjs.extend(utc);

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

function china(at: string): dayjs.Dayjs | null {
  const parsed = dayjs(at);
  return parsed.isValid() ? parsed.utc().add(CHINA_UTC_OFFSET_MINUTES, 'minute') : null;
}

/** 「11月24日（周二）」; a bare date (2026-11-24) is read as that calendar day. */
export function formatDay(at: string | null | undefined): string {
  if (!at) return '';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(at) ? dayjs(`${at}T00:00:00Z`).utc() : china(at);
  if (!d) return at;
  return `${d.month() + 1}月${d.date()}日（${WEEKDAYS[d.day()]}）`;
}

/** 「11月24日 14:30」. */
export function formatDateTime(at: string | null | undefined): string {
  if (!at) return '';
  const d = china(at);
  if (!d) return at;
  return `${d.month() + 1}月${d.date()}日 ${d.format('HH:mm')}`;
}

/**
 * A deadline as people read it: 「11月24日（周二）」 for the end of a day (most deadlines), with
 * the time when it is not (a late emergency is due 「11月25日 12:00」).
 */
export function formatDue(at: string | null | undefined): string {
  if (!at) return '';
  return /T23:59/.test(at) || /^\d{4}-\d{2}-\d{2}$/.test(at) ? formatDay(at) : formatDateTime(at);
}

/** 「14:30」. */
export function formatTime(at: string | null | undefined): string {
  const d = at ? china(at) : null;
  return d ? d.format('HH:mm') : '';
}

/** Whole days from now until `at` (negative when past), by China calendar days. */
export function daysUntil(at: string, now: Date = new Date()): number {
  const target = /^\d{4}-\d{2}-\d{2}$/.test(at) ? dayjs(`${at}T00:00:00Z`).utc() : china(at);
  const today = china(now.toISOString());
  if (!target || !today) return 0;
  return target.startOf('day').diff(today.startOf('day'), 'day');
}
