/**
 * A photo as the local host's upload route leaves it in the `files` collection (the bytes are
 * not needed to sign or check a link), for scenarios that attach photos.
 */
import type { FileRecord } from '../../functions/host/files.routes';
import type { EmbeddedRuntime } from '../../functions/adapters/embedded';

let seq = 0;

/** Records a photo uploaded by `uploader`; answers its file id. */
export async function storedPhoto(
  runtime: Pick<EmbeddedRuntime, 'store' | 'ctx'>,
  uploader: { readonly _id: string; readonly townId: string },
): Promise<string> {
  seq += 1;
  const fileId = `file_test_${String(seq).padStart(5, '0')}`;
  const record: FileRecord = {
    townId: uploader.townId,
    uploaderId: uploader._id,
    mime: 'image/jpeg',
    bytes: 1024,
    width: 4,
    height: 3,
    path: `files/2025/11/${fileId}.jpg`,
    createdAt: runtime.ctx.clock.nowIso(),
    subjectType: null,
    subjectId: null,
  };
  const stored = await runtime.store.insert('files', { _id: fileId, ...record });
  if (!stored.ok) throw new Error(`could not record photo: ${stored.error.message}`);
  return fileId;
}
