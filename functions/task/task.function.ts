/**
 * The `task` cloud function (任务): a staff member's inbox, most urgent first, and the two
 * steps an assignee takes on a task — acknowledge ("收到") and complete.
 */
import type { Role } from '../../shared/kernel/roles';
import { STAFF_ROLES } from '../../shared/kernel/roles';
import {
  acknowledgeTaskInputSchema,
  completeTaskInputSchema,
  inboxInputSchema,
} from '../../shared/task/task.schema';
import { defineAction, defineFunction } from '../runtime/action';
import { acknowledgeTask, completeTask } from './handle-task';
import { inbox } from './read-inbox';

/** Everyone who can hold a task: staff, except county officers, who read but never act. */
const ASSIGNEES: readonly Role[] = STAFF_ROLES.filter((r) => r !== 'county_officer');

export const taskFunction = defineFunction('task', {
  inbox: defineAction({ input: inboxInputSchema, access: ASSIGNEES, run: inbox }),
  acknowledge: defineAction({
    input: acknowledgeTaskInputSchema,
    access: ASSIGNEES,
    run: acknowledgeTask,
  }),
  complete: defineAction({ input: completeTaskInputSchema, access: ASSIGNEES, run: completeTask }),
});
