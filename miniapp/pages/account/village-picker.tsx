/**
 * Picking a village in two taps: the community (新村), then its natural village (自然村), from
 * the public `account.places` list, so it works before sign-in. Used by registration and by
 * the clue form. Option ids are `${prefix}-${gridNodeId}` and every option also carries the
 * class `${prefix}-option` (grid node ids hold colons, awkward in CSS selectors).
 */
import { Text, View } from '@tarojs/components';
import { useEffect, useMemo, useState } from 'react';
import { CallView } from '../../components/CallView';
import { useCall } from '../../services/use-call';
import type { PlacesView } from '../../services/views';

export type { PlacesView };

interface Option {
  readonly id: string;
  readonly name: string;
}

/**
 * The `account.places` reply (functions/account/list-places.ts PlacesView; restated here
 * because that module's imports need Node types).
 */
function OptionGrid({
  options,
  value,
  onPick,
  prefix,
}: {
  readonly options: readonly Option[];
  readonly value: string | null;
  readonly onPick: (id: string) => void;
  readonly prefix: string;
}) {
  return (
    <View className="choices choices--3">
      {options.map((option) => (
        <View
          key={option.id}
          id={`${prefix}-${option.id}`}
          className={`choice ${prefix}-option${option.id === value ? ' choice--on' : ''}`}
          onClick={() => onPick(option.id)}
        >
          <Text className="choice__label t-body">{option.name}</Text>
        </View>
      ))}
    </View>
  );
}

export interface VillagePickerProps {
  /** The chosen node: a village, or a community that has no villages listed. */
  readonly value: string | null;
  readonly onChange: (gridNodeId: string, label: string) => void;
  /** Id prefix (and class `${prefix}-option`) of the community options. */
  readonly communityPrefix: string;
  /** Id prefix (and class `${prefix}-option`) of the village options. */
  readonly villagePrefix: string;
}

function Picker({
  places,
  value,
  onChange,
  communityPrefix,
  villagePrefix,
}: VillagePickerProps & { readonly places: PlacesView }) {
  const owner = useMemo(
    () =>
      places.communities.find(
        (c) => c.id === value || c.villages.some((village) => village.id === value),
      ) ?? null,
    [places, value],
  );
  const [communityId, setCommunityId] = useState<string | null>(owner?.id ?? null);
  useEffect(() => {
    if (owner !== null) setCommunityId(owner.id);
  }, [owner]);
  const community = places.communities.find((c) => c.id === communityId) ?? null;
  const village = community?.villages.find((v) => v.id === value) ?? null;

  const pickCommunity = (id: string): void => {
    setCommunityId(id);
    const picked = places.communities.find((c) => c.id === id);
    // A community with no villages listed is itself the place.
    if (picked && picked.villages.length === 0) onChange(picked.id, picked.name);
  };

  return (
    <View className="stack">
      <Text className="t-small muted">先选新村：</Text>
      <OptionGrid
        options={places.communities}
        value={communityId}
        onPick={pickCommunity}
        prefix={communityPrefix}
      />
      {community !== null && community.villages.length > 0 && (
        <>
          <Text className="t-small muted">再选{community.name}里的村：</Text>
          <OptionGrid
            options={community.villages}
            value={value}
            onPick={(id) => {
              const picked = community.villages.find((v) => v.id === id);
              onChange(id, picked ? `${community.name} ${picked.name}` : community.name);
            }}
            prefix={villagePrefix}
          />
        </>
      )}
      {community !== null && (village !== null || value === community.id) && (
        <Text className="t-body ok">
          已选：{community.name}
          {village !== null ? ` ${village.name}` : ''}
        </Text>
      )}
    </View>
  );
}

export function VillagePicker(props: VillagePickerProps) {
  const [townId, setTownId] = useState<string | null>(null);
  const { state, reload } = useCall<PlacesView>(
    'account',
    'places',
    townId === null ? {} : { townId },
  );
  return (
    <CallView state={state} onRetry={() => void reload()}>
      {(places) => {
        if (places.town === null) {
          if (places.towns.length === 0) {
            return <Text className="t-body muted">还没有可选的村，请联系村里的网格员。</Text>;
          }
          return (
            <View className="stack">
              <Text className="t-small muted">先选您所在的镇：</Text>
              <OptionGrid
                options={places.towns}
                value={townId}
                onPick={setTownId}
                prefix={`${props.communityPrefix}-town`}
              />
            </View>
          );
        }
        if (places.communities.length === 0) {
          return <Text className="t-body muted">还没有可选的村，请联系村里的网格员。</Text>;
        }
        return <Picker {...props} places={places} />;
      }}
    </CallView>
  );
}
