/** Subscribe-message consent, shared by the per-platform files (subscribe.weapp.ts / .h5.ts). */

/**
 * When consent is asked, each with its own templates (MINIAPP_SUBSCRIBE_TEMPLATES): staff for
 * new tasks, villagers for the progress of a concern, a booking or a named clue.
 */
export type SubscribeMoment = 'staffTasks' | 'concern' | 'booking' | 'clue';

/** WeChat asks for at most 3 templates in one dialog. */
export const MAX_TEMPLATES_PER_ASK = 3;

export interface ConsentOutcome {
  /** Whether a dialog was shown (not when nothing was left to ask). */
  readonly asked: boolean;
  /** The templates the person allowed this time. */
  readonly accepted: readonly string[];
}

/** What the person answered last: allowed every template, refused one, or never asked. */
export type ConsentState = 'accepted' | 'refused' | 'unknown';
