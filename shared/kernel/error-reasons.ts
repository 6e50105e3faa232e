/**
 * Every second-level error reason (`details.reason`) the functions answer, as one union of
 * the kernel's own and each concept's (`shared/<concept>/<concept>.errors.ts`).
 */
import type { AccountErrorReason } from '../account/account.errors';
import type { CalendarErrorReason } from '../calendar/calendar.errors';
import type { ClueErrorReason } from '../clue/clue.errors';
import type { ConcernErrorReason } from '../concern/concern.errors';
import type { LearningErrorReason } from '../learning/learning.errors';
import type { MediationErrorReason } from '../mediation/mediation.errors';
import type { TaskErrorReason } from '../task/task.errors';

/** Reasons of the call path itself. */
export const KERNEL_ERROR_REASONS = [
  /** A concurrent retry of the same request met the first one's stored result. */
  'duplicate-request',
  /** A timer step was taken already (its mark exists). */
  'timer-step-already-done',
  /** The record changed since it was read (`expectedVersion`). */
  'stale',
  /** The content check (内容安全) could not be reached; try again. */
  'content_check_unavailable',
  /** The server's storage is full, read-only or failing: nothing was saved; try again later. */
  'storage_unavailable',
  /** A state machine: the record belongs to another town. */
  'other_town',
  /** A state machine: the caller's roles do not allow the transition. */
  'role',
  /** The caller used up a rate limit's window (functions/runtime/limits.ts). */
  'rate_limited',
] as const;
export type KernelErrorReason = (typeof KERNEL_ERROR_REASONS)[number];

export type ErrorReason =
  | KernelErrorReason
  | AccountErrorReason
  | CalendarErrorReason
  | ClueErrorReason
  | ConcernErrorReason
  | LearningErrorReason
  | MediationErrorReason
  | TaskErrorReason;
