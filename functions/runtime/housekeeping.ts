/**
 * Housekeeping of the call path's own records (维护): first results of requests past their
 * expiry are deleted a bounded batch at a time, so the idempotency collection does not grow
 * for ever. The local host runs it on a timer (host/maintenance.ts).
 */
import { IDEMPOTENCY } from '../store/collections';
import type { AppContext } from './context';
import { idempotencyWriter } from './runtime.collections';

/** Deletes up to `max` idempotency records that expired before now; answers how many. */
export async function purgeExpiredReplies(ctx: AppContext, max = 5000): Promise<number> {
  const now = new Date(ctx.clock.nowMs()).toISOString();
  let purged = 0;
  while (purged < max) {
    const page = await IDEMPOTENCY.queryChecked(ctx.store, {
      where: { expiresAt: { lt: now } },
      orderBy: { path: 'expiresAt', order: 'asc' },
      limit: Math.min(500, max - purged),
    });
    const ids = [...page.docs.map((d) => d._id), ...page.invalid.map((d) => d.id)];
    if (ids.length === 0) break;
    for (const id of ids) {
      const removed = await idempotencyWriter.remove(ctx.store, id);
      if (removed.ok) purged += 1;
    }
    if (page.nextCursor === null) break;
  }
  return purged;
}
