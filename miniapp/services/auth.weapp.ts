/**
 * Signing in on WeChat: the cloud function knows the caller by OPENID, so there is no password;
 * a newcomer registers once (account.register), and staff bind an invitation code.
 */
import type { CallReply } from '../../shared/kernel/envelope';
import { api } from './api';
import { clearMe, refreshMe } from './session';

export const SIGN_IN_WITH_PASSWORD = false;

export async function signIn(_phone: string, _password: string): Promise<CallReply<unknown>> {
  await refreshMe();
  return { ok: true, data: {} };
}

export async function registerVillager(
  input: Record<string, unknown>,
  _password: string,
  requestId: string,
): Promise<CallReply<unknown>> {
  const reply = await api.call('account', 'register', input, requestId);
  if (reply.ok) await refreshMe();
  return reply;
}

/** WeChat identity cannot be signed out of; this only forgets the cached profile. */
export async function signOut(): Promise<void> {
  clearMe();
}
