/**
 * Tasks (任务), written by the call path only: a routing decision creates one for one
 * assignee and queues its push; a step moves it through the task machine with its own audit
 * event. Concerns, clues and bookings close their tasks with these steps, never by writing
 * the task themselves.
 */
import { CALENDAR_MOVED, movedText } from '../../shared/calendar/calendar.events';
import type { DueRule } from '../../shared/calendar/deadlines';
import { dueAtOf } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Actor } from '../../shared/kernel/roles';
import { systemActor } from '../../shared/kernel/roles';
import type { Task } from '../../shared/task/task.schema';
import { TASK_KIND_LABELS } from '../../shared/task/task.schema';
import { isPending, taskIntents } from '../../shared/task/task.machine';
import type { TaskKind } from '../../shared/task/task.status';
import { TASKS } from '../store/collections';
import type { Tx } from '../store/store.port';
import { appendEvent } from './changes';
import { adjustTaskLoad } from './directory';
import type { AppContext } from './context';
import { notify } from './outbox';
import { queryAll } from './paging';
import { taskWriter } from './runtime.collections';

export interface NewTaskInput {
  readonly townId: string;
  readonly kind: TaskKind;
  readonly subject: Task['subject'];
  readonly assigneeId: string;
  readonly dueAt: string | null;
  /** Set when the task's deadline is its own (not its subject's): counted again on a calendar change. */
  readonly dueRule?: DueRule;
  readonly reason: Task['reason'];
  /** Push title and body, in Chinese, for the assignee. */
  readonly title: string;
  readonly body: string;
}

/** Creates a task for one assignee and queues its push. */
export async function createTask(
  ctx: AppContext,
  tx: Tx,
  input: NewTaskInput,
): Promise<Result<Task>> {
  const now = ctx.clock.nowIso();
  const stored = await taskWriter.insert(tx, {
    _id: ctx.ids.newId('task'),
    townId: input.townId,
    createdAt: now,
    updatedAt: now,
    kind: input.kind,
    status: 'open',
    subject: input.subject,
    assigneeId: input.assigneeId,
    dueAt: input.dueAt,
    ...(input.dueRule === undefined ? {} : { dueRule: input.dueRule }),
    reason: input.reason,
  });
  if (!stored.ok) return stored;
  const counted = await adjustTaskLoad(tx, input.townId, input.assigneeId, 1, now);
  if (!counted.ok) return counted;
  const pushed = await notify(ctx, tx, {
    townId: input.townId,
    recipientId: input.assigneeId,
    template: `task.${input.kind}`,
    title: input.title,
    body: input.body,
    link: { type: 'task', id: stored.value._id },
  });
  if (!pushed.ok) return err(pushed.error);
  return ok(stored.value);
}

/** The fields a task step writes besides its status. */
export type TaskPatch = Partial<
  Pick<Task, 'acknowledgedAt' | 'doneAt' | 'note' | 'cancelledReason'>
>;

/** A task's note is at most 500 characters, a cancellation's reason 200. */
const NOTE_MAX = 500;
const REASON_MAX = 200;

/**
 * Moves one task through the task machine inside `tx`: the new status with `patch`, guarded
 * by the version read before the transaction (a concurrent change fails the whole
 * transaction with CONFLICT), and the task's audit event.
 */
export async function stepTask(
  ctx: AppContext,
  tx: Tx,
  task: Task,
  step: 'acknowledge' | 'complete' | 'cancel',
  actor: Actor,
  now: string,
  patch: TaskPatch = {},
): Promise<Result<void>> {
  const note = patch.note ?? patch.cancelledReason;
  const moved = taskIntents[step](task, actor, { now, ...(note === undefined ? {} : { note }) });
  if (!moved.ok) return moved;
  const fields: TaskPatch = {
    ...patch,
    ...(patch.note === undefined ? {} : { note: patch.note.slice(0, NOTE_MAX) }),
    ...(patch.cancelledReason === undefined
      ? {}
      : { cancelledReason: patch.cancelledReason.slice(0, REASON_MAX) }),
  };
  const updated = await taskWriter.update(
    tx,
    task._id,
    { status: moved.value.status, updatedAt: now, ...fields },
    { ifVersion: task._version },
  );
  if (!updated.ok) return err(updated.error);
  if (isPending(task) && !isPending(updated.value)) {
    const counted = await adjustTaskLoad(tx, task.townId, task.assigneeId, -1, now);
    if (!counted.ok) return counted;
  }
  return appendEvent(ctx, tx, moved.value.event);
}

