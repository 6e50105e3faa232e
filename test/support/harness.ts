/**
 * Integration harness: the real functions on the embedded runtime, in memory, with a clock
 * that only moves when a test moves it. `call` goes through `dispatch` exactly as the local
 * host and CloudBase do, so what passes here passes the envelope there.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import type { FunctionDef } from '../../functions/runtime/action';
import type { AccountDoc, Identity } from '../../functions/runtime/caller';
import { dispatch } from '../../functions/runtime/dispatch';
import type { EmbeddedRuntime } from '../../functions/adapters/select';
import { createEmbeddedRuntime, silentLogger } from '../../functions/adapters/select';
import { ManualClock } from '../../functions/adapters/local/clock';

/** A Monday in an ordinary working week (no holiday near), 09:00 in China. */
export const DEFAULT_TEST_START = '2025-11-17T09:00:00+08:00';

export interface CallOptions {
  /** The signed-in account, or null for an anonymous caller. */
  readonly as: Pick<AccountDoc, '_id'> | null;
  readonly requestId?: string;
}

export interface Harness extends EmbeddedRuntime {
  readonly clock: ManualClock;
  /** Calls `action` of `fn` as `as`; answers the envelope reply. */
  call<T = unknown>(
    fn: FunctionDef,
    action: string,
    data: unknown,
    options: CallOptions,
  ): Promise<CallReply<T>>;
  /** Runs `action` of `fn` as the timer of `townId`. */
  runTimer<T = unknown>(
    fn: FunctionDef,
    action: string,
    townId: string,
    data?: unknown,
  ): Promise<CallReply<T>>;
  /** Like `call`, but fails the test unless the reply is ok; answers its data. */
  ok<T = unknown>(fn: FunctionDef, action: string, data: unknown, options: CallOptions): Promise<T>;
}

/** Builds a fresh in-memory runtime. Close it in afterEach/afterAll. */
export function createHarness(start: string = DEFAULT_TEST_START): Harness {
  const clock = new ManualClock(start);
  const runtime = createEmbeddedRuntime({ dataDir: ':memory:', clock, log: silentLogger });
  const call = <T>(fn: FunctionDef, action: string, data: unknown, options: CallOptions) => {
    const identity: Identity =
      options.as === null ? { kind: 'anonymous' } : { kind: 'account', accountId: options.as._id };
    const envelope = {
      action,
      data,
      ...(options.requestId ? { requestId: options.requestId } : {}),
    };
    return dispatch(runtime.ctx, fn, envelope, identity) as Promise<CallReply<T>>;
  };
  return {
    ...runtime,
    clock,
    call,
    runTimer: <T>(fn: FunctionDef, action: string, townId: string, data: unknown = {}) =>
      dispatch(runtime.ctx, fn, { action, data }, { kind: 'timer', townId }) as Promise<
        CallReply<T>
      >,
    async ok<T>(fn: FunctionDef, action: string, data: unknown, options: CallOptions): Promise<T> {
      const reply = await call<T>(fn, action, data, options);
      if (!reply.ok) {
        throw new Error(`${fn.name}.${action} failed: ${JSON.stringify(reply.error)}`);
      }
      return reply.data;
    },
  };
}
