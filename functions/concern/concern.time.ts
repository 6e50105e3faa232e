/**
 * Ordering the events of one step. A step that records two transitions in one transaction
 * (submitted → assigned, satisfied → archived) would give both the same instant, and events
 * of one instant come back in no particular order; the second is stamped a millisecond later
 * so every timeline reads in the order things happened.
 */

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** `iso` moved by `ms` milliseconds, written with the +08:00 offset like the clock writes it. */
export function instantAfter(iso: string, ms = 1): string {
  const shifted = Date.parse(iso) + ms + CHINA_OFFSET_MS;
  return new Date(shifted).toISOString().replace('Z', '+08:00');
}
