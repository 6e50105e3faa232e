/**
 * First results of requests (幂等记录): a `requestId` makes a submission idempotent. The first
 * successful reply is stored in the same transaction as what it wrote, under a key naming the
 * function, the action, whose request it is and the requestId; a retry is answered with it,
 * and a concurrent retry conflicts on the key (reason `duplicate-request`) and then reads it.
 * Dispatch does this for every idempotent action; a use case that must choose the key itself
 * (an anonymous clue keeps none that names its reporter) uses the same two steps.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { IDEMPOTENCY } from '../store/collections';
import type { Tx } from '../store/store.port';
import type { AppContext } from './context';
import { idempotencyWriter } from './runtime.collections';

/** How long a stored first result answers retries. */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 3600 * 1000;

/** The reason of the CONFLICT a concurrent retry meets on the key. */
export const DUPLICATE_REQUEST = 'duplicate-request';

/** The first reply stored under `key`, or undefined when there is none. */
export async function firstReply(ctx: AppContext, key: string): Promise<{ reply: unknown } | null> {
  const first = await IDEMPOTENCY.get(ctx.store, key);
  return first === null ? null : { reply: first.reply };
}

/** Stores the first reply under `key`, inside the request's transaction. */
export async function keepFirstReply(
  ctx: AppContext,
  tx: Tx,
  key: string,
  townId: string,
  reply: unknown,
): Promise<Result<void>> {
  const now = ctx.clock.nowMs();
  const stored = await idempotencyWriter.insert(tx, {
    _id: key,
    townId,
    reply,
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + IDEMPOTENCY_TTL_MS).toISOString(),
  });
  return stored.ok
    ? ok(undefined)
    : err(appError('CONFLICT', undefined, { reason: DUPLICATE_REQUEST }));
}
