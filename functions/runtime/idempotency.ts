/**
 * First results of requests (幂等记录): a `requestId` makes a submission idempotent. The first
 * successful reply is stored in the same transaction as what it wrote, under a key naming the
 * function, the action, whose request it is and the requestId; a retry is answered with it,
 * and a concurrent retry conflicts on the key (reason `duplicate-request`) and then reads it.
 * Dispatch does this for every idempotent action; a use case that must choose the key itself
 * (an anonymous clue keeps none that names its reporter) uses the same two steps.
 *
 * Whose request it is (`idempotencyKey`): a signed-in caller's account, a WeChat user's
 * hashed OPENID — or, for a caller nobody knows (an anonymous clue, a registration on the
 * local host), no one: there the key is a hash of the requestId AND the whole validated
 * input. A retry sends both unchanged and meets its first reply; anyone else reusing that
 * requestId with anything else gets a key of their own — never another caller's reply (a
 * clue's tracking code, someone's registration). Only whoever already holds the exact input
 * can replay it, and the hash names no person, so an anonymous clue stays unlinkable.
 */
import { createHash } from 'node:crypto';
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

/** JSON with object keys sorted, so one input always hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The idempotency key of a request: `<fn>:<action>:<owner>:<requestId>` for a known owner,
 * `<fn>:<action>:anon:<sha256 of requestId and input>` for a caller nobody knows.
 */
export function idempotencyKey(
  fn: string,
  action: string,
  owner: string | null,
  requestId: string,
  input: unknown,
): string {
  if (owner !== null) return `${fn}:${action}:${owner}:${requestId}`;
  const digest = createHash('sha256')
    .update(requestId)
    .update('\n')
    .update(stableJson(input))
    .digest('hex')
    .slice(0, 48);
  return `${fn}:${action}:anon:${digest}`;
}

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
