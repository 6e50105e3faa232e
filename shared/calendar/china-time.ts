/**
 * China time (北京时间), the one module for it on the server and in the mini-program: China
 * keeps UTC+8 all year (no DST), so a fixed offset is exact and no time-zone database is
 * needed. Instants are stored as ISO 8601 with the +08:00 offset and milliseconds
 * (`2025-11-17T09:00:00.000+08:00`, what `Clock.nowIso()` writes), so stored instants also
 * compare correctly as strings in range queries; compare them in code with `instantMs`.
 * China-local calendar dates are 'YYYY-MM-DD'.
 */
/** A China-local calendar date, 'YYYY-MM-DD'. */
export type LocalDate = string;

/** China Standard Time, UTC+8. */
export const CHINA_UTC_OFFSET_MINUTES = 480;
export const CHINA_OFFSET_MS = CHINA_UTC_OFFSET_MINUTES * 60_000;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

// An instant must carry its offset: a bare '2025-10-01T10:00' would be read in the host's zone.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Milliseconds of an ISO instant that carries an offset (Z or ±hh:mm); throws on anything
 * else. The engine's own ISO parser (what dayjs falls back to for an offset), without a dayjs
 * object per call: list pages read several instants per item.
 */
function parseInstantMs(iso: string): number {
  const ms = ISO_INSTANT.test(iso) ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO instant with offset: ${iso}`);
  return ms;
}

/** True when `s` is a real date written 'YYYY-MM-DD'. */
export function isLocalDate(s: string): boolean {
  if (!LOCAL_DATE.test(s)) return false;
  const d = new Date(0);
  d.setUTCFullYear(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  // The engine rolls 2025-02-30 over to March: only a real date reads back the same.
  return d.toISOString().slice(0, 10) === s;
}

/** Milliseconds since the epoch of an ISO instant; compare instants this way, never as strings. */
export function instantMs(iso: string): number {
  return parseInstantMs(iso);
}

/** An epoch instant in the stored form, `YYYY-MM-DDTHH:mm:ss.sss+08:00`. */
export function chinaIso(ms: number): string {
  return `${new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 23)}+08:00`;
}

/** Any ISO instant with an offset, rewritten in the stored form. */
export function canonicalInstant(iso: string): string {
  return chinaIso(instantMs(iso));
}

/** `iso` moved by `ms` milliseconds (default 1), in the stored form. */
export function instantAfter(iso: string, ms = 1): string {
  return chinaIso(instantMs(iso) + ms);
}

/** The China-local date of an epoch instant. */
export function chinaDate(ms: number): LocalDate {
  return chinaIso(ms).slice(0, 10);
}

/** The China-local date on which an instant falls (e.g. 2025-09-30T16:30Z → 2025-10-01). */
export function toLocalDate(isoInstant: string): LocalDate {
  return chinaDate(parseInstantMs(isoInstant));
}

/** Today's China-local date, whatever the device's own zone. */
export function chinaToday(nowMs: number = Date.now()): LocalDate {
  return chinaDate(nowMs);
}

/** The first millisecond of a local date, in the stored form (…T00:00:00.000+08:00). */
export function startOfLocalDay(date: LocalDate): string {
  if (!isLocalDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return `${date}T00:00:00.000+08:00`;
}

/** The last millisecond of a local date, in the stored form (…T23:59:59.999+08:00). */
export function endOfLocalDay(date: LocalDate): string {
  if (!isLocalDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return `${date}T23:59:59.999+08:00`;
}

/** The China-local hour (0–23) of an epoch instant. */
export function chinaHour(ms: number): number {
  return new Date(ms + CHINA_OFFSET_MS).getUTCHours();
}

/** "11月19日 23:59": an instant as people read it in a notice, in China time. */
export function localTime(iso: string): string {
  const shifted = new Date(instantMs(iso) + CHINA_OFFSET_MS);
  const hh = String(shifted.getUTCHours()).padStart(2, '0');
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  return `${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日 ${hh}:${mm}`;
}

/** Timers that reach people act from 08:00 to 20:00 China time, never in the night. */
export const DAYTIME_START_HOUR = 8;
export const DAYTIME_END_HOUR = 20;

/** Whether an instant falls in the hours timers may notify people (China time). */
export function isDaytime(ms: number): boolean {
  const hour = chinaHour(ms);
  return hour >= DAYTIME_START_HOUR && hour < DAYTIME_END_HOUR;
}
