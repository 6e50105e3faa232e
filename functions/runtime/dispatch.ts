/**
 * The one path every call takes, on the local host and on CloudBase alike: parse the
 * envelope, resolve the caller, check access, validate the input with the shared schema,
 * answer a retried request from its first result, run the use case, and map its Result to
 * the envelope. Nothing thrown escapes as a stack trace: it is logged and answered INTERNAL.
 */
import { StorageUnavailableError, storageError } from '../store/store.errors';
import { createHash } from 'node:crypto';
import type { CallReply } from '../../shared/kernel/envelope';
import { callRequestSchema, replyError, replyOk } from '../../shared/kernel/envelope';
import type { AppError } from '../../shared/kernel/errors';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import { parseInput } from '../../shared/validation/parse';
import type { Tx } from '../store/store.port';
import { runTransaction } from '../store/store.raw';
import type { Access, ActionCall, FunctionDef } from './action';
import type { Caller, Identity } from './caller';
import { resolveCaller } from './caller';
import type { AppContext } from './context';
import { DUPLICATE_REQUEST, firstReply, idempotencyKey, keepFirstReply } from './idempotency';
import { actionLimit, spendLimit } from './limits';

/**
 * Whose requestId this is. A WeChat caller: their OPENID (hashed, so ids never carry it),
 * with or without an account, so a retry of `register` whose reply was lost still finds the
 * first reply after the OPENID got bound; and two WeChat users can never read each other's
 * first reply by reusing a requestId. Otherwise the account, else nobody (null): the key is
 * then bound to the input itself (runtime/idempotency.ts `idempotencyKey`).
 */
function idempotencyOwner(accountId: string | undefined, identity: Identity): string | null {
  if (identity.kind === 'wechat') {
    return `wx_${createHash('sha256').update(identity.openid).digest('hex').slice(0, 32)}`;
  }
  return accountId ?? null;
}

/** What a transport adds to one call. */
export interface DispatchOptions {
  /**
   * Runs inside the transaction that stores a fresh first result, after the use case's own
   * writes (the local host stores a registration's password there, so an account never
   * exists without it). It never runs for a reply answered from a stored first result.
   */
  readonly alsoInTransaction?: (tx: Tx, value: unknown) => Promise<Result<void>>;
  /**
   * Who an anonymous caller is for rate limits, as the transport sees them (the local host:
   * `ip:<address>`). A signed-in or WeChat caller is counted by account or OPENID instead.
   */
  readonly clientKey?: string;
}

/** Whom a call counts against (runtime/limits.ts), or null for a caller nobody can name. */
function limitKey(
  accountId: string | undefined,
  identity: Identity,
  clientKey: string | undefined,
): string | null {
  if (identity.kind === 'timer') return null;
  if (accountId !== undefined) return `acc:${accountId}`;
  if (identity.kind === 'wechat') return `wx:${identity.openid}`;
  return clientKey ?? null;
}

/** Handles one call envelope for function `def`. */
export async function dispatch(
  ctx: AppContext,
  def: FunctionDef,
  event: unknown,
  identity: Identity,
  options: DispatchOptions = {},
): Promise<CallReply> {
  try {
    const request = parseInput(callRequestSchema, event);
    if (!request.ok) return replyError(request.error);
    const { action: actionName, data, requestId } = request.value;
    const action = Object.hasOwn(def.actions, actionName) ? def.actions[actionName] : undefined;
    if (action === undefined) {
      return replyError(
        appError('VALIDATION_FAILED', '没有这个操作', {
          fields: [{ field: 'action', message: `「${def.name}」没有「${actionName}」这个操作` }],
        }),
      );
    }
    const caller = await resolveCaller(ctx, identity);
    const denied = checkAccess(action.access, caller, identity);
    if (denied !== null) return replyError(denied);
    const who = limitKey(caller.account?._id, identity, options.clientKey);
    const limit = actionLimit(ctx.limits, def.name, actionName);
    if (who !== null && limit !== undefined) {
      const spent = await spendLimit(ctx, `${def.name}.${actionName}`, who, limit);
      if (!spent.ok) return replyError(spent.error);
    }

    const input = parseInput(action.input, data ?? {});
    if (!input.ok) return replyError(input.error);

    const key =
      action.idempotent === true && requestId !== undefined
        ? idempotencyKey(
            def.name,
            actionName,
            idempotencyOwner(caller.account?._id, identity),
            requestId,
            input.value,
          )
        : undefined;
    if (key !== undefined) {
      const first = await firstReply(ctx, key);
      if (first !== null) return replyOk(first.reply);
    }

    const call: ActionCall<never> = {
      input: input.value as never,
      caller,
      requestId,
      transact: (townId, fn) => transact(ctx, townId, key, fn, options.alsoInTransaction),
    };
    const result = await action.run(ctx, call);
    if (!result.ok) {
      if (result.error.code === 'INTERNAL') {
        ctx.log.error({ fn: def.name, action: actionName, error: result.error }, 'use case failed');
      }
      return replyError(result.error);
    }
    return replyOk(result.value);
  } catch (thrown) {
    if (thrown instanceof StorageUnavailableError) {
      ctx.log.error(
        { fn: def.name, problem: thrown.problem, err: thrown.message },
        'storage unavailable',
      );
      return replyError(storageError(thrown.problem));
    }
    ctx.log.error(
      {
        fn: def.name,
        err: thrown instanceof Error ? { message: thrown.message, stack: thrown.stack } : thrown,
      },
      'unhandled error',
    );
    return replyError(appError('INTERNAL'));
  }
}

function checkAccess(access: Access, caller: Caller, identity: Identity): AppError | null {
  if (access === 'public') return null;
  if (access === 'timer') {
    return identity.kind === 'timer' ? null : appError('FORBIDDEN', '这个操作只能由系统定时执行');
  }
  if (caller.account === null || caller.actor === null) return appError('UNAUTHENTICATED');
  if (access === 'account') return null;
  return caller.actor.roles.some((role) => access.includes(role)) ? null : appError('FORBIDDEN');
}

/**
 * One store transaction; with an idempotency key, the result is stored in the same
 * transaction, so a concurrent retry either sees it or conflicts on the key and then reads it.
 */
async function transact<T>(
  ctx: AppContext,
  townId: string,
  key: string | undefined,
  fn: (tx: Tx) => Promise<Result<T>>,
  also?: (tx: Tx, value: unknown) => Promise<Result<void>>,
): Promise<Result<T>> {
  const result = await runTransaction<T>(ctx.store, async (tx) => {
    const value = await fn(tx);
    if (!value.ok) return value;
    if (also !== undefined) {
      const added = await also(tx, value.value);
      if (!added.ok) return added;
    }
    if (key === undefined) return value;
    const kept = await keepFirstReply(ctx, tx, key, townId, value.value);
    if (!kept.ok) return kept;
    return value;
  });
  if (!result.ok && key !== undefined && result.error.details?.reason === DUPLICATE_REQUEST) {
    const first = await firstReply(ctx, key);
    if (first !== null) return ok(first.reply as T);
  }
  return result;
}
