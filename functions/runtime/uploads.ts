/**
 * Upload quotas (上传限额) of one account, and the clean-up of uploads never attached to
 * anything. Apart from photos.ts, whose types the mini-program's views reach, because
 * counting needs the store and Node's crypto (runtime/limits.ts).
 */
import { chinaIso } from '../../shared/calendar/china-time';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err } from '../../shared/kernel/result';
import { FILES } from '../store/collections';
import type { FileRecord } from '../store/records/records';
import type { AppContext } from './context';
import { spendLimit } from './limits';
import { fileWriter } from './runtime.collections';

export const TOO_MANY_UNATTACHED = (n: number) =>
  `您有 ${n} 张照片上传后还没有用上，请先提交正在填写的内容，或过一天再上传`;

/**
 * The upload quota of one account (runtime/limits.ts `uploads`): so many uploads per window,
 * and at most so many uploaded but never attached to anything at once. Checked before a
 * byte is stored (the local host's upload route, CloudBase's preparePhotoUpload).
 */
export async function spendUploadQuota(ctx: AppContext, accountId: string): Promise<Result<void>> {
  const { perAccount, unattachedMax } = ctx.limits.uploads;
  const waiting = await FILES.count(ctx.store, { uploaderId: accountId, subjectId: null });
  if (waiting >= unattachedMax) {
    return err(appError('RATE_LIMITED', TOO_MANY_UNATTACHED(waiting), { reason: 'rate_limited' }));
  }
  return spendLimit(ctx, 'upload', `acc:${accountId}`, perAccount);
}

/**
 * Removes the records of uploads never attached to anything and older than the quota's
 * `unattachedTtlHours` (a page at a time), and answers them so the caller deletes their
 * bytes (the local host's housekeeping).
 */
export async function purgeUnattachedUploads(ctx: AppContext): Promise<FileRecord[]> {
  const cutoff = chinaIso(ctx.clock.nowMs() - ctx.limits.uploads.unattachedTtlHours * 3600_000);
  const page = await FILES.query(ctx.store, {
    where: { subjectType: null, subjectId: null, createdAt: { lt: cutoff } },
    orderBy: { path: 'createdAt', order: 'asc' },
    limit: 200,
  });
  const removed: FileRecord[] = [];
  for (const file of page.docs) {
    if ((await fileWriter.remove(ctx.store, file._id)).ok) removed.push(file);
  }
  return removed;
}
