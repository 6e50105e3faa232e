/** Task (任务) states and kinds (docs/domain.md §2). */
export const TASK_STATUSES = ['open', 'acknowledged', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_KINDS = [
  'handle_concern',
  'verify_clue',
  'review_clue',
  'mediate',
  'return_visit',
  'supervise',
  'reschedule_session',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];
