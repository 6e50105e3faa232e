/**
 * A paged list for the admin console (加载更多): the first page on show, the next one on tap,
 * items appended; a new filter starts again from the first page.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../shared/kernel/errors';
import { api } from '../../services/api';
import type { FunctionName } from '../../services/api.types';
import { isNetworkError } from '../../services/errors';

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface Paged<T> {
  readonly items: readonly T[];
  readonly status: 'loading' | 'ok' | 'offline' | 'error';
  readonly error: AppError | null;
  readonly more: boolean;
  readonly loadingMore: boolean;
  readonly loadMore: () => Promise<void>;
  readonly reload: () => Promise<void>;
}

/** `filter === null` skips the call (e.g. until the account is known). */
export function usePaged<T>(fn: FunctionName, action: string, filter: object | null): Paged<T> {
  const [items, setItems] = useState<readonly T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<Paged<T>['status']>('loading');
  const [error, setError] = useState<AppError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const key = JSON.stringify(filter);
  const seq = useRef(0);

  const fetchPage = useCallback(
    async (from: string | null, append: boolean) => {
      if (filter === null) return;
      const mine = (seq.current += 1);
      try {
        const reply = await api.call<Page<T>>(fn, action, {
          ...filter,
          ...(from === null ? {} : { cursor: from }),
        });
        if (mine !== seq.current) return;
        if (!reply.ok) {
          setError(reply.error);
          setStatus('error');
          return;
        }
        setItems((old) => (append ? [...old, ...reply.data.items] : reply.data.items));
        setCursor(reply.data.nextCursor);
        setError(null);
        setStatus('ok');
      } catch (thrown) {
        if (mine !== seq.current) return;
        if (isNetworkError(thrown)) setStatus('offline');
        else throw thrown;
      }
    },
    [fn, action, key],
  );

  const reload = useCallback(async () => {
    setStatus('loading');
    await fetchPage(null, false);
  }, [fetchPage]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const loadMore = useCallback(async () => {
    if (cursor === null) return;
    setLoadingMore(true);
    try {
      await fetchPage(cursor, true);
    } finally {
      setLoadingMore(false);
    }
  }, [cursor, fetchPage]);

  return { items, status, error, more: cursor !== null, loadingMore, loadMore, reload };
}
