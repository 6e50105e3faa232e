/**
 * Form drafts (草稿) that survive leaving the page: kept in storage under the form's key,
 * written as the person types, removed after the submission is accepted or queued.
 */
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useRef, useState } from 'react';

const PREFIX = 'hehe.draft.';

export function useDraft<T extends object>(
  key: string,
  initial: T,
): [T, (patch: Partial<T>) => void, () => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      const stored: unknown = Taro.getStorageSync(PREFIX + key);
      return stored && typeof stored === 'object'
        ? { ...initial, ...(stored as Partial<T>) }
        : initial;
    } catch {
      return initial;
    }
  });
  const latest = useRef(value);
  useEffect(() => {
    latest.current = value;
  }, [value]);
  const update = useCallback(
    (patch: Partial<T>) => {
      setValue((prev) => {
        const next = { ...prev, ...patch };
        Taro.setStorageSync(PREFIX + key, next);
        return next;
      });
    },
    [key],
  );
  const clear = useCallback(() => {
    Taro.removeStorageSync(PREFIX + key);
    setValue(initial);
  }, [key]);
  return [value, update, clear];
}
