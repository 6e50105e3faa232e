/** What waits to be sent, and what a retry was refused for, on top of every page. */
import { Text, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { PendingSubmission } from '../services/outbox';
import {
  dismissSubmission,
  flushOutbox,
  pendingSubmissions,
  watchOutbox,
} from '../services/outbox';

export function OutboxBanner() {
  const [items, setItems] = useState<readonly PendingSubmission[]>(pendingSubmissions);
  useEffect(() => watchOutbox(setItems), []);
  if (items.length === 0) return null;
  const waiting = items.filter((item) => !item.failed);
  const failed = items.filter((item) => item.failed);
  return (
    <View className="outbox" id="outbox-banner">
      {waiting.length > 0 && (
        <View className="outbox__waiting" onClick={() => void flushOutbox()}>
          <Text className="t-body">
            已保存，联网后自动提交（{waiting.length} 项）：{waiting.map((i) => i.label).join('、')}
          </Text>
          <Text className="t-small outbox__retry">点这里马上重试</Text>
        </View>
      )}
      {failed.map((item) => (
        <View key={item.requestId} className="outbox__failed">
          <Text className="t-body">
            「{item.label}」没有提交成功：{item.failed?.message}
          </Text>
          <Text className="t-small outbox__retry" onClick={() => dismissSubmission(item.requestId)}>
            知道了
          </Text>
        </View>
      ))}
    </View>
  );
}
