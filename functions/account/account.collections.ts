/** The records the account concept (账号) owns and alone writes. */
import { ACCOUNT_KEYS, ACCOUNTS, STAFF_INVITATIONS } from '../store/collections';
import { writerOf } from '../store/store.writer';

export const accountWriter = writerOf('account', ACCOUNTS);
export const accountKeyWriter = writerOf('account', ACCOUNT_KEYS);
export const invitationWriter = writerOf('account', STAFF_INVITATIONS);
