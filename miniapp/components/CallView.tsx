/**
 * Draws a CallState: a spinner while loading, the Chinese message when refused (with a way to
 * sign in when that is why), "网络不通" with a retry when offline, else the page's content.
 */
import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import { ROUTES } from '../routes';
import type { CallState } from '../services/use-call';
import { Button, Loading } from '../ui';

export interface CallViewProps<T> {
  readonly state: CallState<T>;
  readonly onRetry?: () => void;
  readonly children: (data: T) => ReactNode;
}

export function CallView<T>({ state, onRetry, children }: CallViewProps<T>) {
  if (state.status === 'loading') {
    return (
      <View className="call-state">
        <Loading type="spinner" />
        <Text className="t-body muted">正在读取…</Text>
      </View>
    );
  }
  if (state.status === 'offline') {
    return (
      <View className="call-state">
        <Text className="t-body">网络不通，暂时读不到。</Text>
        {onRetry && (
          <Button className="btn" type="primary" fill="outline" onClick={onRetry}>
            重试
          </Button>
        )}
      </View>
    );
  }
  if (state.status === 'error') {
    const needsSignIn = state.error.code === 'UNAUTHENTICATED';
    return (
      <View className="call-state">
        <Text className="t-body">{state.error.message}</Text>
        {needsSignIn && (
          <Button
            className="btn"
            type="primary"
            onClick={() => void Taro.navigateTo({ url: ROUTES.login })}
          >
            去登录
          </Button>
        )}
      </View>
    );
  }
  return <>{children(state.data)}</>;
}
