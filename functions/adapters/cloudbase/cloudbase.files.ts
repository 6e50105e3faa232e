/**
 * Photos on CloudBase storage (云存储). The bucket is private (`deploy` sets its ACL to
 * PRIVATE: a file is read and written by its uploader and by the functions, nobody else), so a
 * villager's photo never has a lasting address. The mini-program asks for a random path first
 * (`account.preparePhotoUpload`, recorded in `files` with the caller) and uploads there; an
 * input may name only a file of this environment whose record says the caller asked for it,
 * and a reply carries temporary links (getTempFileURL) for the photos its viewer may see.
 */
import { PHOTO_EXTENSIONS, PHOTO_KEY, UPLOAD_FOLDER } from '../../../shared/files/upload-path';
import type { FileStore, Logger } from '../../runtime/ports';
import type { Store } from '../../store/store.port';
import { FILES } from '../../store/collections';
import { asDb } from '../../store/store.raw';

/** Seconds a temporary link stays valid. */
export const TEMP_URL_SECONDS = 2 * 60 * 60;
/** Files per getTempFileURL request (the storage API's batch limit). */
export const TEMP_URL_BATCH = 50;

/** The part of node-sdk's app this adapter uses. */
export interface TempUrlApi {
  getTempFileURL(options: { fileList: Array<{ fileID: string; maxAge: number }> }): Promise<{
    code?: string;
    message?: string;
    fileList?: Array<{ code?: string; fileID: string; tempFileURL?: string }>;
  }>;
}

export interface CloudbaseFilesOptions {
  readonly api: () => Promise<TempUrlApi>;
  /** Where `preparePhotoUpload` recorded who asked for each path. */
  readonly store: Store;
  /** The environment id (`TCB_ENV`); a file id of another environment is refused. */
  readonly envId: string | null;
  readonly log: Logger;
}

const EXT = `(?:${PHOTO_EXTENSIONS.join('|')})`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The storage path and photo key of `fileId` when it is a photo of environment `envId`
 * (`cloud://<env>.<bucket>/uploads/<key>.<ext>`), else null.
 */
export function photoOf(
  fileId: string,
  envId: string | null,
): { readonly path: string; readonly key: string } | null {
  const env = envId === null ? '[A-Za-z0-9-]+' : escapeRegExp(envId);
  const pattern = new RegExp(
    `^cloud://${env}\\.[A-Za-z0-9-]+/(${UPLOAD_FOLDER}([A-Za-z0-9_-]+)\\.${EXT})$`,
  );
  const match = pattern.exec(fileId);
  if (match === null || !PHOTO_KEY.test(match[2]!)) return null;
  return { path: match[1]!, key: match[2]! };
}

export function createCloudbaseFiles(options: CloudbaseFilesOptions): FileStore {
  const { envId, log } = options;
  return {
    recordIdOf: (fileId) => photoOf(fileId, envId)?.key ?? null,

    async firstNotOwned(accountId, ids) {
      for (const [index, id] of ids.entries()) {
        const photo = photoOf(id, envId);
        const record = photo === null ? null : await FILES.get(asDb(options.store), photo.key);
        if (record?.uploaderId !== accountId || record.path !== photo?.path) return index;
      }
      return null;
    },

    // A temporary URL is a bearer link (getTempFileURL cannot bind a viewer): it is handed
    // only to a viewer a use case cleared, and lasts two hours.
    async links(ids) {
      const out = new Map<string, string>();
      const unique = [...new Set(ids)];
      if (unique.length === 0) return out;
      try {
        const api = await options.api();
        for (let i = 0; i < unique.length; i += TEMP_URL_BATCH) {
          const fileList = unique
            .slice(i, i + TEMP_URL_BATCH)
            .map((fileID) => ({ fileID, maxAge: TEMP_URL_SECONDS }));
          const reply = await api.getTempFileURL({ fileList });
          // node-sdk answers a failed request with its code instead of throwing.
          if (typeof reply.code === 'string' && reply.code !== '') {
            log.error({ code: reply.code, message: reply.message }, 'getTempFileURL refused');
            continue;
          }
          for (const file of reply.fileList ?? []) {
            const ok = file.code === undefined || file.code === 'SUCCESS';
            if (ok && typeof file.tempFileURL === 'string' && file.tempFileURL !== '') {
              out.set(file.fileID, file.tempFileURL);
            } else {
              log.warn({ fileID: file.fileID, code: file.code }, 'photo has no link');
            }
          }
        }
      } catch (thrown) {
        // A record stays readable without its photos; the log says why they are missing.
        log.error({ err: thrown }, 'getTempFileURL failed');
      }
      return out;
    },
  };
}
