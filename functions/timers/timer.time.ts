/**
 * Instants as the store keeps them: ISO 8601 with the +08:00 offset and milliseconds, the
 * format `Clock.nowIso()` writes, so stored instants compare correctly as strings in range
 * queries (always re-checked with `instantMs` in memory).
 */

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** An epoch instant as ISO 8601 with +08:00 (China keeps no daylight-saving time). */
export function chinaIso(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

/** "11月19日 23:59": an instant as people read it, in China time. */
export function localTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + CHINA_OFFSET_MS);
  const hh = String(shifted.getUTCHours()).padStart(2, '0');
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  return `${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日 ${hh}:${mm}`;
}

/** Timers that reach people act from 08:00 to 20:00 China time, never in the night. */
export const DAYTIME_START_HOUR = 8;
export const DAYTIME_END_HOUR = 20;

/** Whether an instant falls in the hours timers may notify people (China time). */
export function isDaytime(ms: number): boolean {
  const hour = new Date(ms + CHINA_OFFSET_MS).getUTCHours();
  return hour >= DAYTIME_START_HOUR && hour < DAYTIME_END_HOUR;
}
