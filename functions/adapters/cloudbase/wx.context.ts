/**
 * Who is calling a function on CloudBase, from the WeChat call context (`cloud.getWXContext()`):
 * the platform injects it into the environment of each invocation, so an OPENID is trusted —
 * unlike anything in `event`, which the caller writes.
 *
 * `readWxContext` reads it exactly as wx-server-sdk 4.0.2's `getWXContext` does (only the keys
 * WX_CONTEXT_KEYS lists for this invocation, `WX_` stripped, numbers parsed, the API tokens
 * left out; `TCB_SOURCE` wins for SOURCE), without loading the SDK: identity is needed by
 * every call, the SDK (protobuf, a second copy of node-sdk's plumbing) only by the open-API
 * calls. test/cloudbase/wx-context.test.ts holds the two side by side.
 */
import type { Identity } from '../../runtime/caller';

export type Env = Readonly<Record<string, string | undefined>>;

/** The fields of `cloud.getWXContext()` this product reads (it has a few more). */
export interface WxContext {
  readonly OPENID?: string | number;
  readonly APPID?: string | number;
  readonly UNIONID?: string | number;
  /** What triggered this run: `wx_client`, `wx_trigger` (timer), `wx_client,scf` … */
  readonly SOURCE?: string | number;
  readonly ENV?: string;
  readonly [key: string]: unknown;
}

/** The environment id the platform names (wx-server-sdk reads the same variables). */
export function envIdOf(env: Env): string | null {
  return env.TCB_ENV || env.SCF_NAMESPACE || null;
}

const WX_PREFIX = 'WX_';
const KEYS_LEFT_OUT = ['API_TOKEN', 'TRIGGER_API_TOKEN_V0'];

function leftOut(key: string): boolean {
  return KEYS_LEFT_OUT.some((k) => k === key || WX_PREFIX + k === key);
}

/**
 * The WeChat context of the current invocation, from the environment the platform set (give
 * it `invocationEnv(env, context)` to read the call's own variables first).
 */
export function readWxContext(env: Env): WxContext {
  const keys = env.WX_CONTEXT_KEYS;
  if (!keys) return {};
  const out: Record<string, unknown> = {};
  for (const key of keys.split(',')) {
    if (!key || leftOut(key)) continue;
    const raw = env[key];
    if (raw === undefined) continue;
    const value: string | number = /^[-]?\d+$/.test(raw) ? parseInt(raw, 10) : raw;
    if (key.startsWith(WX_PREFIX) && key.length > WX_PREFIX.length) {
      out[key.slice(WX_PREFIX.length)] = value;
    } else {
      out[key] = value;
    }
  }
  out.ENV = envIdOf(env) ?? undefined;
  if (env.TCB_SOURCE) out.SOURCE = env.TCB_SOURCE;
  return out as WxContext;
}

/**
 * The environment of one invocation. SCF hands each call a `context` whose `environment` (a
 * JSON string) holds that call's variables, WX_OPENID among them; with instance concurrency
 * several calls share one process, so `process.env` may hold another call's. When the context
 * has them, the call's WeChat values (WX_OPENID and the other WX_* values) come from it
 * alone — a value it lacks is absent, never filled in from another call — and the rest of the
 * process environment (the key list, TCB_SOURCE, TCB_ENV, configuration) stays unless the
 * context has its own. Without a readable `environment` the process environment is
 * the call's own (one call per instance), as wx-server-sdk 4.0.2 assumes.
 */
export function invocationEnv(env: Env, platformContext: unknown): Env {
  if (typeof platformContext !== 'object' || platformContext === null) return env;
  const raw = (platformContext as { environment?: unknown }).environment;
  if (typeof raw !== 'string' || raw === '') return env;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return env;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return env;
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!isCallValue(key)) out[key] = value;
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}

/**
 * Variables whose values belong to one call (the OPENID and the rest of WX_*). The list of
 * their names (WX_CONTEXT_KEYS) and what started the run (TCB_SOURCE) say who nobody is, so
 * they may come from the process when the context lacks them, as node-sdk reads them.
 */
function isCallValue(key: string): boolean {
  return key.startsWith(WX_PREFIX) && key !== 'WX_CONTEXT_KEYS';
}

/** SOURCE of a run started by the function's own timer trigger (定时触发器). */
export const TIMER_SOURCE = 'wx_trigger';

/** What one invocation is: the timer trigger, or a call by someone. */
export type Invocation =
  | { readonly kind: 'timer' }
  | { readonly kind: 'call'; readonly identity: Identity; readonly openid: string | null };

/**
 * Maps the WeChat context to an invocation. Only SOURCE exactly `wx_trigger` is the timer (a
 * chain such as `wx_trigger,scf` is another function calling on the timer's behalf, which this
 * product never does). A call with an OPENID is that WeChat user; anything else (HTTP API,
 * console test) is anonymous.
 */
export function invocationOf(wx: WxContext): Invocation {
  if (wx.SOURCE === TIMER_SOURCE) return { kind: 'timer' };
  const openid = typeof wx.OPENID === 'string' && wx.OPENID.length > 0 ? wx.OPENID : null;
  return openid === null
    ? { kind: 'call', identity: { kind: 'anonymous' }, openid: null }
    : { kind: 'call', identity: { kind: 'wechat', openid }, openid };
}
