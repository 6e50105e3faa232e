/**
 * Every notice (通知) the product sends, by name: a push's `template`. The names are the keys
 * a deployment maps to WeChat subscribe-message templates (`WX_SUBSCRIBE_TEMPLATES`: a name,
 * a prefix such as `concern.*`, or `*`), so they are listed once, here, and typed wherever a
 * notice is queued.
 */
import type { TaskKind } from '../../shared/task/task.status';

export const CONCERN_NOTICES = [
  'concern.received',
  'concern.accepted',
  'concern.resolved',
  'concern.rejected',
  'concern.extended',
  'concern.transferred',
  'concern.supervised',
  'concern.near_due',
  'concern.escalated',
  'concern.escalated_reporter',
  'concern.rate',
  'concern.rated',
  'concern.reopened',
  'concern.deadline_moved',
  'concern.deadline_moved_reporter',
  'concern.returned',
] as const;

export const CLUE_NOTICES = [
  'clue.progress',
  'clue.supplemented',
  'clue.verified',
  'clue.reply_near_due',
  'clue.result_near_due',
  'clue.deadline_moved',
] as const;

export const MEDIATION_NOTICES = [
  'mediation.booked',
  'mediation.changed',
  'mediation.reminder',
  'mediation.outcome',
  'mediation.confirmation',
  'mediation.confirmation_reminder',
  'mediation.confirmation_reminder_mediator',
  'mediation.deadline_moved',
  'mediation.session_on_holiday',
  'mediation.session_holiday_lifted',
  'mediation.no_show',
  'mediation.visit',
] as const;

/** A task whose own deadline the calendar moved. */
export const TASK_NOTICES = ['task.deadline_moved'] as const;

export type ConcernNotice = (typeof CONCERN_NOTICES)[number];
export type ClueNotice = (typeof CLUE_NOTICES)[number];
export type MediationNotice = (typeof MEDIATION_NOTICES)[number];
/** A new task's push names its kind. */
export type TaskNotice = `task.${TaskKind}`;

export type NoticeName =
  ConcernNotice | ClueNotice | MediationNotice | TaskNotice | (typeof TASK_NOTICES)[number];
