/** Clocks: the real one, and a settable one for tests and the demo's time travel. */
import type { Clock } from '../../runtime/ports';

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** Formats an epoch instant as ISO 8601 with the +08:00 offset (China has no DST). */
export function toChinaIso(ms: number): string {
  return new Date(ms + CHINA_OFFSET_MS).toISOString().replace('Z', '+08:00');
}

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  nowIso: () => toChinaIso(Date.now()),
};

/** A clock that stands still until moved; for tests and timers run by hand. */
export class ManualClock implements Clock {
  private ms: number;
  constructor(start: string | number) {
    this.ms = typeof start === 'number' ? start : Date.parse(start);
    if (Number.isNaN(this.ms)) throw new RangeError(`bad start instant: ${String(start)}`);
  }
  nowMs(): number {
    return this.ms;
  }
  nowIso(): string {
    return toChinaIso(this.ms);
  }
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.ms += ms;
  }
  set(instant: string): void {
    this.ms = Date.parse(instant);
  }
}
