/** Why a concern (说事) action was refused, beyond its error code (`details.reason`). */
export const CONCERN_ERROR_REASONS = [
  /** Only the current assignee or the centre may handle the concern. */
  'not_assignee',
  /** 代办: the villager's place lies outside the filing worker's grid. */
  'out_of_scope',
] as const;
export type ConcernErrorReason = (typeof CONCERN_ERROR_REASONS)[number];
