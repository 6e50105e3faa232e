/**
 * The outbox (待发送通知) as the `outbox` timer reads it: the entries `notify` and `createTask`
 * queue (functions/runtime/changes.ts), plus the states only the timer and the mediation
 * function write — `cancelled` (a session reminder no longer needed) and `failed` (given up
 * after MAX_ATTEMPTS; the task itself still waits in the inbox).
 *
 * `nextAttemptAt` must be written as `Clock.nowIso()` writes instants (+08:00, milliseconds):
 * the due query compares it as a string, as CloudBase does.
 */
import { z } from 'zod';

export const OUTBOX = 'outbox';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

const instant = z.iso.datetime({ offset: true });

export const outboxRecordSchema = z.object({
  _id: z.string().min(1),
  _version: z.number().int().min(0),
  townId: z.string().min(1),
  recipientId: z.string().min(1),
  template: z.string().min(1),
  title: z.string(),
  body: z.string(),
  link: z.object({ type: z.string(), id: z.string() }).nullable(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int().min(0),
  nextAttemptAt: instant,
  createdAt: instant,
  claimedAt: instant.optional(),
  sentAt: instant.optional(),
  delivered: z.boolean().optional(),
  lastError: z.string().optional(),
});
export type OutboxRecord = z.infer<typeof outboxRecordSchema>;
