/**
 * `preparePhotoUpload`: before the mini-program uploads a photo to CloudBase storage itself,
 * it asks for the path. The path is random and recorded with the caller in `files`, so a
 * later input may name the photo only if the caller is who asked for it
 * (adapters/cloudbase/cloudbase.files.ts), and the path tells a viewer nothing about them.
 */
import type { PreparePhotoUploadInput } from '../../shared/files/upload-path';
import { photoCloudPath } from '../../shared/files/upload-path';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import type { PreparedUpload } from './account.views';
import { recordUpload } from '../runtime/photos';
import { spendUploadQuota } from '../runtime/uploads';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const KEY_LENGTH = 24;

/** 24 random characters (about 143 bits): no time, no counter, nothing shared between uploads. */
function randomKey(ctx: AppContext): string {
  let key = '';
  for (let i = 0; i < KEY_LENGTH; i += 1)
    key += KEY_ALPHABET[ctx.ids.randomInt(KEY_ALPHABET.length)];
  return key;
}

export async function preparePhotoUpload(
  ctx: AppContext,
  call: ActionCall<PreparePhotoUploadInput>,
): Promise<Result<PreparedUpload>> {
  const { account } = signedIn(call);
  const quota = await spendUploadQuota(ctx, account._id);
  if (!quota.ok) return quota;
  const key = randomKey(ctx);
  const cloudPath = photoCloudPath(key, call.input.ext);
  const stored = await recordUpload(ctx, {
    _id: key,
    townId: account.townId,
    uploaderId: account._id,
    path: cloudPath,
    storage: 'cloudbase',
    createdAt: ctx.clock.nowIso(),
    subjectType: null,
    subjectId: null,
  });
  return stored.ok ? ok({ cloudPath }) : stored;
}
