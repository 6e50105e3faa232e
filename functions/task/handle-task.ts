/**
 * `task.acknowledge` ("收到") and `task.complete`: only the assignee, through the task
 * machine, each with its audit event. A concern's handling task is completed by resolving
 * the concern (办结), so the villager is told; completing it here is refused.
 */
import type { z } from 'zod';
import { isOpen } from '../../shared/concern/concern.machine';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type {
  acknowledgeTaskInputSchema,
  completeTaskInputSchema,
  Task,
} from '../../shared/task/task.schema';
import { loadConcern } from '../concern/concern.api';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AccountDoc } from '../runtime/caller';
import type { AppContext } from '../runtime/context';
import type { StoredDoc } from '../store/store.port';
import { taskViewOf } from './read-inbox';
import { stepTask } from '../runtime/tasks';
import type { TaskView } from './task.views';
import { TASKS } from '../store/collections';

/** The caller's own task: NOT_FOUND outside their town, FORBIDDEN when it is someone else's. */
async function loadOwnTask(
  ctx: AppContext,
  account: AccountDoc,
  taskId: string,
): Promise<Result<StoredDoc<Task>>> {
  const task = await TASKS.get(ctx.store, taskId);
  if (task === null || task.townId !== account.townId) {
    return err(appError('NOT_FOUND', '没有找到这项任务'));
  }
  if (task.assigneeId !== account._id) {
    return err(appError('FORBIDDEN', '这项任务不是派给您的'));
  }
  return ok(task);
}

async function reply(ctx: AppContext, taskId: string): Promise<Result<TaskView>> {
  const task = await TASKS.get(ctx.store, taskId);
  if (task === null) return err(appError('NOT_FOUND', '没有找到这项任务'));
  return ok(await taskViewOf(ctx, task, await ctx.calendars.forTown(task.townId)));
}

/** Runs `acknowledge`. */
export async function acknowledgeTask(
  ctx: AppContext,
  call: ActionCall<z.output<typeof acknowledgeTaskInputSchema>>,
): Promise<Result<TaskView>> {
  const { account, actor } = signedIn(call);
  const own = await loadOwnTask(ctx, account, call.input.taskId);
  if (!own.ok) return own;
  const now = ctx.clock.nowIso();
  const done = await call.transact(account.townId, (tx) =>
    stepTask(ctx, tx, own.value, 'acknowledge', actor, now, { acknowledgedAt: now }),
  );
  if (!done.ok) return done;
  return reply(ctx, own.value._id);
}

/** Runs `complete`. */
export async function completeTask(
  ctx: AppContext,
  call: ActionCall<z.output<typeof completeTaskInputSchema>>,
): Promise<Result<TaskView>> {
  const { account, actor } = signedIn(call);
  const own = await loadOwnTask(ctx, account, call.input.taskId);
  if (!own.ok) return own;
  const task = own.value;
  if (task.kind === 'handle_concern' && task.subject.type === 'concern') {
    const concern = await loadConcern(ctx, task.subject.id);
    if (concern.ok && concern.value !== null && isOpen(concern.value)) {
      return err(
        appError('CONFLICT', '这项任务要在说事详情里点「办结」，办结后任务会自动完成', {
          reason: 'resolve_concern',
        }),
      );
    }
  }
  const now = ctx.clock.nowIso();
  const note = call.input.note;
  const done = await call.transact(account.townId, (tx) =>
    stepTask(ctx, tx, task, 'complete', actor, now, {
      doneAt: now,
      ...(note === undefined ? {} : { note }),
    }),
  );
  if (!done.ok) return done;
  return reply(ctx, task._id);
}
