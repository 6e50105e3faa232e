/** The records the concern concept (说事/诉求) owns and alone writes. */
import { CONCERNS } from '../store/collections';
import { writerOf } from '../store/store.writer';

export const concernWriter = writerOf('concern', CONCERNS);
