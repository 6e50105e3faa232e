/**
 * Uploads (上传照片) on the local host — the embedded file store of docs/domain.md §3: photos are
 * checked by their bytes, bounded in pixels, re-encoded without any metadata
 * (runtime/photo-encode.ts: no EXIF, XMP or ICC is ever stored or served), kept under
 * `<dataDir>/files/<yyyy>/<mm>/<fileId>.jpg` and recorded
 * in the `files` collection; a use case attaches them to a concern or clue later by setting
 * `subjectType` / `subjectId`. A file is served, to a signed-in caller, by a link a use case
 * signed for a viewer it cleared (adapters/local/files.ts), or to its own uploader.
 */
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { appError } from '../../shared/kernel/errors';
import type { LocalFiles } from '../adapters/local/files';
import { LOCAL_FILE_ID } from '../adapters/local/files';
import type { AppContext } from '../runtime/context';
import { resolveCaller } from '../runtime/caller';
import { HOST_MESSAGES, sendError, sendErrorWithStatus, sendOk } from './host.replies';
import type { ImageMime } from './image.sniff';
import { sniffImage } from './image.sniff';
import type { SessionManager } from './sessions';
import { FILES } from '../store/collections';
import { StorageUnavailableError, storageError } from '../store/store.errors';
import { recordUpload } from '../runtime/photos';
import { spendUploadQuota } from '../runtime/uploads';
import { TOO_MANY_PIXELS_MESSAGE, reencodePhoto, withinPixelLimit } from '../runtime/photo-encode';

/** Largest photo accepted, in bytes (10 MB). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** A stored file, as the `files` collection keeps it. */
export interface FileRecord {
  readonly townId: string;
  readonly uploaderId: string;
  readonly mime: ImageMime;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
  /** Path under the data folder, with forward slashes. */
  readonly path: string;
  readonly createdAt: string;
  /** What the file belongs to, set when a use case attaches it (null until then). */
  readonly subjectType: string | null;
  readonly subjectId: string | null;
}

export interface FilesDeps {
  readonly ctx: AppContext;
  readonly sessions: SessionManager;
  readonly files: LocalFiles;
  readonly dataDir: string;
}

