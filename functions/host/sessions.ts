/**
 * Sessions (登录状态) of the local host: a random token in an httpOnly signed cookie, and in the
 * `sessions` collection only its SHA-256 — a copied database cannot sign anybody in. The
 * request's Identity (functions/runtime/caller.ts) comes from here.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { chinaIso } from '../../shared/calendar/china-time';
import type { Identity } from '../runtime/caller';
import type { AppContext } from '../runtime/context';
import { queryAll } from '../runtime/paging';
import { SESSIONS } from '../store/collections';
import { sessionWriter } from './host.collections';

export const SESSION_COOKIE = 'hehe_sid';
/** A session lasts 30 days from sign-in. */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export interface SessionDoc {
  readonly accountId: string;
  readonly townId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** The stored id of a token: its SHA-256, hex. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface CookieOptions {
  /** Send the cookie over HTTPS only (behind a TLS-terminating proxy). */
  readonly secure: boolean;
}

export class SessionManager {
  private readonly endedListeners: Array<(sessionId: string) => void> = [];

  constructor(
    private readonly ctx: AppContext,
    private readonly cookie: CookieOptions,
  ) {}

  /** Whether cookies are marked Secure (sent over HTTPS only). */
  get secureCookies(): boolean {
    return this.cookie.secure;
  }

  /** Calls `listener` with the id of every session that ends (the live inbox ends its streams). */
  onEnded(listener: (sessionId: string) => void): void {
    this.endedListeners.push(listener);
  }

  private ended(sessionId: string): void {
    for (const listener of this.endedListeners) listener(sessionId);
  }

  /** Whether session `id` is live (stored and unexpired). */
  async isLive(id: string): Promise<SessionDoc | null> {
    const session = await SESSIONS.get(this.ctx.store, id);
    return session === null || session.expiresAt <= this.ctx.clock.nowIso() ? null : session;
  }

  /** Creates a session for the account and sets its cookie. */
  async signIn(
    reply: FastifyReply,
    account: { _id: string; townId: string },
  ): Promise<Result<void>> {
    const token = randomBytes(32).toString('base64url');
    const stored = await sessionWriter.insert(this.ctx.store, {
      _id: sessionIdOf(token),
      accountId: account._id,
      townId: account.townId,
      createdAt: this.ctx.clock.nowIso(),
      // The clock's own +08:00 format, so expiresAt compares with nowIso() as a string.
      expiresAt: chinaIso(this.ctx.clock.nowMs() + SESSION_TTL_MS),
    });
    if (!stored.ok) return err(stored.error);
    reply.setCookie(SESSION_COOKIE, token, {
      signed: true,
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      secure: this.cookie.secure,
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    return ok(undefined);
  }

  /** The session id of the request's cookie, if it carries a validly signed one. */
  private sessionIdFrom(request: FastifyRequest): string | null {
    const raw = request.cookies[SESSION_COOKIE];
    if (raw === undefined) return null;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || unsigned.value === null) return null;
    return sessionIdOf(unsigned.value);
  }

  /** The live session of the request, or null. */
  async sessionOf(request: FastifyRequest): Promise<(SessionDoc & { _id: string }) | null> {
    const id = this.sessionIdFrom(request);
    if (id === null) return null;
    const session = await SESSIONS.get(this.ctx.store, id);
    if (session === null || session.expiresAt <= this.ctx.clock.nowIso()) return null;
    return session;
  }

  /** Who is calling: the signed-in account, or anonymous. */
  async identityOf(request: FastifyRequest): Promise<Identity> {
    const session = await this.sessionOf(request);
    return session === null
      ? { kind: 'anonymous' }
      : { kind: 'account', accountId: session.accountId };
  }

  /** Ends the request's session (if any) and clears its cookie. */
  async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const id = this.sessionIdFrom(request);
    if (id !== null) {
      await sessionWriter.remove(this.ctx.store, id);
      this.ended(id);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  /** Ends every session of an account but `keepId` (after a password change). */
  async endOtherSessions(accountId: string, keepId: string): Promise<number> {
    const sessions = await queryAll(this.ctx, SESSIONS, {
      where: { accountId },
      orderBy: { path: 'expiresAt', order: 'asc' },
    });
    let ended = 0;
    for (const s of sessions) {
      if (s._id === keepId) continue;
      if ((await sessionWriter.remove(this.ctx.store, s._id)).ok) ended += 1;
      this.ended(s._id);
    }
    return ended;
  }

  /** Deletes expired sessions, a page at a time; answers how many went. */
  async purgeExpired(): Promise<number> {
    const page = await SESSIONS.query(this.ctx.store, {
      where: { expiresAt: { lte: this.ctx.clock.nowIso() } },
      orderBy: { path: 'expiresAt', order: 'asc' },
      limit: 500,
    });
    let purged = 0;
    for (const s of page.docs) {
      if ((await sessionWriter.remove(this.ctx.store, s._id)).ok) purged += 1;
      this.ended(s._id);
    }
    return purged;
  }
}
