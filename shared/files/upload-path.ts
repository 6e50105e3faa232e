/**
 * Where a photo is uploaded in CloudBase storage (云存储): each account has its own folder,
 * `uploads/<accountId>/`, so a function can tell from a `cloud://` file id whose upload it is
 * (functions/adapters/cloudbase/cloudbase.files.ts) and the mini-program names it the same way
 * (miniapp/services/upload.weapp.ts).
 */

/** Photo file extensions accepted in storage paths. */
export const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif'] as const;

/** The caller's upload folder, with its trailing slash. */
export function uploadFolder(accountId: string): string {
  return `uploads/${accountId}/`;
}

/** A storage path for a new photo: the folder, a random name, the picked file's extension. */
export function uploadPath(accountId: string, randomName: string, pickedPath: string): string {
  const found = /\.([A-Za-z]+)$/.exec(pickedPath)?.[1]?.toLowerCase() ?? '';
  const ext = (PHOTO_EXTENSIONS as readonly string[]).includes(found) ? found : 'jpg';
  return `${uploadFolder(accountId)}${randomName}.${ext}`;
}
