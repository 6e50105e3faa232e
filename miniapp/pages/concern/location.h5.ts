/** In the browser there is no map picker: the button is hidden and the words say where. */
export interface PickedLocation {
  readonly lat: number;
  readonly lng: number;
  readonly name: string;
  readonly address: string;
}

export const CAN_PICK_LOCATION = false;

export async function pickLocation(): Promise<PickedLocation | null> {
  return null;
}
