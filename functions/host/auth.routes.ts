/**
 * Signing in and out on the local host (本地主机登录): phone + password, a signed session
 * cookie, registration with a password for the H5 page, and changing a password. A wrong
 * phone and a wrong password read the same.
 *
 * Attempts are limited so that a stranger cannot lock the owner out: per phone AND address
 * (a stranger's wrong guesses use up only their own address's tries), per address (whatever
 * the phone), and per phone from everywhere (a spread-out attack) — past that last one, a
 * device that signed in to the account before (its signed `hehe_dev` cookie) still gets in.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { appError } from '../../shared/kernel/errors';
import { err } from '../../shared/kernel/result';
import { parseInput } from '../../shared/validation/parse';
import { mobilePhoneSchema } from '../../shared/validation/primitives';
import type { FunctionDef } from '../runtime/action';
import { resolveCaller } from '../runtime/caller';
import type { AppContext } from '../runtime/context';
import { accountByPhone, phoneTaken } from '../account/account.api';
import { dispatch } from '../runtime/dispatch';
import { HOST_MESSAGES, sendEnvelope, sendError, sendOk } from './host.replies';
import {
  MAX_PASSWORD_LENGTH,
  checkNewPassword,
  hashPassword,
  insertFirstCredential,
  setPassword,
  spendDecoyCheck,
  verifyPassword,
} from './passwords';
import type { SlidingWindowLimiter } from './rate-limit';
import type { SessionManager } from './sessions';
import { ACCOUNTS, ACCOUNT_KEYS, CREDENTIALS } from '../store/collections';

export interface AuthDeps {
  readonly ctx: AppContext;
  readonly sessions: SessionManager;
  readonly functions: ReadonlyMap<string, FunctionDef>;
  /** Attempts per phone number and client address together. */
  readonly perPhoneAndIp: SlidingWindowLimiter;
  /** Attempts per client IP address (and registrations per address). */
  readonly perIp: SlidingWindowLimiter;
  /** Attempts per phone from everywhere (and per account for password changes). */
  readonly perPhone: SlidingWindowLimiter;
}

export const loginSchema = z.strictObject({
  phone: mobilePhoneSchema,
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH).meta({ label: '密码' }),
});

export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().max(MAX_PASSWORD_LENGTH).meta({ label: '原来的密码' }).optional(),
  password: z.string(),
});

const tooMany = () => appError('RATE_LIMITED', HOST_MESSAGES.tooManyLogins);

/** The signed cookie of a device that signed in to an account before: its value is the account. */
export const DEVICE_COOKIE = 'hehe_dev';
const DEVICE_TTL_SECONDS = 365 * 24 * 3600;
const wrongLogin = () => appError('UNAUTHENTICATED', HOST_MESSAGES.wrongLogin);

/** The account a login phone belongs to, from `account_keys` (`phone:<n>`). */
async function accountIdByPhone(ctx: AppContext, phone: string): Promise<string | null> {
  const key = await ACCOUNT_KEYS.get(ctx.store, `phone:${phone}`);
  return key?.accountId ?? null;
}

