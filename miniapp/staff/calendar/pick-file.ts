// Typecheck-time stand-in; the build picks pick-file.weapp.ts or pick-file.h5.ts.
export { pickTextFile } from './pick-file.h5';
export type { PickedFile } from './pick-file.h5';
