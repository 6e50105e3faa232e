/** A status timeline in plain words, newest last, each step with when and who. */
import { Text, View } from '@tarojs/components';
import { formatDateTime } from '../lib/format';

export interface TimelineEntry {
  readonly at: string;
  readonly label: string;
  readonly note?: string | null;
}

export function Timeline({ entries }: { readonly entries: readonly TimelineEntry[] }) {
  return (
    <View className="timeline">
      {entries.map((entry, index) => (
        <View
          key={`${entry.at}-${index}`}
          className={`timeline__item${index === entries.length - 1 ? ' timeline__item--last' : ''}`}
        >
          <View className="timeline__dot" />
          <View className="timeline__body">
            <Text className="t-body timeline__label">{entry.label}</Text>
            <Text className="t-small muted">{formatDateTime(entry.at)}</Text>
            {entry.note ? <Text className="t-small timeline__note">{entry.note}</Text> : null}
          </View>
        </View>
      ))}
    </View>
  );
}
