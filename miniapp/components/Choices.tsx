/**
 * Big choice buttons (no typing where a choice will do): one tap picks, the picked one is
 * marked. Each option is at least 44 px tall (适老化).
 */
import { Text, View } from '@tarojs/components';

export interface ChoiceOption<V extends string> {
  readonly value: V;
  readonly label: string;
  readonly hint?: string;
}

export interface ChoicesProps<V extends string> {
  readonly options: readonly ChoiceOption<V>[];
  readonly value: V | null | undefined;
  readonly onChange: (value: V) => void;
  /** Two per row for short labels; one per row when hints are long. */
  readonly columns?: 1 | 2 | 3;
  /** Prefix for option ids (tests and accessibility): `${idPrefix}-${value}`. */
  readonly idPrefix?: string;
}

export function Choices<V extends string>({
  options,
  value,
  onChange,
  columns = 2,
  idPrefix,
}: ChoicesProps<V>) {
  return (
    <View className={`choices choices--${columns}`}>
      {options.map((option) => (
        <View
          key={option.value}
          id={idPrefix ? `${idPrefix}-${option.value}` : undefined}
          className={`choice${option.value === value ? ' choice--on' : ''}`}
          onClick={() => onChange(option.value)}
        >
          <Text className="choice__label t-body">{option.label}</Text>
          {option.hint ? <Text className="choice__hint t-small">{option.hint}</Text> : null}
        </View>
      ))}
    </View>
  );
}
