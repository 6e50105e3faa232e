/**
 * The root of every page: applies the large-text mode (适老化), sets the title, and shows what
 * waits in the outbox, so "已保存，联网后自动提交" is visible wherever the person goes next.
 */
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useLargeText } from '../services/prefs';
import { OutboxBanner } from './OutboxBanner';

export interface ScreenProps {
  readonly title?: string;
  readonly className?: string;
  readonly children?: ReactNode;
}

export function Screen({ title, className, children }: ScreenProps) {
  const large = useLargeText();
  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title }).catch(() => undefined);
  }, [title]);
  return (
    <View className={`screen${large ? ' screen--large' : ''}${className ? ` ${className}` : ''}`}>
      <OutboxBanner />
      {children}
    </View>
  );
}
