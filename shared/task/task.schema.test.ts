import type { Result } from '../kernel/result';
import { parseInput } from '../validation/parse';
import {
  acknowledgeTaskInputSchema,
  completeTaskInputSchema,
  inboxInputSchema,
  TASK_KIND_LABELS,
  TASK_STATUS_LABELS,
  taskSchema,
} from './task.schema';
import { TASK_KINDS, TASK_STATUSES } from './task.status';

function fields(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe('VALIDATION_FAILED');
  return result.error.details?.fields ?? [];
}

const task = {
  _id: 't-1',
  townId: 'xiaodian',
  createdAt: '2025-03-08T09:00:00+08:00',
  updatedAt: '2025-03-08T09:00:00+08:00',
  _version: 0,
  kind: 'handle_concern',
  status: 'open',
  subject: { type: 'concern', id: 'c-1' },
  assigneeId: 'gw-1',
  dueAt: '2025-03-11T23:59:59+08:00',
  reason: { ruleId: 'place.grid_worker', explanation: '王家庄的网格员（待办最少）' },
};

describe('tasks', () => {
  test('a task carries its subject, assignee, due time and the rule that fired', () => {
    expect(parseInput(taskSchema, task).ok).toBe(true);
    expect(fields(parseInput(taskSchema, { ...task, reason: { ruleId: 'x' } }))).toEqual([
      { field: 'reason.explanation', message: '请填写此项' },
    ]);
    expect(
      fields(parseInput(taskSchema, { ...task, subject: { type: 'party', id: 'x' } }))[0]?.field,
    ).toBe('subject.type');
  });

  test('every kind and status has a Chinese label', () => {
    for (const k of TASK_KINDS) expect(TASK_KIND_LABELS[k]).toMatch(/[\u4e00-\u9fff]/);
    for (const s of TASK_STATUSES) expect(TASK_STATUS_LABELS[s]).toMatch(/[\u4e00-\u9fff]/);
  });

  test('inbox shows open and acknowledged tasks by default', () => {
    expect(parseInput(inboxInputSchema, {})).toEqual({
      ok: true,
      value: { status: ['open', 'acknowledged'], limit: 20 },
    });
    expect(fields(parseInput(inboxInputSchema, { status: ['open', 'lost'] }))).toEqual([
      { field: 'status.1', message: '状态（第2项）：请选择一项' },
    ]);
  });

  test('acknowledge and complete take the task id', () => {
    expect(parseInput(acknowledgeTaskInputSchema, { taskId: 't-1' }).ok).toBe(true);
    expect(parseInput(completeTaskInputSchema, { taskId: 't-1', note: '已现场处理' }).ok).toBe(
      true,
    );
    expect(fields(parseInput(completeTaskInputSchema, {}))).toEqual([
      { field: 'taskId', message: '任务：请填写此项' },
    ]);
  });
});
