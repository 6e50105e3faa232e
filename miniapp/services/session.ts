/**
 * Who is using the app: the `me` reply, read once and kept in memory, refreshed after
 * sign-in and sign-out. Pages read it with `useMe()`; staff pages check roles from it.
 */
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import type { Role } from '../../shared/kernel/roles';
import { api } from './api';
import { isNetworkError } from './errors';
import type { MeView } from './views';

const EVENT = 'hehe:me';

export type MeState =
  | { readonly status: 'loading' }
  | { readonly status: 'signedOut' }
  | { readonly status: 'offline' }
  | { readonly status: 'signedIn'; readonly me: MeView };

let current: MeState = { status: 'loading' };
let inFlight: Promise<MeState> | null = null;

function publish(next: MeState): MeState {
  current = next;
  Taro.eventCenter.trigger(EVENT, next);
  return next;
}

/** Reads `me` from the server (once at a time); signed out on UNAUTHENTICATED. */
export function refreshMe(): Promise<MeState> {
  inFlight ??= (async () => {
    try {
      const reply = await api.call<MeView>('account', 'me', {});
      if (reply.ok) return publish({ status: 'signedIn', me: reply.data });
      return publish({ status: 'signedOut' });
    } catch (thrown) {
      if (isNetworkError(thrown)) return publish({ status: 'offline' });
      throw thrown;
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

export function currentMe(): MeState {
  return current;
}

/** Forgets who was signed in (after sign-out). */
export function clearMe(): void {
  publish({ status: 'signedOut' });
}

/** The signed-in person, kept current across pages. */
export function useMe(): MeState {
  const [state, setState] = useState<MeState>(current);
  useEffect(() => {
    const handler = (next: MeState): void => setState(next);
    Taro.eventCenter.on(EVENT, handler);
    if (current.status === 'loading' || current.status === 'offline') void refreshMe();
    else setState(current);
    return () => {
      Taro.eventCenter.off(EVENT, handler);
    };
  }, []);
  return state;
}

export function hasRole(state: MeState, ...roles: Role[]): boolean {
  return state.status === 'signedIn' && state.me.roles.some((r) => roles.includes(r.code));
}

export function isStaff(state: MeState): boolean {
  return state.status === 'signedIn' && state.me.isStaff;
}
