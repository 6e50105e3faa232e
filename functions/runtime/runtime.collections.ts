/**
 * The records the call path itself writes beside every subject: tasks (任务), audit events
 * (审计记录), the outbox of pushes (待发送通知), timer marks, first results of requests
 * (idempotency) and stored files. Only runtime/ writes them; concepts call runtime's steps.
 */
import {
  AUDIT_EVENTS,
  DIRECTORY_STAMPS,
  FILES,
  IDEMPOTENCY,
  OUTBOX,
  RATE_COUNTERS,
  TASK_LOADS,
  TASKS,
  TIMER_MARKS,
} from '../store/collections';
import { writerOf } from '../store/store.writer';

export const taskWriter = writerOf('runtime', TASKS);
export const auditWriter = writerOf('runtime', AUDIT_EVENTS);
export const outboxWriter = writerOf('runtime', OUTBOX);
export const markWriter = writerOf('runtime', TIMER_MARKS);
export const idempotencyWriter = writerOf('runtime', IDEMPOTENCY);
export const fileWriter = writerOf('runtime', FILES);
export const taskLoadWriter = writerOf('runtime', TASK_LOADS);
export const stampWriter = writerOf('runtime', DIRECTORY_STAMPS);
export const counterWriter = writerOf('runtime', RATE_COUNTERS);
