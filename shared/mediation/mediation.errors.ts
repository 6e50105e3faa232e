/** Why a mediation (调解) action was refused, beyond its error code (`details.reason`). */
export const MEDIATION_ERROR_REASONS = [
  /** Every seat of the slot is taken. */
  'slot_full',
  /** The step was taken already (an outcome recorded, a confirmation requested). */
  'already',
  /** The 30-day 司法确认 period is over. */
  'deadline_passed',
  /** The dispute type or outcome allows no 司法确认. */
  'ineligible',
  /** There is no signed agreement to act on. */
  'no_agreement',
  /** A grid worker's 代办 named a villager outside their grid. */
  'out_of_scope',
  /** The session's slot has not started: no outcome or no-show yet. */
  'session_not_started',
  /** Only a no-show booking can be booked again from. */
  'not_no_show',
  /** The no-show booking was booked again already. */
  'already_rebooked',
] as const;
export type MediationErrorReason = (typeof MEDIATION_ERROR_REASONS)[number];