/** Registers /api/auth/login, /logout, /register and /password. */
export function registerAuthRoutes(app: FastifyInstance, deps: AuthDeps): void {
  const { ctx, sessions } = deps;

  /** The account a validly signed device cookie names, or null. */
  const deviceAccountOf = (request: FastifyRequest): string | null => {
    const raw = request.cookies[DEVICE_COOKIE];
    if (raw === undefined) return null;
    const unsigned = request.unsignCookie(raw);
    return unsigned.valid ? unsigned.value : null;
  };

  app.post('/api/auth/login', async (request, reply) => {
    const input = parseInput(loginSchema, request.body ?? {});
    if (!input.ok) return sendError(reply, input.error);
    const { phone, password } = input.value;
    const pair = `${phone}|${request.ip}`;
    const pairOk = deps.perPhoneAndIp.tryHit(pair);
    const ipOk = deps.perIp.tryHit(`ip:${request.ip}`);
    if (!pairOk || !ipOk) {
      request.log.warn({ ip: request.ip }, 'login rate limited');
      return sendError(reply.header('retry-after', '900'), tooMany());
    }
    const accountId = await accountIdByPhone(ctx, phone);
    const phoneOk = deps.perPhone.tryHit(`phone:${phone}`);
    if (!phoneOk && (accountId === null || deviceAccountOf(request) !== accountId)) {
      request.log.warn({ ip: request.ip }, 'login rate limited for the phone');
      return sendError(reply.header('retry-after', '900'), tooMany());
    }
    const credential = accountId === null ? null : await CREDENTIALS.get(ctx.store, accountId);
    if (credential === null) {
      await spendDecoyCheck(password);
      return sendError(reply, wrongLogin());
    }
    if (!(await verifyPassword(password, credential))) return sendError(reply, wrongLogin());
    const caller = await resolveCaller(ctx, { kind: 'account', accountId: credential._id });
    if (caller.account === null) {
      return sendError(reply, appError('FORBIDDEN', HOST_MESSAGES.disabledAccount));
    }
    deps.perPhoneAndIp.reset(pair);
    const signedIn = await sessions.signIn(reply, caller.account);
    if (!signedIn.ok) return sendError(reply, signedIn.error);
    reply.setCookie(DEVICE_COOKIE, caller.account._id, {
      signed: true,
      httpOnly: true,
      sameSite: 'strict',
      path: '/api/auth',
      secure: sessions.secureCookies,
      maxAge: DEVICE_TTL_SECONDS,
    });
    const { _id, name, roles } = caller.account;
    return sendOk(reply, { accountId: _id, name, roles });
  });

  app.post('/api/auth/logout', async (request, reply) => {
    await sessions.signOut(request, reply);
    return sendOk(reply, {});
  });

  app.post('/api/auth/register', async (request, reply) => {
    const body: unknown = request.body ?? {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendError(
        reply,
        appError('VALIDATION_FAILED', HOST_MESSAGES.badJson, {
          fields: [{ field: 'body', message: HOST_MESSAGES.badJson }],
        }),
      );
    }
    if ((await sessions.sessionOf(request)) !== null) {
      return sendError(
        reply,
        appError('CONFLICT', '您已经登录了，不需要再注册', { reason: 'signed_in' }),
      );
    }
    const { password, requestId, ...data } = body as Record<string, unknown>;
    const phoneGiven = mobilePhoneSchema.safeParse(data.phone);
    const checked = checkNewPassword(password, phoneGiven.success ? phoneGiven.data : undefined);
    if (!checked.ok) return sendError(reply, checked.error);
    if (!deps.perIp.tryHit(`ip:${request.ip}`)) return sendError(reply, appError('RATE_LIMITED'));
    const account = deps.functions.get('account');
    if (account === undefined || !Object.hasOwn(account.actions, 'register')) {
      return sendError(reply, appError('NOT_FOUND', HOST_MESSAGES.registerUnavailable));
    }
    // An invitation code may activate an imported staff account (account.register); one
    // that already has a password is someone's login, and a code must not replace it. The
    // refusal is the one a taken phone always gets: it tells nobody that the phone is staff.
    if (data.invitationCode !== undefined && phoneGiven.success) {
      const { account: holder } = await accountByPhone(ctx, phoneGiven.data);
      if (holder !== null && (await CREDENTIALS.get(ctx.store, holder._id)) !== null) {
        return sendError(reply, phoneTaken());
      }
    }
    const envelope = {
      action: 'register',
      data,
      ...(requestId === undefined ? {} : { requestId }),
    };
    // The password is stored in the registration's own transaction: an account never exists
    // without it, and a reply answered from a stored first result (a replay) stores none.
    const credential = await hashPassword(checked.value, 'pending', ctx.clock.nowIso());
    let fresh = false;
    const registered = await dispatch(
      ctx,
      account,
      envelope,
      { kind: 'anonymous' },
      {
        clientKey: `ip:${request.ip}`,
        alsoInTransaction: async (tx, value) => {
          const named = (value as { accountId?: unknown } | null)?.accountId;
          const holder = typeof named === 'string' ? await ACCOUNTS.get(tx, named) : null;
          if (holder === null) return err(appError('INTERNAL'));
          fresh = true;
          return insertFirstCredential(tx, holder._id, holder.townId, credential);
        },
      },
    );
    if (!registered.ok) return sendEnvelope(reply, registered);

    // The account the reply names: a replayed requestId answers the first registration's
    // account, never whatever account the replayed request's phone belongs to.
    const named = (registered.data as { accountId?: unknown } | null)?.accountId;
    const created = typeof named === 'string' ? await ACCOUNTS.get(ctx.store, named) : null;
    if (created === null) {
      request.log.error({ fn: 'account.register' }, 'registration names no stored account');
      return sendError(reply, appError('INTERNAL'));
    }
    if (!fresh) {
      // A replay (the same requestId and the same input): it signs in only whoever proves
      // the password the first registration stored — the person retrying, never a stranger.
      const stored = await CREDENTIALS.get(ctx.store, created._id);
      if (stored === null || !(await verifyPassword(checked.value, stored))) {
        return sendError(reply, appError('CONFLICT', HOST_MESSAGES.alreadyRegistered));
      }
    }
    const signedIn = await sessions.signIn(reply, created);
    if (!signedIn.ok) return sendError(reply, signedIn.error);
    return sendOk(reply, registered.data);
  });

  app.post('/api/auth/password', async (request, reply) => {
    const session = await sessions.sessionOf(request);
    if (session === null) return sendError(reply, appError('UNAUTHENTICATED'));
    const input = parseInput(changePasswordSchema, request.body ?? {});
    if (!input.ok) return sendError(reply, input.error);
    const { currentPassword, password } = input.value;
    const holder = await ACCOUNTS.get(ctx.store, session.accountId);
    const checked = checkNewPassword(password, holder?.phone);
    if (!checked.ok) return sendError(reply, checked.error);
    if (!deps.perPhone.tryHit(`account:${session.accountId}`))
      return sendError(reply, appError('RATE_LIMITED'));
    const existing = await CREDENTIALS.get(ctx.store, session.accountId);
    if (
      existing !== null &&
      (currentPassword === undefined || !(await verifyPassword(currentPassword, existing)))
    ) {
      return sendError(
        reply,
        appError('VALIDATION_FAILED', HOST_MESSAGES.wrongCurrentPassword, {
          fields: [{ field: 'currentPassword', message: HOST_MESSAGES.wrongCurrentPassword }],
        }),
      );
    }
    const stored = await setPassword(ctx, session.accountId, checked.value);
    if (!stored.ok) return sendError(reply, stored.error);
    // Someone who learnt the old password is signed out everywhere but here.
    await sessions.endOtherSessions(session.accountId, session._id);
    return sendOk(reply, {});
  });
}
