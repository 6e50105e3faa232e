/**
 * Who is calling. The host (session cookie) or CloudBase (OPENID bound to an account)
 * resolves an Identity; `resolveCaller` turns it into the account and the Actor the domain
 * checks against. A disabled account is treated as signed out.
 *
 * A WeChat user (CloudBase) is known by the OPENID the platform puts in the call's context:
 * the `account_keys` document `openid:<OPENID>` names their account. An OPENID bound to no
 * active account calls as anonymous — but keeps its OPENID, so `register` can bind it.
 */
import type { Account } from '../../shared/account/account.schema';
import type { Actor } from '../../shared/kernel/roles';
import { systemActor } from '../../shared/kernel/roles';
import { ACCOUNT_KEYS, ACCOUNTS } from '../store/collections';
import type { AppContext } from './context';

export type Identity =
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'timer'; readonly townId: string }
  /** A mini-program user on CloudBase: the OPENID from `cloud.getWXContext()`, trusted. */
  | { readonly kind: 'wechat'; readonly openid: string };

/** Id of the key document of a WeChat OPENID (unique as an id, like the login phone's). */
export function openidKeyId(openid: string): string {
  return `openid:${openid}`;
}

export type AccountDoc = Account;

export interface Caller {
  /** The signed-in account, or null for an anonymous caller and for timers. */
  readonly account: AccountDoc | null;
  /** The actor for state machines; null when anonymous. */
  readonly actor: Actor | null;
  /**
   * The caller's WeChat OPENID (CloudBase only), bound to `account` or not yet bound to any
   * account. Identity data: never put it in a reply.
   */
  readonly wxOpenId?: string;
}

/** Loads the caller's account and builds the actor the domain checks against. */
export async function resolveCaller(ctx: AppContext, identity: Identity): Promise<Caller> {
  if (identity.kind === 'timer') return { account: null, actor: systemActor(identity.townId) };
  if (identity.kind === 'anonymous') return { account: null, actor: null };
  if (identity.kind === 'wechat') return resolveWechatCaller(ctx, identity.openid);
  return callerOf(await ACCOUNTS.get(ctx.store, identity.accountId));
}

function callerOf(account: AccountDoc | null): Caller {
  if (account === null || account.status !== 'active') return { account: null, actor: null };
  return {
    account,
    actor: { accountId: account._id, roles: account.roles, townId: account.townId },
  };
}

/**
 * The account an OPENID is bound to: its key names the account, and the account must name
 * the OPENID back (a key left behind by an unbinding never signs anybody in).
 */
async function resolveWechatCaller(ctx: AppContext, openid: string): Promise<Caller> {
  const key = await ACCOUNT_KEYS.get(ctx.store, openidKeyId(openid));
  const account = key === null ? null : await ACCOUNTS.get(ctx.store, key.accountId);
  const bound = account !== null && account.wxOpenId === openid ? account : null;
  return { ...callerOf(bound), wxOpenId: openid };
}
