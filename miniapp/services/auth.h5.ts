/**
 * Signing in on H5: phone and password against the local host's /api/auth routes, which set
 * an httpOnly session cookie. (WeChat signs in by its own identity: auth.weapp.ts.)
 */
import type { CallReply } from '../../shared/kernel/envelope';
import { NetworkError } from './errors';
import { clearMe, refreshMe } from './session';

/** H5 signs in with a password; weapp with WeChat identity (no password form). */
export const SIGN_IN_WITH_PASSWORD = true;

async function post<T>(path: string, body: unknown): Promise<CallReply<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (thrown) {
    throw new NetworkError(thrown instanceof Error ? thrown.message : String(thrown));
  }
  try {
    return (await response.json()) as CallReply<T>;
  } catch {
    throw new NetworkError(`HTTP ${response.status}`);
  }
}

export async function signIn(phone: string, password: string): Promise<CallReply<unknown>> {
  const reply = await post('/api/auth/login', { phone, password });
  if (reply.ok) await refreshMe();
  return reply;
}

/** Registers a villager (the account.register input plus a password) and signs them in. */
export async function registerVillager(
  input: Record<string, unknown>,
  password: string,
  requestId: string,
): Promise<CallReply<unknown>> {
  const reply = await post('/api/auth/register', { ...input, password, requestId });
  if (reply.ok) await refreshMe();
  return reply;
}

export async function signOut(): Promise<void> {
  await post('/api/auth/logout', {}).catch(() => undefined);
  clearMe();
}
