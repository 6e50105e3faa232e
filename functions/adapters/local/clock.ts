/** Clocks: the real one, and a settable one for tests and the demo's time travel. */
import { chinaIso } from '../../../shared/calendar/china-time';
import type { Clock } from '../../runtime/ports';

export const systemClock: Clock = {
  nowMs: () => Date.now(),
  nowIso: () => chinaIso(Date.now()),
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
    return chinaIso(this.ms);
  }
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.ms += ms;
  }
  set(instant: string): void {
    this.ms = Date.parse(instant);
  }
}
