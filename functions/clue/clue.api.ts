/** The clue concept's (公益诉讼线索) public face: what other folders may call. */
/** For the `deadlines` sweep: the 件件有回复 reply deadlines. */
export { pressClueDeadline } from './press-clue-deadlines';
export type { ClueStepOutcome } from './press-clue-deadlines';
/** For the concern concept: a concern handed to the procuratorate becomes a clue. */
export { prepareClueFromConcern, storeClueFromConcern } from './file-clue-from-concern';
export type { ConcernFacts, PreparedClue } from './file-clue-from-concern';
/** For the deadlines folder: reply deadlines counted again when the holiday table changes. */
export { clueDeadlinesOn, moveClueDeadlines } from './follow-calendar';
export type { ClueDeadlinesMove } from './follow-calendar';
