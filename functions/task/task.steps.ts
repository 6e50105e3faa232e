/**
 * One step of a task (任务) inside a transaction: through the task machine, guarded by the
 * version read before the transaction, with the task's own audit event. Shared by the task
 * function and by the subjects (a concern) whose steps close or cancel their tasks.
 */
import type { Result } from '../../shared/kernel/result';
import { err } from '../../shared/kernel/result';
import type { Actor } from '../../shared/kernel/roles';
import type { Task } from '../../shared/task/task.schema';
import { taskIntents } from '../../shared/task/task.machine';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import type { StoreTx, StoredDoc } from '../store/store.port';

/** The fields a task step writes besides its status. */
export type TaskPatch = Partial<
  Pick<Task, 'acknowledgedAt' | 'doneAt' | 'note' | 'cancelledReason'>
>;

/**
 * Moves one task through the task machine inside `tx`: the new status with `patch`, guarded
 * by the version read before the transaction, and the task's audit event.
 */
export async function stepTask(
  ctx: AppContext,
  tx: StoreTx,
  task: StoredDoc<Task>,
  step: 'acknowledge' | 'complete' | 'cancel',
  actor: Actor,
  now: string,
  patch: TaskPatch = {},
): Promise<Result<void>> {
  const note = patch.note ?? patch.cancelledReason;
  const moved = taskIntents[step](task, actor, { now, ...(note === undefined ? {} : { note }) });
  if (!moved.ok) return moved;
  const updated = await tx.update<Task>(
    'tasks',
    task._id,
    { status: moved.value.status, updatedAt: now, ...patch },
    { ifVersion: task._version },
  );
  if (!updated.ok) return err(updated.error);
  return appendEvent(ctx, tx, moved.value.event);
}
