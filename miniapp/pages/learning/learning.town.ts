/**
 * Which town's 学法 content to show: the signed-in reader's own town, else the town
 * `account.places` names (a single town's host), else the one the reader picks from its list
 * (kept on the phone). Anonymous readers must name a town for listArticles / listLectures.
 */
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import type { AppError } from '../../../shared/kernel/errors';
import type { MeView } from '../../services/views';
import { useMe } from '../../services/session';
import { useCall } from '../../services/use-call';
import type { PlacesTown } from './learning.types';

const KEY = 'hehe.learning.town';

export type ReaderTown =
  | { readonly kind: 'loading' }
  | { readonly kind: 'offline' }
  | { readonly kind: 'error'; readonly error: AppError }
  | {
      readonly kind: 'choose';
      readonly towns: readonly { readonly id: string; readonly name: string }[];
    }
  | { readonly kind: 'ready'; readonly townId: string; readonly me: MeView | null };

export function useReaderTown(): {
  town: ReaderTown;
  choose: (id: string) => void;
  retry: () => void;
} {
  const me = useMe();
  const anonymous = me.status === 'signedOut' || me.status === 'offline';
  const places = useCall<PlacesTown>('account', 'places', anonymous ? {} : null);
  const [picked, setPicked] = useState<string | null>(() => {
    try {
      const stored: unknown = Taro.getStorageSync(KEY);
      return typeof stored === 'string' && stored ? stored : null;
    } catch {
      return null;
    }
  });
  const choose = useCallback((id: string) => {
    Taro.setStorageSync(KEY, id);
    setPicked(id);
  }, []);
  const retry = useCallback(() => void places.reload(), [places.reload]);

  let town: ReaderTown;
  if (me.status === 'signedIn') town = { kind: 'ready', townId: me.me.town.id, me: me.me };
  else if (me.status === 'loading') town = { kind: 'loading' };
  else if (places.state.status === 'ok') {
    const data = places.state.data;
    if (data.town) town = { kind: 'ready', townId: data.town.id, me: null };
    else if (picked && data.towns.some((t) => t.id === picked)) {
      town = { kind: 'ready', townId: picked, me: null };
    } else town = { kind: 'choose', towns: data.towns };
  } else if (places.state.status === 'error') town = { kind: 'error', error: places.state.error };
  else if (places.state.status === 'offline') town = { kind: 'offline' };
  else town = { kind: 'loading' };
  return { town, choose, retry };
}
