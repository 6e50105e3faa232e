/**
 * Tasks (任务): every routing decision makes one for one assignee — handle a concern,
 * verify or review a clue, mediate, make a return visit (回访), supervise (督办), agree a new
 * time for a session that now falls on a holiday (调解改期) — with
 * its due time and the reason, i.e. the routing rule that fired, so a centre operator can
 * see why a task went where it went.
 */
import { z } from 'zod';
import { dueRuleSchema } from '../calendar/deadlines';
import { entityFields } from '../validation/entity';
import { idSchema, instantSchema, pageFields, text } from '../validation/primitives';
import { TASK_KINDS, TASK_STATUSES } from './task.status';

export const TASK_KIND_LABELS: Readonly<Record<(typeof TASK_KINDS)[number], string>> = {
  handle_concern: '办理说事',
  verify_clue: '核实线索',
  review_clue: '审查线索',
  mediate: '调解',
  return_visit: '回访',
  supervise: '督办',
  reschedule_session: '调解改期',
};

export const TASK_STATUS_LABELS: Readonly<Record<(typeof TASK_STATUSES)[number], string>> = {
  open: '待处理',
  acknowledged: '已接收',
  done: '已完成',
  cancelled: '已取消',
};

/** What a task is about: the record it points at. */
export const TASK_SUBJECT_TYPES = ['concern', 'clue', 'booking'] as const;
export type TaskSubjectType = (typeof TASK_SUBJECT_TYPES)[number];

/** Why the task went to this assignee: the rule that fired and its reading in Chinese. */
export const taskReasonSchema = z.object({
  /** The routing rule's id, e.g. `concern.kind-default` or `fallback.center`. */
  ruleId: z.string().min(1).max(80),
  /** For the centre operator, e.g. "该村网格员（待办最少）". */
  explanation: text(200),
});
export type TaskReason = z.infer<typeof taskReasonSchema>;

export const taskSchema = z.object({
  ...entityFields,
  kind: z.enum(TASK_KINDS),
  status: z.enum(TASK_STATUSES),
  subject: z.object({ type: z.enum(TASK_SUBJECT_TYPES), id: idSchema }),
  assigneeId: idSchema,
  dueAt: instantSchema.nullable(),
  /**
   * What a task's own deadline is counted from, so a change of the holiday table counts it
   * again; absent when the task's deadline is its subject's (the concern, clue or booking
   * moves it) or it has none.
   */
  dueRule: dueRuleSchema.optional(),
  reason: taskReasonSchema,
  acknowledgedAt: instantSchema.optional(),
  doneAt: instantSchema.optional(),
  note: text(500).optional(),
  cancelledReason: text(200).optional(),
});
export type Task = z.infer<typeof taskSchema>;

// ---------------------------------------------------------------------------------------
// Action inputs (task function).

const taskIdSchema = idSchema.meta({ label: '任务' });

/** `inbox`: the caller's tasks, most urgent first; by default the open and acknowledged ones. */
export const inboxInputSchema = z.strictObject({
  status: z
    .array(z.enum(TASK_STATUSES).meta({ label: '状态' }))
    .min(1)
    .max(TASK_STATUSES.length)
    .default(['open', 'acknowledged'])
    .meta({ label: '状态' }),
  kind: z.enum(TASK_KINDS).meta({ label: '任务类别' }).optional(),
  ...pageFields,
});

/** `acknowledge`: "收到" — the assignee has seen it. */
export const acknowledgeTaskInputSchema = z.strictObject({ taskId: taskIdSchema });

/** `complete`: mark it done, with an optional note. */
export const completeTaskInputSchema = z.strictObject({
  taskId: taskIdSchema,
  note: text(500, '备注').optional(),
});
