/**
 * Small shared bits of the villager's concern screens (首页, 我的, 说事详情): which statuses
 * wait for the villager's rating or are finished, and the due date in plain words.
 * Status groups mirror CONCERN_GROUPS in shared/concern/concern.machine.ts.
 */
import type { ConcernStatus } from '../../../shared/concern/concern.status';
import { formatDue } from '../../lib/format';

const CLOSED: readonly ConcernStatus[] = ['satisfied', 'archived', 'rejected'];

/** Resolved by the handler and waiting for the villager's 回访 answer. */
export function awaitsRating(status: ConcernStatus): boolean {
  return status === 'resolved';
}

/** Still being handled (not resolved, not finished). */
export function isBeingHandled(status: ConcernStatus): boolean {
  return !CLOSED.includes(status) && !awaitsRating(status);
}

/** Finished: rated, archived or not accepted. */
export function isFinished(status: ConcernStatus): boolean {
  return CLOSED.includes(status);
}

/** 「11月26日（周四）前办结」, or '' without a due date. */
export function dueWords(dueAt: string | null): string {
  return dueAt ? `${formatDue(dueAt)}前办结` : '';
}

/** Past its due date while still being handled. */
export function isOverdue(
  dueAt: string | null,
  status: ConcernStatus,
  now: number = Date.now(),
): boolean {
  if (!dueAt || !isBeingHandled(status)) return false;
  const due = Date.parse(dueAt);
  return Number.isFinite(due) && now > due;
}
