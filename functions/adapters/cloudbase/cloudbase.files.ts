/**
 * Photos on CloudBase storage (云存储). The bucket is private (`deploy` sets its ACL to
 * PRIVATE: a file is read and written by its uploader and by the functions, nobody else), so a
 * villager's photo never has a public address. The mini-program uploads each photo to
 * `uploads/<accountId>/<random>.<ext>` (shared/files/upload-path.ts); an input may name
 * only files under the caller's own folder of this environment, and a reply carries temporary
 * links (getTempFileURL) for the photos its viewer may see.
 */
import { PHOTO_EXTENSIONS, uploadFolder } from '../../../shared/files/upload-path';
import type { FileStore, Logger } from '../../runtime/ports';

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
  /** The environment id (`TCB_ENV`); a file id of another environment is refused. */
  readonly envId: string | null;
  readonly log: Logger;
}

const EXT = `(?:${PHOTO_EXTENSIONS.join('|')})`;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `fileId` is a photo in `accountId`'s upload folder of environment `envId`. */
export function isOwnUpload(fileId: string, accountId: string, envId: string | null): boolean {
  const env = envId === null ? '[A-Za-z0-9-]+' : escapeRegExp(envId);
  const pattern = new RegExp(
    `^cloud://${env}\\.[A-Za-z0-9-]+/${escapeRegExp(uploadFolder(accountId))}[A-Za-z0-9_-]{1,64}\\.${EXT}$`,
    'i',
  );
  return pattern.test(fileId);
}

export function createCloudbaseFiles(options: CloudbaseFilesOptions): FileStore {
  const { envId, log } = options;
  return {
    async firstNotOwned(accountId, ids) {
      const index = ids.findIndex((id) => !isOwnUpload(id, accountId, envId));
      return index === -1 ? null : index;
    },

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
