/**
 * Personal display settings kept on the phone: the large-text mode (适老化大字模式) that every
 * page honours through <Screen>.
 */
import Taro from '@tarojs/taro';
import { useEffect, useState } from 'react';

const KEY = 'hehe.largeText';
const EVENT = 'hehe:largeText';

export function isLargeText(): boolean {
  try {
    return Taro.getStorageSync(KEY) === true;
  } catch {
    return false;
  }
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
