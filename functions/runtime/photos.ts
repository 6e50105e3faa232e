/**
 * Photos in use cases: inputs may name only the caller's own uploads, and replies carry links
 * to the photos of what the viewer may see (see FileStore in ports.ts).
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { AppContext } from './context';
import type { PhotoView } from './ports';
import type { FileRecord } from '../store/records/records';
import { FILES } from '../store/collections';
import type { Tx } from '../store/store.port';
import { fileWriter } from './runtime.collections';

export type { PhotoView } from './ports';

/** Links by file id, as `FileStore.links` answers them. */
export type PhotoLinks = ReadonlyMap<string, string>;

export const NOT_OWN_PHOTO = '这张照片无效或不是您上传的，请删掉后重新选择照片';

/**
 * Refuses an input naming a photo `accountId` did not upload, with the field of the first
 * such photo (`photos.2`), before anything is written.
 */
export async function checkOwnPhotos(
  ctx: AppContext,
  accountId: string,
  ids: readonly string[] | undefined,
  field = 'photos',
  single = false,
): Promise<Result<void>> {
  if (ids === undefined || ids.length === 0) return ok(undefined);
  const bad = await ctx.files.firstNotOwned(accountId, ids);
  if (bad === null) return ok(undefined);
  const name = single ? field : `${field}.${bad}`;
  return err(
    appError('VALIDATION_FAILED', NOT_OWN_PHOTO, {
      fields: [{ field: name, message: NOT_OWN_PHOTO }],
    }),
  );
}

/** `checkOwnPhotos` for one file named by `field` (a cover picture). */
export function checkOwnPhoto(
  ctx: AppContext,
  accountId: string,
  id: string,
  field: string,
): Promise<Result<void>> {
  return checkOwnPhotos(ctx, accountId, [id], field, true);
}

/**
 * Attaches the photos an input names to the record being written (`subject`), inside that
 * record's transaction: each is read again there and must still be the caller's own upload,
 * so a link is checked where it is written. A photo not yet attached gets `subjectType` and
 * `subjectId` (the upload clean-up leaves it alone from then on); one attached already keeps
 * its first subject.
 */
export async function attachPhotos(
  ctx: AppContext,
  tx: Tx,
  accountId: string,
  ids: readonly string[] | undefined,
  subject: { readonly type: string; readonly id: string },
  field = 'photos',
  single = false,
): Promise<Result<void>> {
  for (const [index, fileId] of (ids ?? []).entries()) {
    const recordId = ctx.files.recordIdOf(fileId);
    const file = recordId === null ? null : await FILES.get(tx, recordId);
    if (recordId === null || file === null || file.uploaderId !== accountId) {
      const name = single ? field : `${field}.${index}`;
      return err(
        appError('VALIDATION_FAILED', NOT_OWN_PHOTO, {
          fields: [{ field: name, message: NOT_OWN_PHOTO }],
        }),
      );
    }
    if (file.subjectId !== null) continue;
    const attached = await fileWriter.update(
      tx,
      recordId,
      { subjectType: subject.type, subjectId: subject.id },
      { ifVersion: file._version },
    );
    if (!attached.ok) return err(attached.error);
  }
  return ok(undefined);
}

/**
 * Links for every photo id in `groups` (a record's photos, its resolution's, …), fetched once,
 * for the viewer the reply is built for (a link made for one account opens for no other).
 */
export async function photoLinks(
  ctx: AppContext,
  viewerId: string,
  ...groups: ReadonlyArray<readonly string[] | undefined | null>
): Promise<PhotoLinks> {
  const ids = [...new Set(groups.flatMap((g) => g ?? []))];
  return ids.length === 0 ? new Map() : ctx.files.links(ids, viewerId);
}

/** The photos of `ids` that have a link, in order. */
export function photoViews(ids: readonly string[], links: PhotoLinks): PhotoView[] {
  const out: PhotoView[] = [];
  for (const fileId of ids) {
    const url = links.get(fileId);
    if (url !== undefined) out.push({ fileId, url });
  }
  return out;
}

/**
 * Records a stored upload in `files`: who uploaded it (an input may name it only for them)
 * and where it lies. The local host's upload route and CloudBase's `preparePhotoUpload` call it.
 */
export function recordUpload(
  ctx: AppContext,
  file: Omit<FileRecord, '_version'>,
): Promise<Result<FileRecord>> {
  return fileWriter.insert(ctx.store, file);
}
