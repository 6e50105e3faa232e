/**
 * Photos in the browser: pick with Taro.chooseImage, send to the local host's /api/upload
 * (checked there by content), get a fileId the submission refers to. The uploader sees it
 * through /api/files/<id>; others by the signed links replies carry.
 */
import Taro from '@tarojs/taro';
import type { CallReply } from '../../shared/kernel/envelope';
import { NetworkError } from './errors';

export interface PickedPhoto {
  readonly fileId: string;
  /** What an <Image> shows for it. */
  readonly src: string;
}

/** Where the uploader sees a photo they just uploaded. */
function ownPhotoUrl(fileId: string): string {
  return `/api/files/${encodeURIComponent(fileId)}`;
}

export async function pickPhotos(max: number): Promise<readonly string[]> {
  const chosen = await Taro.chooseImage({
    count: Math.max(1, Math.min(max, 9)),
    sizeType: ['compressed'],
    sourceType: ['album', 'camera'],
  });
  return chosen.tempFilePaths;
}

/** Uploads one picked photo; answers the host's reply (a Chinese message when refused). */
export async function uploadPhoto(tempPath: string): Promise<CallReply<PickedPhoto>> {
  let blob: Blob;
  try {
    blob = await (await fetch(tempPath)).blob();
  } catch (thrown) {
    throw new NetworkError(String(thrown));
  }
  const form = new FormData();
  form.append('file', blob, 'photo');
  let response: Response;
  try {
    response = await fetch('/api/upload', {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
    });
  } catch (thrown) {
    throw new NetworkError(thrown instanceof Error ? thrown.message : String(thrown));
  }
  const reply = (await response.json().catch(() => null)) as CallReply<{ fileId: string }> | null;
  if (reply === null) throw new NetworkError(`HTTP ${response.status}`);
  if (!reply.ok) return reply;
  return { ok: true, data: { fileId: reply.data.fileId, src: ownPhotoUrl(reply.data.fileId) } };
}
