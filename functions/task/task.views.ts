/**
 * Replies about tasks (任务): what the assignee needs to act — the kind, the deadline and
 * where it stands, a one-line summary of the subject, and why it came to them. A summary
 * never names a reporter: a clue's reporter stays with the prosecutor (docs/domain.md §2).
 */
import type { DeadlineState } from '../../shared/calendar/deadlines';
import type { Task, TaskReason, TaskSubjectType } from '../../shared/task/task.schema';
import { TASK_KIND_LABELS, TASK_STATUS_LABELS } from '../../shared/task/task.schema';

/** What a task is about, in one line. */
export interface TaskSubjectView {
  readonly type: TaskSubjectType;
  readonly id: string;
  readonly summary: string;
}

/** One task as its assignee sees it. */
export interface TaskView {
  readonly id: string;
  readonly kind: Task['kind'];
  readonly kindLabel: string;
  readonly status: Task['status'];
  readonly statusLabel: string;
  readonly dueAt: string | null;
  /** on_time / near_due / overdue while pending; null without a deadline or once finished. */
  readonly deadline: DeadlineState | null;
  /** How late a pending task is, as its rule counts (「超期1个工作日」, 「超时3小时」); else null. */
  readonly overdueText: string | null;
  /** Beside the date when it was counted in a year without holiday data; else null. */
  readonly calendarNote: string | null;
  readonly subject: TaskSubjectView;
  readonly reason: TaskReason;
  readonly createdAt: string;
  readonly acknowledgedAt?: string;
  readonly doneAt?: string;
}

/** Subjects other than concerns, named without opening them. */
export const SUBJECT_TYPE_LABELS: Readonly<Record<TaskSubjectType, string>> = {
  concern: '群众说事',
  clue: '公益诉讼线索',
  booking: '调解预约',
};

/** The assignee's view of a task. */
export function toTaskView(
  task: Task,
  summary: string,
  deadline: {
    readonly deadline: DeadlineState | null;
    readonly overdueText: string | null;
    readonly calendarNote: string | null;
  },
): TaskView {
  return {
    id: task._id,
    kind: task.kind,
    kindLabel: TASK_KIND_LABELS[task.kind],
    status: task.status,
    statusLabel: TASK_STATUS_LABELS[task.status],
    dueAt: task.dueAt,
    ...deadline,
    subject: { type: task.subject.type, id: task.subject.id, summary },
    reason: { ruleId: task.reason.ruleId, explanation: task.reason.explanation },
    createdAt: task.createdAt,
    ...(task.acknowledgedAt === undefined ? {} : { acknowledgedAt: task.acknowledgedAt }),
    ...(task.doneAt === undefined ? {} : { doneAt: task.doneAt }),
  };
}

/** What a pushed task notice carries to the page: never the outbox entry itself. */
export interface TaskEventView {
  readonly outboxId: string;
  readonly title: string;
  readonly body: string;
  readonly link: { readonly type: string; readonly id: string } | null;
}
