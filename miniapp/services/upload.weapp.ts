/**
 * Photos in WeChat: pick with Taro.chooseMedia, upload to the private CloudBase storage into
 * the account's own folder (shared/files/upload-path.ts); the fileID (cloud://…) is what the
 * submission refers to, and the functions accept only the caller's own. What others see comes
 * back in replies as temporary links; the uploader may show their own by its cloud id.
 */
import Taro from '@tarojs/taro';
import { uploadPath } from '../../shared/files/upload-path';
import type { CallReply } from '../../shared/kernel/envelope';
import { NetworkError } from './errors';
import { newRequestId } from './request-id';
import { currentMe, refreshMe } from './session';

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
  let me = currentMe();
  if (me.status !== 'signedIn') me = await refreshMe();
  if (me.status === 'offline') throw new NetworkError('offline');
  if (me.status !== 'signedIn') {
    return {
      ok: false,
      error: { code: 'UNAUTHENTICATED', message: '请先登录，再上传照片' },
    };
  }
  try {
    const res = await Taro.cloud.uploadFile({
      cloudPath: uploadPath(me.me.accountId, newRequestId('p'), tempPath),
      filePath: tempPath,
    });
    // The uploader may read their own file by its cloud id (the bucket is PRIVATE).
    return { ok: true, data: { fileId: res.fileID, src: res.fileID } };
  } catch (thrown) {
    throw new NetworkError(thrown instanceof Error ? thrown.message : String(thrown));
  }
}
