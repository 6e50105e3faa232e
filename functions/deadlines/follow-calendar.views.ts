/**
 * What the admin's preview and save show of a holiday-table change (deadlines/follow-calendar.ts):
 * kept apart so the mini-program's type-only imports of it reach no server code.
 */

/** One date that moves, as the admin's preview lists it (no personal data, no tracking code). */
export interface CalendarMoveView {
  readonly kind:
    | 'concern'
    | 'clue_reply'
    | 'clue_result'
    | 'task'
    | 'mediation_target'
    | 'confirmation'
    | 'session_on_holiday'
    | 'session_lifted';
  readonly label: string;
  readonly from: string | null;
  readonly to: string | null;
}

/** How many of each kind move. */
export interface CalendarMoveCounts {
  readonly concerns: number;
  readonly clues: number;
  readonly tasks: number;
  readonly mediationTargets: number;
  readonly confirmations: number;
  readonly sessionsOnHoliday: number;
  readonly sessionsLifted: number;
}
