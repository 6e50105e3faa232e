// Typecheck-time stand-in; the build picks upload.weapp.ts or upload.h5.ts.
export { concernPhotoUrl, photoUrl, pickPhotos, uploadPhoto } from './upload.h5';
export type { PickedPhoto } from './upload.h5';
