/** The records the concern concept (说事/诉求) owns and alone writes. */
import { CONCERN_FOLLOWS, CONCERNS } from '../store/collections';
import { writerOf } from '../store/store.writer';

export const concernWriter = writerOf('concern', CONCERNS);
export const followWriter = writerOf('concern', CONCERN_FOLLOWS);
