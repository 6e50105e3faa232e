/** The body of a paged list: loading, refusal, offline with retry, the items and 加载更多. */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';
import { CallView } from '../../components/CallView';
import type { CallState } from '../../services/use-call';
import { Button } from '../../ui';
import type { Paged } from './use-paged';

export function PagedList<T>({
  paged,
  id,
  empty,
  children,
}: {
  readonly paged: Paged<T>;
  readonly id: string;
  readonly empty: string;
  readonly children: (item: T) => ReactNode;
}) {
  const state: CallState<readonly T[]> =
    paged.status === 'ok'
      ? { status: 'ok', data: paged.items }
      : paged.status === 'error' && paged.error !== null
        ? { status: 'error', error: paged.error }
        : paged.status === 'offline'
          ? { status: 'offline' }
          : { status: 'loading' };
  return (
    <CallView state={state} onRetry={() => void paged.reload()}>
      {(items) =>
        items.length === 0 ? (
          <View id={`${id}-empty`} className="call-state">
            <Text className="t-body muted">{empty}</Text>
          </View>
        ) : (
          <View id={id} className="ad-list">
            {items.map(children)}
            {paged.more && (
              <Button
                id={`${id}-more`}
                className="btn-block"
                loading={paged.loadingMore}
                disabled={paged.loadingMore}
                onClick={() => void paged.loadMore()}
              >
                加载更多
              </Button>
            )}
          </View>
        )
      }
    </CallView>
  );
}