/** Registers /api/upload and /api/files/:id. */
export function registerFileRoutes(app: FastifyInstance, deps: FilesDeps): void {
  const { ctx, sessions } = deps;
  const filesRoot = resolve(deps.dataDir, 'files');

  app.post('/api/upload', async (request, reply) => {
    const caller = await resolveCaller(ctx, await sessions.identityOf(request));
    if (caller.account === null) return sendError(reply, appError('UNAUTHENTICATED'));
    // The account's upload quota, before a byte is read.
    const quota = await spendUploadQuota(ctx, caller.account._id);
    if (!quota.ok) return sendError(reply, quota.error);
    if (!request.isMultipart()) {
      return sendErrorWithStatus(reply, 415, 'VALIDATION_FAILED', HOST_MESSAGES.noFile);
    }
    const part = await request.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    if (part === undefined || part.fieldname !== 'file') {
      return sendError(
        reply,
        appError('VALIDATION_FAILED', HOST_MESSAGES.noFile, {
          fields: [{ field: 'file', message: HOST_MESSAGES.noFile }],
        }),
      );
    }
    // Throws RequestFileTooLargeError (413) past the limit; the error handler answers it.
    const bytes = await part.toBuffer();
    const image = sniffImage(bytes);
    if (image === null) {
      return sendErrorWithStatus(reply, 415, 'VALIDATION_FAILED', HOST_MESSAGES.badImage, {
        fields: [{ field: 'file', message: HOST_MESSAGES.badImage }],
      });
    }
    // The header's size is checked before a single pixel is decoded (a decompression bomb).
    if (!withinPixelLimit(image.width, image.height)) {
      request.log.warn({ width: image.width, height: image.height }, 'upload refused: pixels');
      return sendErrorWithStatus(reply, 413, 'VALIDATION_FAILED', TOO_MANY_PIXELS_MESSAGE, {
        fields: [{ field: 'file', message: TOO_MANY_PIXELS_MESSAGE }],
      });
    }
    const encoded = await reencodePhoto(bytes);
    if (!encoded.ok) {
      const status = encoded.refusal.reason === 'too_many_pixels' ? 413 : 415;
      return sendErrorWithStatus(reply, status, 'VALIDATION_FAILED', encoded.refusal.message, {
        fields: [{ field: 'file', message: encoded.refusal.message }],
      });
    }
    const photo = encoded.photo;

    const now = ctx.clock.nowIso();
    const fileId = ctx.ids.newId('file');
    const relative = `files/${now.slice(0, 4)}/${now.slice(5, 7)}/${fileId}.${photo.ext}`;
    const target = join(deps.dataDir, relative);
    // Written aside and renamed, so a half-written photo is never served; a full or read-only
    // disk leaves no part behind and gets its own retryable answer.
    try {
      await mkdir(join(target, '..'), { recursive: true });
      await writeFile(`${target}.part`, photo.bytes, { mode: 0o600 });
      await rename(`${target}.part`, target);
    } catch (thrown) {
      await rm(`${target}.part`, { force: true }).catch(() => undefined);
      const code = (thrown as NodeJS.ErrnoException).code;
      const problem =
        code === 'ENOSPC' || code === 'EDQUOT'
          ? 'full'
          : code === 'EROFS' || code === 'EACCES'
            ? 'readonly'
            : null;
      if (problem === null) throw thrown;
      request.log.error({ code }, 'upload not stored: storage unavailable');
      return sendError(reply, storageError(problem));
    }
    let stored: Awaited<ReturnType<typeof recordUpload>>;
    try {
      stored = await recordUpload(ctx, {
        _id: fileId,
        townId: caller.account.townId,
        uploaderId: caller.account._id,
        mime: photo.mime,
        bytes: photo.bytes.length,
        width: photo.width,
        height: photo.height,
        path: relative,
        createdAt: now,
        subjectType: null,
        subjectId: null,
      });
    } catch (thrown) {
      await rm(target, { force: true });
      if (!(thrown instanceof StorageUnavailableError)) throw thrown;
      return sendError(reply, storageError(thrown.problem));
    }
    if (!stored.ok) {
      await rm(target, { force: true });
      return sendError(reply, stored.error);
    }
    request.log.info(
      { fileId, received: bytes.length, bytes: photo.bytes.length, from: image.mime },
      'file stored',
    );
    return sendOk(reply, { fileId });
  });

  app.get<{ Params: { id: string }; Querystring: { e?: string; s?: string } }>(
    '/api/files/:id',
    async (request, reply) => {
      const caller = await resolveCaller(ctx, await sessions.identityOf(request));
      if (caller.account === null) return sendError(reply, appError('UNAUTHENTICATED'));
      const notFound = appError('NOT_FOUND', '没有找到这个文件');
      if (!LOCAL_FILE_ID.test(request.params.id)) return sendError(reply, notFound);
      const file = await FILES.get(ctx.store, request.params.id);
      if (file === null) return sendError(reply, notFound);
      // The uploader, or the viewer a use case signed this link for, of the file's town.
      const mayRead =
        file.uploaderId === caller.account._id ||
        (file.townId === caller.account.townId &&
          deps.files.verifyLink(file._id, request.query.e, request.query.s, caller.account._id));
      if (!mayRead) return sendError(reply, appError('FORBIDDEN', '您没有权限查看这个文件'));
      const path = resolve(deps.dataDir, file.path);
      if (!path.startsWith(filesRoot + sep)) return sendError(reply, notFound);
      const found = await stat(path).catch(() => null);
      if (found === null || !found.isFile()) return sendError(reply, notFound);
      return reply
        .header('content-type', file.mime)
        .header('content-length', String(found.size))
        .header('cache-control', 'private, max-age=86400')
        .header('content-disposition', 'inline')
        .send(createReadStream(path));
    },
  );
}