/**
 * Closes the pending ones of `tasks` as the system: `complete` (完成, with `why` as the note)
 * when their subject's work is done, `cancel` (撤销, with `why` as the reason) when it no
 * longer needs doing. Each step is audited; the first failure stops and is returned.
 */
export async function closeTasks(
  ctx: AppContext,
  tx: Tx,
  tasks: readonly Task[],
  how: 'complete' | 'cancel',
  why: string,
  now: string,
): Promise<Result<void>> {
  for (const task of tasks.filter((t) => isPending(t))) {
    const patch: TaskPatch =
      how === 'complete' ? { doneAt: now, note: why } : { cancelledReason: why };
    const done = await stepTask(ctx, tx, task, how, systemActor(task.townId), now, patch);
    if (!done.ok) return done;
  }
  return ok(undefined);
}

/** Every task of a subject, oldest first (a handful each; read before a transaction). */
export function tasksOf(ctx: AppContext, subject: Task['subject']): Promise<Task[]> {
  return queryAll(ctx, TASKS, {
    where: { 'subject.type': subject.type, 'subject.id': subject.id },
    orderBy: { path: 'createdAt', order: 'asc' },
  });
}

/** Moves a pending task's due time (an extension moved its subject's deadline). */
export async function setTaskDue(
  tx: Tx,
  task: Task,
  dueAt: string | null,
  now: string,
): Promise<Result<void>> {
  const moved = await taskWriter.update(
    tx,
    task._id,
    { dueAt, updatedAt: now },
    { ifVersion: task._version },
  );
  return moved.ok ? ok(undefined) : err(moved.error);
}

/** A pending task's own deadline before and after the calendar changed. */
export interface TaskDueMove {
  readonly taskId: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Where a pending task's own deadline (its `dueRule`) lands on `calendar`, or null when it has
 * none or it does not move. Tasks that carry their subject's deadline move with the subject.
 */
export function taskDueOn(task: Task, calendar: WorkingCalendar): TaskDueMove | null {
  if (!isPending(task) || task.dueRule === undefined || task.dueAt === null) return null;
  const to = dueAtOf(task.dueRule, calendar);
  return to === null || to === task.dueAt ? null : { taskId: task._id, from: task.dueAt, to };
}

/**
 * Moves a task's own deadline because the calendar changed: the new date, an audit event on
 * the task, and a push telling its assignee where the date moved.
 */
export async function moveTaskDue(
  ctx: AppContext,
  tx: Tx,
  task: Task,
  move: TaskDueMove,
): Promise<Result<void>> {
  const now = ctx.clock.nowIso();
  const moved = await setTaskDue(tx, task, move.to, now);
  if (!moved.ok) return moved;
  const words = movedText('完成期限', move.from, move.to);
  const logged = await appendEvent(ctx, tx, {
    townId: task.townId,
    subjectType: 'task',
    subjectId: task._id,
    actorId: 'system',
    actorRole: 'system',
    action: CALENDAR_MOVED,
    from: task.status,
    to: task.status,
    at: now,
    note: `因节假日安排调整，${words}`,
    visibleToReporter: false,
  });
  if (!logged.ok) return logged;
  const pushed = await notify(ctx, tx, {
    townId: task.townId,
    recipientId: task.assigneeId,
    template: 'task.deadline_moved',
    title: '任务期限随节假日安排调整',
    body: `您的「${TASK_KIND_LABELS[task.kind]}」任务${words}。`,
    link: { type: 'task', id: task._id },
  });
  return pushed.ok ? ok(undefined) : err(pushed.error);
}
