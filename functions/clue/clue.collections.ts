/** The records the clue concept (公益诉讼线索) owns and alone writes. */
import { CLUE_CODES, CLUES } from '../store/collections';
import { writerOf } from '../store/store.writer';

export const clueWriter = writerOf('clue', CLUES);
export const clueCodeWriter = writerOf('clue', CLUE_CODES);
