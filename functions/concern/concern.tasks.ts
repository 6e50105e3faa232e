/**
 * Tasks (任务) a concern's steps create, close or cancel, and the one-off routing those steps
 * need (a department after a transfer, the centre for the return visit, 回访). Task state
 * changes go through the task machine and leave their own audit events.
 */
import type { AppError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import type { Assignment } from '../../shared/routing/routing.resolver';
import { route } from '../../shared/routing/routing.resolver';
import type { RoutingRule, RuleAssignment } from '../../shared/routing/routing.rules';
import type { TaskReason } from '../../shared/task/task.schema';
import type { StoreTx } from '../store/store.port';
import type { AppContext } from '../runtime/context';
import { loadRoutingDirectory } from '../runtime/directory';
import type { TaskPatch } from '../task/task.steps';
import { stepTask } from '../task/task.steps';
import type { ConcernDoc, TaskDoc } from './concern.records';

const REASON_MAX = 200;

/** A task's reason from a routing assignment: the rule that fired and what it found. */
export function taskReason(a: Assignment): TaskReason {
  const explanation = a.reason.detail;
  return {
    ruleId: a.reason.ruleId ?? 'fallback.center',
    explanation:
      explanation.length <= REASON_MAX ? explanation : `${explanation.slice(0, REASON_MAX - 1)}…`,
  };
}

/**
 * Routes a concern with one rule made for the occasion (e.g. "to the natural-resources
 * office"), so the step finds the least-loaded person and falls back to the centre exactly
 * as submission routing does, and the task carries the same kind of reason.
 */
export async function routeConcernWith(
  ctx: AppContext,
  concern: ConcernDoc,
  rule: { id: string; name: string; assign: RuleAssignment },
): Promise<Result<Assignment>> {
  const oneRule: RoutingRule = { ...rule, when: { subject: 'concern' }, priority: 0 };
  const directory = await loadRoutingDirectory(ctx, concern.townId);
  const decided = route(
    {
      subject: 'concern',
      townId: concern.townId,
      gridNodeId: concern.place.gridNodeId,
      kind: concern.kind,
      topic: concern.topic,
      emergency: concern.emergency,
    },
    directory,
    [oneRule],
  );
  return decided.ok ? ok(decided.value.primary) : err(decided.error);
}

/** Closes (完成) or cancels (撤销) several tasks as the system, stopping at the first error. */
export async function closeTasks(
  ctx: AppContext,
  tx: StoreTx,
  tasks: readonly TaskDoc[],
  how: 'complete' | 'cancel',
  why: string,
  now: string,
): Promise<AppError | null> {
  for (const task of tasks) {
    const system = systemActor(task.townId);
    const patch: TaskPatch =
      how === 'complete' ? { doneAt: now, note: why } : { cancelledReason: why };
    const done = await stepTask(ctx, tx, task, how, system, now, patch);
    if (!done.ok) return done.error;
  }
  return null;
}
