/** Why a calendar-related action was refused, beyond its error code (`details.reason`). */
export const CALENDAR_ERROR_REASONS = [
  /** A town's holiday entry disagrees with the library's data and was not confirmed. */
  'library_disagrees',
  /** A booking in a year whose holidays the town has not entered (no slots are offered). */
  'year_not_entered',
] as const;
export type CalendarErrorReason = (typeof CALENDAR_ERROR_REASONS)[number];
