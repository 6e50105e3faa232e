/**
 * Personal display settings kept on the phone: the large-text mode (适老化大字模式) that every
 * page honours through <Screen>. Until the person chooses in 个人设置, it follows WeChat's own
 * font size setting: on when they made WeChat's text larger.
 */
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';
import { systemFontIsLarge } from './device';

const KEY = 'hehe.largeText';
const EVENT = 'hehe:largeText';

export function isLargeText(): boolean {
  let chosen: unknown;
  try {
    chosen = Taro.getStorageSync(KEY);
  } catch {
    chosen = undefined;
  }
  return typeof chosen === 'boolean' ? chosen : systemFontIsLarge();
}

export function setLargeText(on: boolean): void {
  Taro.setStorageSync(KEY, on);
  Taro.eventCenter.trigger(EVENT, on);
}

export function useLargeText(): boolean {
  const [on, setOn] = useState(isLargeText);
  useEffect(() => {
    const handler = (next: boolean): void => setOn(next);
    Taro.eventCenter.on(EVENT, handler);
    return () => {
      Taro.eventCenter.off(EVENT, handler);
    };
  }, []);
  return on;
}
