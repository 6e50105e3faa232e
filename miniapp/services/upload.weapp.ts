/**
 * Photos in WeChat: pick with Taro.chooseMedia, upload to CloudBase storage under the
 * user's folder; the fileID (cloud://…) is what the submission refers to.
 */
import Taro from '@tarojs/taro';
import type { CallReply } from '../../shared/kernel/envelope';
import { NetworkError } from './errors';
import { newRequestId } from './request-id';

export interface PickedPhoto {
  readonly fileId: string;
  readonly src: string;
}

/** cloud:// ids are shown by <Image> directly in WeChat. */
export function photoUrl(fileId: string): string {
  return fileId;
}

/** On CloudBase the reporter reads the file by its cloud id like anyone allowed to. */
export function concernPhotoUrl(fileId: string, _concernId: string): string {
  return fileId;
}

export async function pickPhotos(max: number): Promise<readonly string[]> {
  const chosen = await Taro.chooseMedia({
    count: Math.max(1, Math.min(max, 9)),
    mediaType: ['image'],
    sizeType: ['compressed'],
    sourceType: ['album', 'camera'],
  });
  return chosen.tempFiles.map((file) => file.tempFilePath);
}

export async function uploadPhoto(tempPath: string): Promise<CallReply<PickedPhoto>> {
  const ext = /\.(jpe?g|png|webp|gif)$/i.exec(tempPath)?.[1] ?? 'jpg';
  try {
    const res = await Taro.cloud.uploadFile({
      cloudPath: `uploads/${newRequestId('p')}.${ext.toLowerCase()}`,
      filePath: tempPath,
    });
    return { ok: true, data: { fileId: res.fileID, src: res.fileID } };
  } catch (thrown) {
    throw new NetworkError(thrown instanceof Error ? thrown.message : String(thrown));
  }
}
