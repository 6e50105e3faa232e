/**
 * Who is calling. The host (session cookie) or CloudBase (OPENID bound to an account)
 * resolves an Identity; `resolveCaller` turns it into the account and the Actor the domain
 * checks against. A disabled account is treated as signed out.
 */
import type { Account } from '../../shared/account/account.schema';
import type { Actor } from '../../shared/kernel/roles';
import { systemActor } from '../../shared/kernel/roles';
import type { StoredDoc } from '../store/store.port';
import type { AppContext } from './context';

export type Identity =
  | { readonly kind: 'account'; readonly accountId: string }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'timer'; readonly townId: string };

export type AccountDoc = StoredDoc<Account>;

export interface Caller {
  /** The signed-in account, or null for an anonymous caller and for timers. */
  readonly account: AccountDoc | null;
  /** The actor for state machines; null when anonymous. */
  readonly actor: Actor | null;
}

/** Loads the caller's account and builds the actor the domain checks against. */
export async function resolveCaller(ctx: AppContext, identity: Identity): Promise<Caller> {
  if (identity.kind === 'timer') return { account: null, actor: systemActor(identity.townId) };
  if (identity.kind === 'anonymous') return { account: null, actor: null };
  const account = await ctx.store.get<Account>('accounts', identity.accountId);
  if (account === null || account.status !== 'active') return { account: null, actor: null };
  return {
    account,
    actor: { accountId: account._id, roles: account.roles, townId: account.townId },
  };
}
