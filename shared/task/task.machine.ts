/**
 * The task (任务) lifecycle as a transition table (docs/domain.md §2): open → acknowledged → done,
 * or cancelled when its subject no longer needs it. Tasks are staff work, so no step shows
 * in a villager's timeline; the subject's own events do.
 *
 * Whether the actor is the task's assignee is the use case's check: the table only says
 * which roles may ever take each step.
 */
import type { Role } from '../kernel/roles';
import { STAFF_ROLES } from '../kernel/roles';
import { defineMachine, inGroup, intentsFor } from '../machine/machine';
import type { TaskStatus } from './task.status';
import { TASK_STATUSES } from './task.status';

export const TASK_ACTIONS = ['acknowledge', 'complete', 'cancel'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Named state groups; `pending` and `finished` cover every status exactly once. */
export const TASK_GROUPS = {
  pending: ['open', 'acknowledged'],
  finished: ['done', 'cancelled'],
} as const satisfies Record<string, readonly TaskStatus[]>;

/** Any staff role may hold a task — except county officers, who read but never act. */
const ASSIGNEES: readonly Role[] = STAFF_ROLES.filter((r) => r !== 'county_officer');

export const taskMachine = defineMachine<TaskStatus, TaskAction>({
  subjectType: 'task',
  noun: '这项任务',
  states: TASK_STATUSES,
  initial: 'open',
  stateLabels: {
    open: '待处理',
    acknowledged: '已查收',
    done: '已完成',
    cancelled: '已撤销',
  },
  transitions: {
    acknowledge: {
      from: ['open'],
      to: 'acknowledged',
      roles: ASSIGNEES,
      visibleToReporter: false,
      label: '已查收',
      verb: '查收',
    },
    // `system` completes a task when its subject moves on (e.g. the concern is resolved).
    complete: {
      from: ['open', 'acknowledged'],
      to: 'done',
      roles: [...ASSIGNEES, 'system'],
      visibleToReporter: false,
      label: '已完成',
      verb: '完成',
    },
    cancel: {
      from: ['open', 'acknowledged'],
      to: 'cancelled',
      roles: ['system', 'center_operator'],
      visibleToReporter: false,
      label: '已撤销',
      verb: '撤销',
    },
  },
});

/** One intent function per action: `taskIntents.acknowledge(task, actor, { now })`. */
export const taskIntents = intentsFor(taskMachine);

type TaskLike = TaskStatus | { readonly status: TaskStatus };

/** Still waiting for its assignee (open or acknowledged): it counts toward workload. */
export function isPending(task: TaskLike): boolean {
  return inGroup(TASK_GROUPS.pending, task);
}

/** Done or cancelled. */
export function isFinished(task: TaskLike): boolean {
  return inGroup(TASK_GROUPS.finished, task);
}
