/** A labelled form field with its Chinese error under it (from the server's details.fields). */
import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

export interface FieldProps {
  readonly label: string;
  readonly hint?: string;
  readonly error?: string;
  readonly required?: boolean;
  readonly children: ReactNode;
}

export function Field({ label, hint, error, required, children }: FieldProps) {
  return (
    <View className={`field${error ? ' field--error' : ''}`}>
      <Text className="field__label t-label">
        {label}
        {required ? <Text className="field__required"> *</Text> : null}
      </Text>
      {hint ? <Text className="field__hint t-small muted">{hint}</Text> : null}
      {children}
      {error ? <Text className="field__error t-small">{error}</Text> : null}
    </View>
  );
}
