/** Why a clue (公益诉讼线索) action was refused, beyond its error code (`details.reason`). */
export const CLUE_ERROR_REASONS = [
  /** A fresh tracking code collided with one given out (tried again internally). */
  'tracking-code-taken',
  /** A clue takes only so many supplements. */
  'too_many_supplements',
  /** The verifier has no open verification task for this clue. */
  'no_task',
  /** Only the clue's own verifier may report the check. */
  'not_assignee',
] as const;
export type ClueErrorReason = (typeof CLUE_ERROR_REASONS)[number];
