/** The clue concept's (公益诉讼线索) public face: what other folders may call. */
/** For the `deadlines` sweep: the 件件有回复 reply deadlines. */
export { pressClueDeadline } from './press-clue-deadlines';
export type { ClueStepOutcome } from './press-clue-deadlines';
/** For the deadlines folder: reply deadlines counted again when the holiday table changes. */
export { clueDeadlinesOn, moveClueDeadlines } from './follow-calendar';
export type { ClueDeadlinesMove } from './follow-calendar';
