/**
 * An in-memory sliding-window limiter (限流) for login and registration attempts, per phone
 * number and per IP address. One host process serves a town, so memory is the right place:
 * a restart forgets the counts, which costs an attacker nothing they could not get by waiting.
 */
import type { Clock } from '../runtime/ports';

export interface LimitRule {
  readonly max: number;
  readonly windowMs: number;
}

/** Keys beyond this many trigger a sweep of the stale ones, so memory stays bounded. */
const SWEEP_AT_KEYS = 10_000;

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly rule: LimitRule,
    private readonly clock: Clock,
  ) {}

  /** Records an attempt for `key`; false when the key has used up its window already. */
  tryHit(key: string): boolean {
    const now = this.clock.nowMs();
    const recent = this.recent(key, now);
    if (recent.length >= this.rule.max) return false;
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > SWEEP_AT_KEYS) this.sweep(now);
    return true;
  }

  /** Whether `key` has attempts left, without recording one. */
  allows(key: string): boolean {
    return this.recent(key, this.clock.nowMs()).length < this.rule.max;
  }

  /** Forgets a key (after a successful login, its phone starts afresh). */
  reset(key: string): void {
    this.hits.delete(key);
  }

  /** How many keys are tracked (for tests of the sweep). */
  get size(): number {
    return this.hits.size;
  }

  private recent(key: string, now: number): number[] {
    const since = now - this.rule.windowMs;
    return (this.hits.get(key) ?? []).filter((t) => t > since);
  }

  private sweep(now: number): void {
    const since = now - this.rule.windowMs;
    for (const [key, times] of this.hits) {
      if (times.every((t) => t <= since)) this.hits.delete(key);
    }
  }
}
