/**
 * Integration harness: the real functions on the embedded runtime, in memory, with a clock
 * that only moves when a test moves it. `call` goes through `dispatch` exactly as the local
 * host and CloudBase do.
 *
 * With HARNESS_TRANSPORT=http (`npm run test:http`, part of `npm test`), every call of a
 * registered function instead goes over HTTP through the local host — `POST /api/fn/<name>`
 * with the caller's signed session cookie — and the reply is checked against the envelope's
 * HTTP status mapping, so the whole integration suite also proves the host path.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import type { FunctionDef } from '../../functions/runtime/action';
import type { AccountDoc, Identity } from '../../functions/runtime/caller';
import { dispatch } from '../../functions/runtime/dispatch';
import type { EmbeddedRuntime } from '../../functions/adapters/select';
import { createEmbeddedRuntime, silentLogger } from '../../functions/adapters/select';
import { ManualClock } from '../../functions/adapters/local/clock';
import { HTTP_STATUS } from '../../shared/kernel/errors';
import { FUNCTIONS } from '../../functions/registry';
import type { HostServer } from '../../functions/host/server';
import { createHostServer } from '../../functions/host/server';
import type { SessionDoc } from '../../functions/host/sessions';
import { SESSION_COOKIE, sessionIdOf } from '../../functions/host/sessions';
import { ACCOUNTS } from '../../functions/store/collections';
import type { LimitWindow, Limits } from '../../functions/runtime/limits';
import { DEFAULT_LIMITS } from '../../functions/runtime/limits';

/** DEFAULT_LIMITS with every window opened wide (same rules, a million calls each). */
const wide = (w: LimitWindow): LimitWindow => ({ ...w, max: 1_000_000 });
const UNLIMITED: Limits = {
  actions: Object.fromEntries(
    Object.entries(DEFAULT_LIMITS.actions).map(([rule, w]) => [rule, wide(w)]),
  ),
  uploads: {
    ...DEFAULT_LIMITS.uploads,
    perAccount: wide(DEFAULT_LIMITS.uploads.perAccount),
    unattachedMax: 10_000,
  },
  http: { perIp: wide(DEFAULT_LIMITS.http.perIp) },
  login: {
    perPhoneAndIp: wide(DEFAULT_LIMITS.login.perPhoneAndIp),
    perIp: wide(DEFAULT_LIMITS.login.perIp),
    perPhone: wide(DEFAULT_LIMITS.login.perPhone),
  },
};

const consoleLogger = {
  info: (obj: object, msg?: string) => console.info(msg, JSON.stringify(obj)),
  warn: (obj: object, msg?: string) => console.warn(msg, JSON.stringify(obj)),
  error: (obj: object, msg?: string) => console.error(msg, JSON.stringify(obj)),
};

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
  // HARNESS_LOG=1 prints what the functions log (errors included), for debugging a test.
  const log = process.env.HARNESS_LOG ? consoleLogger : silentLogger;
  const runtime = createEmbeddedRuntime({
    dataDir: ':memory:',
    clock,
    log,
    // The suites run on a manual clock (every call in one window) and, over HTTP, from one
    // address: the limits are proven in test/host/limits-hold-and-lock-out-no-owner.test.ts
    // with the defaults a town gets, and are not tripped by the scenarios here.
    limits: UNLIMITED,
  });
  const overHttp = process.env.HARNESS_TRANSPORT === 'http' ? createHttpTransport(runtime) : null;
  const call = <T>(fn: FunctionDef, action: string, data: unknown, options: CallOptions) => {
    const envelope = {
      action,
      data,
      ...(options.requestId ? { requestId: options.requestId } : {}),
    };
    if (overHttp !== null && FUNCTIONS.includes(fn)) {
      return overHttp.call(fn.name, envelope, options.as?._id ?? null) as Promise<CallReply<T>>;
    }
    const identity: Identity =
      options.as === null ? { kind: 'anonymous' } : { kind: 'account', accountId: options.as._id };
    return dispatch(runtime.ctx, fn, envelope, identity) as Promise<CallReply<T>>;
  };
  return {
    ...runtime,
    close: async () => {
      await overHttp?.close();
      await runtime.close();
    },
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

const HARNESS_COOKIE_SECRET = 'harness-cookie-secret-of-at-least-32-characters';

/**
 * Calls over HTTP through the local host (no port: fastify's inject). Each account gets a
 * session on first use, stored exactly as a password sign-in stores it.
 */
function createHttpTransport(runtime: EmbeddedRuntime) {
  let host: HostServer | null = null;
  const cookies = new Map<string, string>();
  const hostOf = (): HostServer => {
    host ??= createHostServer({
      runtime,
      functions: FUNCTIONS,
      dataDir: '/nonexistent-harness-data',
      h5Dir: '/nonexistent-harness-h5',
      cookieSecret: HARNESS_COOKIE_SECRET,
    });
    return host;
  };
  const cookieFor = async (accountId: string): Promise<string> => {
    const known = cookies.get(accountId);
    if (known !== undefined) return known;
    const token = `harness-${accountId}`;
    const account = await ACCOUNTS.get(runtime.store, accountId);
    const session: SessionDoc = {
      accountId,
      townId: account?.townId ?? 'unknown',
      createdAt: runtime.ctx.clock.nowIso(),
      expiresAt: '9999-12-31T23:59:59.999+08:00',
    };
    await runtime.store.insert('sessions', { _id: sessionIdOf(token), ...session });
    const { app } = hostOf();
    await app.ready(); // plugins (the cookie signer) load on ready
    const cookie = `${SESSION_COOKIE}=${app.signCookie(token)}`;
    cookies.set(accountId, cookie);
    return cookie;
  };
  return {
    async call(name: string, envelope: object, accountId: string | null): Promise<CallReply> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (accountId !== null) headers.cookie = await cookieFor(accountId);
      // The host takes registration only on its own route, where a password is set.
      const env = envelope as { action?: unknown; data?: unknown; requestId?: unknown };
      const registering = name === 'account' && env.action === 'register';
      const response = await hostOf().app.inject({
        method: 'POST',
        url: registering ? '/api/auth/register' : `/api/fn/${name}`,
        headers,
        payload: JSON.stringify(
          registering
            ? {
                ...(env.data as object),
                password: 'harness-password',
                ...(env.requestId === undefined ? {} : { requestId: env.requestId }),
              }
            : envelope,
        ),
      });
      const reply = response.json() as CallReply;
      const expected = reply.ok ? 200 : HTTP_STATUS[reply.error.code];
      if (response.statusCode !== expected) {
        throw new Error(
          `HTTP ${response.statusCode} for ${reply.ok ? 'ok' : reply.error.code} (expected ${expected})`,
        );
      }
      return reply;
    },
    async close(): Promise<void> {
      // The host's stop() would close the store too; the harness closes it itself.
      if (host !== null) await host.app.close();
    },
  };
}
