// Typecheck-time stand-in; the build picks upload.weapp.ts or upload.h5.ts.
export { pickPhotos, uploadPhoto } from './upload.h5';
export type { PickedPhoto } from './upload.h5';
