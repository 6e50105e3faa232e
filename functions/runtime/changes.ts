/**
 * The records a state change writes beside its subject, inside the same transaction:
 * the audit event (审计记录), the tasks it creates or closes, and the outbox entries for their
 * pushes. Keeping them here means no use case can forget one of them.
 */
import type { AuditEventDraft } from '../../shared/kernel/audit';
import type { AppError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Task } from '../../shared/task/task.schema';
import type { TaskKind } from '../../shared/task/task.status';
import type { StoreTx, StoredDoc } from '../store/store.port';
import type { AppContext } from './context';

/** A notification waiting in the outbox until the `outbox` timer delivers it. */
export interface OutboxEntry {
  readonly townId: string;
  readonly recipientId: string;
  readonly template: string;
  readonly title: string;
  readonly body: string;
  readonly link: { readonly type: string; readonly id: string } | null;
  readonly status: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly createdAt: string;
  readonly sentAt?: string;
  readonly delivered?: boolean;
  readonly lastError?: string;
}

/** Appends an audit event. */
export async function appendEvent(
  ctx: AppContext,
  tx: StoreTx,
  draft: AuditEventDraft,
): Promise<Result<void>> {
  const stored = await tx.insert('audit_events', { _id: ctx.ids.newId('evt'), ...draft });
  return stored.ok ? ok(undefined) : err(stored.error);
}

export interface NotifyInput {
  readonly townId: string;
  readonly recipientId: string;
  readonly template: string;
  readonly title: string;
  readonly body: string;
  readonly link: { readonly type: string; readonly id: string } | null;
}

/** Queues a push for the `outbox` timer (never sent inside a transaction). */
export async function notify(
  ctx: AppContext,
  tx: StoreTx,
  input: NotifyInput,
): Promise<Result<string>> {
  const now = ctx.clock.nowIso();
  const entry: OutboxEntry = {
    ...input,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  };
  const id = ctx.ids.newId('out');
  const stored = await tx.insert('outbox', { _id: id, ...entry });
  return stored.ok ? ok(id) : err(stored.error);
}

export interface NewTaskInput {
  readonly townId: string;
  readonly kind: TaskKind;
  readonly subject: Task['subject'];
  readonly assigneeId: string;
  readonly dueAt: string | null;
  readonly reason: Task['reason'];
  /** Push title and body, in Chinese, for the assignee. */
  readonly title: string;
  readonly body: string;
}

/** Creates a task for one assignee and queues its push. */
export async function createTask(
  ctx: AppContext,
  tx: StoreTx,
  input: NewTaskInput,
): Promise<Result<StoredDoc<Task>>> {
  const now = ctx.clock.nowIso();
  const task: Omit<Task, '_version'> = {
    _id: ctx.ids.newId('task'),
    townId: input.townId,
    createdAt: now,
    updatedAt: now,
    kind: input.kind,
    status: 'open',
    subject: input.subject,
    assigneeId: input.assigneeId,
    dueAt: input.dueAt,
    reason: input.reason,
  };
  const stored = await tx.insert<Omit<Task, '_version'>>('tasks', task);
  if (!stored.ok) return stored;
  const pushed = await notify(ctx, tx, {
    townId: input.townId,
    recipientId: input.assigneeId,
    template: `task.${input.kind}`,
    title: input.title,
    body: input.body,
    link: { type: 'task', id: task._id },
  });
  if (!pushed.ok) return err(pushed.error);
  return ok(stored.value as StoredDoc<Task>);
}

/** Turns the first failed Result of a list into the transaction's Err. */
export function firstError(results: readonly Result<unknown>[]): AppError | null {
  for (const r of results) if (!r.ok) return r.error;
  return null;
}
