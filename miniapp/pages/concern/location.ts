// Typecheck-time stand-in; the build picks location.weapp.ts or location.h5.ts.
export { CAN_PICK_LOCATION, pickLocation } from './location.h5';
export type { PickedLocation } from './location.h5';
