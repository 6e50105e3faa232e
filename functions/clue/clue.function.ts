/**
 * The `clue` cloud function: public-interest-litigation clues (公益诉讼线索), after the seed's
 * "网格化+公益诉讼" — villagers report, the grid's "千里眼、顺风耳" verify on the spot (核实),
 * the procuratorate reviews and answers every clue (件件有回复).
 */
import {
  getClueInputSchema,
  listCluesForReviewInputSchema,
  listMyCluesInputSchema,
  reviewClueInputSchema,
  submitClueInputSchema,
  supplementClueInputSchema,
  trackClueInputSchema,
  verifyClueInputSchema,
} from '../../shared/clue/clue.schema';
import { defineAction, defineFunction } from '../runtime/action';
import { getClue, listCluesForReview, listMyClues, trackClue } from './read-clues';
import { reviewClue } from './review-clue';
import { submitClue } from './submit-clue';
import { supplementClue } from './supplement-clue';
import { verifyClue } from './verify-clue';

export const clueFunction = defineFunction('clue', {
  /**
   * Anyone may file, signed in or not. Idempotent by `requestId`, but through the use case's
   * own record: dispatch's key carries the caller's account, which an anonymous clue must not.
   */
  submit: defineAction({ input: submitClueInputSchema, access: 'public', run: submitClue }),
  /** The public tracking page (查询进度), by code, no login. */
  track: defineAction({ input: trackClueInputSchema, access: 'public', run: trackClue }),
  /**
   * The reporter adds what was asked for, by code. Not idempotent through dispatch, whose
   * record would carry a signed-in caller's account; a repeat is refused as a CONFLICT.
   */
  supplement: defineAction({
    input: supplementClueInputSchema,
    access: 'public',
    run: supplementClue,
  }),
  /** A named reporter's own clues. */
  listMine: defineAction({ input: listMyCluesInputSchema, access: 'account', run: listMyClues }),
  /** One clue, as the viewer may see it; grid workers only with a 核实 task on it. */
  get: defineAction({
    input: getClueInputSchema,
    access: ['prosecutor', 'prosecutor_liaison', 'center_operator', 'grid_worker'],
    run: getClue,
  }),
  /** The review queue (待审查线索), oldest first, with deadline states. */
  listForReview: defineAction({
    input: listCluesForReviewInputSchema,
    access: ['prosecutor', 'prosecutor_liaison'],
    run: listCluesForReview,
  }),
  /** A review step through the clue machine; a retry answers the first result. */
  review: defineAction({
    input: reviewClueInputSchema,
    access: ['prosecutor', 'prosecutor_liaison'],
    idempotent: true,
    run: reviewClue,
  }),
  /** The grid worker's on-the-spot report (现场核实). */
  verify: defineAction({
    input: verifyClueInputSchema,
    access: ['grid_worker'],
    idempotent: true,
    run: verifyClue,
  }),
});
