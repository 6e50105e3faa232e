/** Why a task (任务) action was refused, beyond its error code (`details.reason`). */
export const TASK_ERROR_REASONS = [
  /** A concern task is finished by resolving the concern, not the task. */
  'resolve_concern',
] as const;
export type TaskErrorReason = (typeof TASK_ERROR_REASONS)[number];
