/**
 * Rate limits (限流) as data: how many calls one caller may make of each action in a window,
 * how many photos one account may upload, and (read by the local host only) how many HTTP
 * requests one address may send and how sign-in attempts are throttled. DEFAULT_LIMITS is
 * what a town gets; `HEHE_LIMITS` (JSON, the same shape, any part of it) changes it without a
 * code change, on the local host and in every CloudBase function alike (README "Security").
 *
 * This file is the data alone (no Node APIs: the mini-program's types reach it through the
 * context); counting is in runtime/limits.ts. Counting is in the store (`rate_counters`, one document per rule, caller and window, by id,
 * incremented in a transaction), so the same limits hold on SQLite and on CloudBase, where
 * every call may run in another instance. Who "one caller" is: the signed-in account, else the
 * WeChat user (hashed OPENID), else the client address the local host saw; a caller with
 * none of these (a timer, an in-process call) is not limited.
 */
import { z } from 'zod';

const windowSchema = z.strictObject({
  max: z.number().int().min(1).max(1_000_000),
  windowSeconds: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600),
});
export type LimitWindow = z.infer<typeof windowSchema>;

export const limitsSchema = z.strictObject({
  /** Per caller, per action (`fn.action`); `*` is every action without a rule of its own. */
  actions: z.record(z.string().min(1), windowSchema),
  uploads: z.strictObject({
    /** Photos one account may upload in the window. */
    perAccount: windowSchema,
    /** Photos uploaded and not yet attached to anything, per account, at any time. */
    unattachedMax: z.number().int().min(1).max(10_000),
    /** An upload never attached is deleted after this many hours. */
    unattachedTtlHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30),
  }),
  /** The local host: requests per client address on every route. */
  http: z.strictObject({ perIp: windowSchema }),
  /** The local host's password sign-in (functions/host/auth.routes.ts). */
  login: z.strictObject({
    /** Wrong attempts for one phone from one address: a stranger locks out only themselves. */
    perPhoneAndIp: windowSchema,
    /** Attempts from one address, whatever the phone (a family behind one router shares it). */
    perIp: windowSchema,
    /**
     * Attempts for one phone from everywhere: past it, only a device that signed in to that
     * account before (its signed device cookie) still gets through.
     */
    perPhone: windowSchema,
  }),
});
export type Limits = z.infer<typeof limitsSchema>;

export const MINUTE = 60;
export const HOUR = 3600;

/** What a town gets unless it says otherwise. */
export const DEFAULT_LIMITS: Limits = {
  actions: {
    '*': { max: 600, windowSeconds: MINUTE },
    // Codes and ids that are guessed: a few tries an hour is plenty for a person.
    'account.bindStaff': { max: 10, windowSeconds: HOUR },
    'account.register': { max: 10, windowSeconds: HOUR },
    'clue.track': { max: 30, windowSeconds: 10 * MINUTE },
    'clue.supplement': { max: 10, windowSeconds: 10 * MINUTE },
    'clue.submit': { max: 20, windowSeconds: HOUR },
    'account.preparePhotoUpload': { max: 30, windowSeconds: HOUR },
  },
  uploads: {
    perAccount: { max: 30, windowSeconds: HOUR },
    unattachedMax: 20,
    unattachedTtlHours: 24,
  },
  http: { perIp: { max: 600, windowSeconds: MINUTE } },
  login: {
    perPhoneAndIp: { max: 5, windowSeconds: 15 * MINUTE },
    perIp: { max: 30, windowSeconds: 15 * MINUTE },
    perPhone: { max: 20, windowSeconds: 15 * MINUTE },
  },
};

/** DEFAULT_LIMITS with `override` laid over it (deeply); throws naming what is wrong. */
export function mergeLimits(override: unknown): Limits {
  if (override === undefined || override === null) return DEFAULT_LIMITS;
  const o = override as Partial<Record<keyof Limits, Record<string, unknown>>>;
  const merged = {
    actions: { ...DEFAULT_LIMITS.actions, ...(o.actions ?? {}) },
    uploads: { ...DEFAULT_LIMITS.uploads, ...(o.uploads ?? {}) },
    http: { ...DEFAULT_LIMITS.http, ...(o.http ?? {}) },
    login: { ...DEFAULT_LIMITS.login, ...(o.login ?? {}) },
  };
  const parsed = limitsSchema.safeParse(merged);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new Error(`HEHE_LIMITS is not valid at ${where}`);
  }
  return parsed.data;
}

/** The limits of this process: DEFAULT_LIMITS, changed by `HEHE_LIMITS` (JSON) when set. */
export function limitsFromEnv(env: Readonly<Record<string, string | undefined>>): Limits {
  const raw = env.HEHE_LIMITS?.trim();
  if (raw === undefined || raw === '') return DEFAULT_LIMITS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(
      'HEHE_LIMITS must be JSON, e.g. {"actions":{"clue.track":{"max":10,"windowSeconds":600}}}',
    );
  }
  return mergeLimits(parsed);
}

/** The rule for `fn.action`: its own, else `*`. */
export function actionLimit(limits: Limits, fn: string, action: string): LimitWindow | undefined {
  const own = `${fn}.${action}`;
  return Object.hasOwn(limits.actions, own) ? limits.actions[own] : limits.actions['*'];
}

export const RATE_LIMITED_MESSAGE = '操作太频繁了，请稍后再试';
