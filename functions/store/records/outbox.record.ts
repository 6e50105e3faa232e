/**
 * The outbox record (待发送通知), the one shape every writer and reader of `outbox` uses:
 * `notify` and `createTask` queue entries (runtime/changes.ts, runtime/tasks.ts), the
 * mediation function schedules session reminders for later and withdraws them (`cancelled`),
 * the `outbox` timer claims, sends, retries and finally marks `failed` (after MAX_ATTEMPTS; the
 * task itself still waits in the inbox).
 *
 * `nextAttemptAt` must be written as `Clock.nowIso()` writes instants (+08:00, milliseconds):
 * the due query compares it as a string, as CloudBase does.
 */
import { z } from 'zod';
import { versionSchema } from '../../../shared/validation/entity';

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

const instant = z.iso.datetime({ offset: true });

/** Where a push opens the app: the record it is about. */
export const outboxLinkSchema = z.object({ type: z.string(), id: z.string() }).nullable();

export const outboxRecordSchema = z.object({
  _id: z.string().min(1),
  _version: versionSchema,
  townId: z.string().min(1),
  recipientId: z.string().min(1),
  template: z.string().min(1),
  title: z.string(),
  body: z.string(),
  link: outboxLinkSchema,
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number().int().min(0),
  nextAttemptAt: instant,
  createdAt: instant,
  claimedAt: instant.optional(),
  sentAt: instant.optional(),
  delivered: z.boolean().optional(),
  lastError: z.string().optional(),
  /** When a session reminder was withdrawn (cancelled or moved too late for a reminder). */
  cancelledAt: instant.optional(),
  /** When a push sent while its recipient was offline reached their reconnecting page. */
  replayedAt: instant.optional(),
});
export type OutboxRecord = z.infer<typeof outboxRecordSchema>;
