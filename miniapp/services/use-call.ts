/**
 * Reading data for a page: calls an action, tracks loading / answered / refused / offline,
 * and reloads on demand (after an action, on pull-down, on page show).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError } from '../../shared/kernel/errors';
import { api } from './api';
import type { FunctionName } from './api.types';
import { isNetworkError } from './errors';

export type CallState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly data: T }
  | { readonly status: 'error'; readonly error: AppError }
  | { readonly status: 'offline' };

export interface UseCall<T> {
  readonly state: CallState<T>;
  readonly reload: () => Promise<void>;
}

/** `data === null` skips the call (e.g. until an id is known). */
export function useCall<T>(fn: FunctionName, action: string, data: unknown | null): UseCall<T> {
  const [state, setState] = useState<CallState<T>>({ status: 'loading' });
  const key = JSON.stringify(data);
  const seq = useRef(0);
  const reload = useCallback(async () => {
    if (data === null) return;
    const mine = (seq.current += 1);
    try {
      const reply = await api.call<T>(fn, action, data);
      if (mine !== seq.current) return;
      setState(
        reply.ok ? { status: 'ok', data: reply.data } : { status: 'error', error: reply.error },
      );
    } catch (thrown) {
      if (mine !== seq.current) return;
      if (isNetworkError(thrown)) setState({ status: 'offline' });
      else throw thrown;
    }
  }, [fn, action, key]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { state, reload };
}
