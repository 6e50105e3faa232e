/**
 * Where a photo goes in CloudBase storage (云存储). Each upload gets its own random path from
 * the functions first (`account.preparePhotoUpload`), recorded with who asked for it: a
 * function can then tell whose upload a `cloud://` file id is, while the path itself says
 * nothing about the person — no account id, nothing shared by two photos of one uploader —
 * so a viewer who may see a photo but not its reporter learns nothing from its address.
 */
import { z } from 'zod';

/** Photo file extensions accepted in storage paths. */
export const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'gif'] as const;
export type PhotoExtension = (typeof PHOTO_EXTENSIONS)[number];

/** The folder every photo is uploaded to. */
export const UPLOAD_FOLDER = 'uploads/';

/** A photo key: the random name of one upload (also the id of its `files` record). */
export const PHOTO_KEY = /^[A-Za-z0-9_-]{16,64}$/;

/** The storage path of the photo `key`. */
export function photoCloudPath(key: string, ext: PhotoExtension): string {
  return `${UPLOAD_FOLDER}${key}.${ext}`;
}

/** The extension to store a picked file under: its own when it is a photo's, else jpg. */
export function photoExtension(pickedPath: string): PhotoExtension {
  const found = /\.([A-Za-z]+)$/.exec(pickedPath)?.[1]?.toLowerCase() ?? '';
  return (PHOTO_EXTENSIONS as readonly string[]).includes(found)
    ? (found as PhotoExtension)
    : 'jpg';
}

/** `account.preparePhotoUpload`: a path for one photo about to be uploaded. */
export const preparePhotoUploadInputSchema = z.strictObject({
  ext: z.enum(PHOTO_EXTENSIONS, { error: '只能上传照片（JPG、PNG、WEBP 或 GIF 格式）' }).meta({
    label: '照片格式',
  }),
});
export type PreparePhotoUploadInput = z.infer<typeof preparePhotoUploadInputSchema>;
