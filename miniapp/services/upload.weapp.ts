/**
 * Photos in WeChat: pick with Taro.chooseMedia, ask the functions for a random storage path
 * (`account.preparePhotoUpload`, which records who asked), upload there with
 * Taro.cloud.uploadFile into the private CloudBase storage; the fileID (cloud://…) is what the
 * submission refers to, and the functions accept only the caller's own. What others see comes
 * back in replies as temporary links; the uploader may show their own by its cloud id.
 */
import Taro from '@tarojs/taro';
import { photoExtension } from '../../shared/files/upload-path';
import type { CallReply } from '../../shared/kernel/envelope';
import { api } from './api';
import { NetworkError } from './errors';
import { newRequestId } from './request-id';
import type { PreparedUpload } from './views';

export interface PickedPhoto {
  readonly fileId: string;
  readonly src: string;
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
  const prepared = await api.call<PreparedUpload>(
    'account',
    'preparePhotoUpload',
    { ext: photoExtension(tempPath) },
    newRequestId('up'),
  );
  if (!prepared.ok) return prepared;
  try {
    const res = await Taro.cloud.uploadFile({
      cloudPath: prepared.data.cloudPath,
      filePath: tempPath,
    });
    // The uploader may read their own file by its cloud id (the bucket is PRIVATE).
    return { ok: true, data: { fileId: res.fileID, src: res.fileID } };
  } catch (thrown) {
    throw new NetworkError(thrown instanceof Error ? thrown.message : String(thrown));
  }
}
