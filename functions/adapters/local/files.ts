/**
 * The embedded file store (docs/domain.md §3): photos live under the data folder and in the `files`
 * collection (functions/host/files.routes.ts writes both on upload). A link is the host's
 * `/api/files/<id>` signed with HMAC-SHA256 over the id, the viewer's account and an expiry
 * (a link copied to anyone else, of this town or another, opens nothing), with a key that lives
 * as long as the process (a restart only makes open pages load their views again). The expiry
 * is rounded up to the hour, so one photo keeps one URL for an hour and the browser cache works.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock, FileStore } from '../../runtime/ports';
import type { Store } from '../../store/store.port';
import { FILES } from '../../store/collections';
import { asDb } from '../../store/store.raw';

/** How long a link stays valid, at least (it may last up to an hour longer). */
export const LINK_TTL_SECONDS = 2 * 60 * 60;

const HOUR = 3600;
/** The embedded host's file ids (functions/host/files.routes.ts). */
export const LOCAL_FILE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface LocalFiles extends FileStore {
  /**
   * Whether `expires`/`signature` from a link's query are this process's, for `fileId` and
   * the viewer `viewerId` it was made for, unexpired.
   */
  verifyLink(fileId: string, expires: unknown, signature: unknown, viewerId: string): boolean;
}

export interface LocalFilesOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** The signing key; random per process unless a test fixes it. */
  readonly key?: Buffer;
}

export function createLocalFiles(options: LocalFilesOptions): LocalFiles {
  const { clock } = options;
  const store = asDb(options.store);
  const key = options.key ?? randomBytes(32);
  const sign = (fileId: string, expires: number, viewerId: string) =>
    createHmac('sha256', key).update(`${fileId}\n${viewerId}\n${expires}`).digest('base64url');

  return {
    recordIdOf: (fileId) => (LOCAL_FILE_ID.test(fileId) ? fileId : null),

    async firstNotOwned(accountId, ids) {
      for (const [index, id] of ids.entries()) {
        if (!LOCAL_FILE_ID.test(id)) return index;
        // Only a photo the host stored (bytes checked, `mime` recorded), not a CloudBase path.
        const file = await FILES.get(store, id);
        if (file?.uploaderId !== accountId || typeof file.mime !== 'string') return index;
      }
      return null;
    },

    async links(ids, viewerId) {
      const nowSec = Math.floor(clock.nowMs() / 1000);
      const expires = Math.ceil((nowSec + LINK_TTL_SECONDS) / HOUR) * HOUR;
      const out = new Map<string, string>();
      for (const id of new Set(ids)) {
        if (!LOCAL_FILE_ID.test(id) || (await FILES.get(store, id)) === null) continue;
        const query = `e=${expires}&s=${sign(id, expires, viewerId)}`;
        out.set(id, `/api/files/${encodeURIComponent(id)}?${query}`);
      }
      return out;
    },

    verifyLink(fileId, expires, signature, viewerId) {
      if (typeof expires !== 'string' || typeof signature !== 'string') return false;
      if (!/^\d{1,12}$/.test(expires)) return false;
      const at = Number(expires);
      if (at * 1000 < clock.nowMs()) return false;
      const want = Buffer.from(sign(fileId, at, viewerId));
      const got = Buffer.from(signature);
      return got.length === want.length && timingSafeEqual(got, want);
    },
  };
}
