/** The records only the local host keeps: password credentials and sign-in sessions. */
import { CREDENTIALS, SESSIONS } from '../store/collections';
import { writerOf } from '../store/store.writer';

export const sessionWriter = writerOf('host', SESSIONS);
export const credentialWriter = writerOf('host', CREDENTIALS);
