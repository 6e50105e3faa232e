/** A titled white card on the page background. */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

export function Section({
  title,
  extra,
  children,
}: {
  readonly title?: string;
  readonly extra?: ReactNode;
  readonly children: ReactNode;
}) {
  return (
    <View className="section">
      {title ? (
        <View className="section__head">
          <Text className="t-title">{title}</Text>
          {extra}
        </View>
      ) : null}
      {children}
    </View>
  );
}
