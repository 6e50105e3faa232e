/** Why a concern (说事) action was refused, beyond its error code (`details.reason`). */
export const CONCERN_ERROR_REASONS = [
  /** Only the current assignee or the centre may handle the concern. */
  'not_assignee',
  /** 代办: the villager's place lies outside the filing worker's grid. */
  'out_of_scope',
  /** 我也遇到了: one does not join one's own concern. */
  'own_concern',
  /** 我也遇到了: the concern is no longer open. */
  'closed',
  /** 我也遇到了: the concern is not near the place the joiner named. */
  'not_nearby',
  /** `leave`: the caller does not follow this concern. */
  'not_following',
  /** A concern takes at most 500 followers. */
  'too_many_followers',
] as const;
export type ConcernErrorReason = (typeof CONCERN_ERROR_REASONS)[number];
