/**
 * Counting rate limits (限流) in the store: one `rate_counters` document per rule, caller and
 * window, by id, incremented in a transaction, so the same limits hold on SQLite and on
 * CloudBase, where every call may run in another instance. The limits themselves are data,
 * in runtime/limits.rules.ts.
 */
import { createHash } from 'node:crypto';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { RATE_COUNTERS } from '../store/collections';
import { runTransaction } from '../store/store.raw';
import type { AppContext } from './context';
import type { LimitWindow } from './limits.rules';
import { HOUR, MINUTE, RATE_LIMITED_MESSAGE } from './limits.rules';
import { counterWriter } from './runtime.collections';

export type { LimitWindow, Limits } from './limits.rules';
export {
  DEFAULT_LIMITS,
  RATE_LIMITED_MESSAGE,
  actionLimit,
  limitsFromEnv,
  limitsSchema,
  mergeLimits,
} from './limits.rules';

/** The Chinese words for a window ("1 小时", "10 分钟"). */
function windowWords(seconds: number): string {
  if (seconds % HOUR === 0) return `${seconds / HOUR} 小时`;
  if (seconds % MINUTE === 0) return `${seconds / MINUTE} 分钟`;
  return `${seconds} 秒`;
}

/**
 * Counts one call of `rule` by `callerKey` in the current window and answers RATE_LIMITED
 * once the window is full. One document per rule, caller and window; its id carries a hash
 * of the caller, never an address or an account id in the clear.
 */
export async function spendLimit(
  ctx: AppContext,
  rule: string,
  callerKey: string,
  limit: LimitWindow,
): Promise<Result<void>> {
  const nowMs = ctx.clock.nowMs();
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = Math.floor(nowMs / windowMs) * windowMs;
  const who = createHash('sha256').update(callerKey).digest('hex').slice(0, 32);
  const id = `${rule}:${who}:${windowStart}`;
  const counted = await runTransaction<void>(ctx.store, async (tx) => {
    const counter = await RATE_COUNTERS.get(tx, id);
    if (counter === null) {
      const expiresAt = new Date(windowStart + windowMs).toISOString();
      const stored = await counterWriter.insert(tx, { _id: id, rule, count: 1, expiresAt });
      return stored.ok ? ok(undefined) : err(stored.error);
    }
    if (counter.count >= limit.max) {
      const message = `${RATE_LIMITED_MESSAGE}（每 ${windowWords(limit.windowSeconds)}最多 ${limit.max} 次）`;
      return err(appError('RATE_LIMITED', message, { reason: 'rate_limited' }));
    }
    const bumped = await counterWriter.update(
      tx,
      id,
      { count: counter.count + 1 },
      { ifVersion: counter._version },
    );
    return bumped.ok ? ok(undefined) : err(bumped.error);
  });
  return counted;
}

/** Deletes counters whose window is over (a page at a time); answers how many went. */
export async function purgeExpiredCounters(ctx: AppContext): Promise<number> {
  const page = await RATE_COUNTERS.query(ctx.store, {
    where: { expiresAt: { lte: new Date(ctx.clock.nowMs()).toISOString() } },
    orderBy: { path: 'expiresAt', order: 'asc' },
    limit: 500,
  });
  let purged = 0;
  for (const c of page.docs) if ((await counterWriter.remove(ctx.store, c._id)).ok) purged += 1;
  return purged;
}
