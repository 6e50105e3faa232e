/** Why a legal-education (普法) action was refused, beyond its error code (`details.reason`). */
export const LEARNING_ERROR_REASONS = [
  /** Every seat of the 法德讲堂 lecture is taken. */
  'lecture_full',
  /** A legal adviser named an article someone else wrote (only its author or the admin edit it). */
  'not_author',
] as const;
export type LearningErrorReason = (typeof LEARNING_ERROR_REASONS)[number];
