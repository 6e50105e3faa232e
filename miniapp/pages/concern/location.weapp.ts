/**
 * 「在地图上选」 in WeChat: the villager picks the spot on Tencent's map (GCJ-02, what the
 * concern schema expects). Location permission is asked only on this tap (app.config.ts).
 */
import Taro from '@tarojs/taro';

export interface PickedLocation {
  readonly lat: number;
  readonly lng: number;
  /** The place's name on the map, e.g. 「王家庄村委会」. */
  readonly name: string;
  readonly address: string;
}

export const CAN_PICK_LOCATION = true;

/** Null when the villager closed the map or refused the permission. */
export async function pickLocation(): Promise<PickedLocation | null> {
  try {
    const chosen = await Taro.chooseLocation({});
    if (!Number.isFinite(chosen.latitude) || !Number.isFinite(chosen.longitude)) return null;
    return {
      lat: chosen.latitude,
      lng: chosen.longitude,
      name: chosen.name ?? '',
      address: chosen.address ?? '',
    };
  } catch {
    return null;
  }
}
