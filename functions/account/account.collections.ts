/** The records the account concept (账号) owns and alone writes. */
import { ok } from '../../shared/kernel/result';
import { touchDirectory } from '../runtime/directory';
import { ACCOUNT_KEYS, ACCOUNTS, STAFF_INVITATIONS } from '../store/collections';
import { writerOf } from '../store/store.writer';

/** A write of a staff account (or of one that was staff) bumps its town's roster revision. */
export const accountWriter = writerOf('account', ACCOUNTS, {
  async afterWrite(db, { before, after }) {
    const towns = new Set<string>();
    for (const doc of [before, after]) if (doc?.isStaff === true) towns.add(doc.townId);
    for (const townId of towns) {
      const touched = await touchDirectory(null, db, townId);
      if (!touched.ok) return touched;
    }
    return ok(undefined);
  },
});
export const accountKeyWriter = writerOf('account', ACCOUNT_KEYS);
export const invitationWriter = writerOf('account', STAFF_INVITATIONS);
