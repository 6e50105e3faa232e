/**
 * The outbox (待发送通知): pushes are queued inside the transaction of the change they tell
 * of, and sent later by the `outbox` timer (outbox/deliver-outbox.ts), never inside a
 * transaction. Everything that writes the outbox is here, so its record has one shape
 * (store/records/outbox.record.ts) and one writer.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { OutboxRecord } from '../store/records/outbox.record';
import type { Db, Tx } from '../store/store.port';
import { appendEvent } from './changes';
import type { AppContext } from './context';
import type { NoticeName } from './notices';
import { outboxWriter } from './runtime.collections';

export type { OutboxRecord } from '../store/records/outbox.record';

/** A notice for one recipient. */
export interface NoticeInput {
  readonly townId: string;
  readonly recipientId: string;
  readonly template: NoticeName;
  readonly title: string;
  readonly body: string;
  /** Where the push opens the app. */
  readonly link: { readonly type: string; readonly id: string } | null;
}

/**
 * Queues a push for the `outbox` timer, to go out at once or, with `at`, not before then (a
 * session reminder the day before). Answers its outbox id.
 */
export async function notify(
  ctx: AppContext,
  tx: Tx,
  input: NoticeInput,
  at?: string,
): Promise<Result<string>> {
  const now = ctx.clock.nowIso();
  const id = ctx.ids.newId('out');
  const stored = await outboxWriter.insert(tx, {
    _id: id,
    ...input,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at ?? now,
    createdAt: now,
  });
  return stored.ok ? ok(id) : err(stored.error);
}

/**
 * Withdraws a notice that has not gone out: it is marked `cancelled`, so the timer (which
 * sends pending entries only) skips it. One already sent, or none, stays as it is.
 */
export async function withdrawNotice(
  ctx: AppContext,
  tx: Tx,
  outboxId: string | undefined,
  why: string,
): Promise<Result<void>> {
  if (outboxId === undefined) return ok(undefined);
  const { collection } = outboxWriter;
  const entry = await collection.get(tx, outboxId);
  if (entry === null || entry.status !== 'pending') return ok(undefined);
  const updated = await outboxWriter.update(
    tx,
    outboxId,
    { status: 'cancelled', lastError: `cancelled: ${why}`, cancelledAt: ctx.clock.nowIso() },
    { ifVersion: entry._version },
  );
  return updated.ok ? ok(undefined) : err(updated.error);
}

/**
 * Moves a scheduled notice to `at` with new words: a pending entry is re-timed and re-worded;
 * a sent or missing one is replaced by a new entry; `at` null withdraws it. Answers the
 * outbox id to keep, if any.
 */
export async function retimeNotice(
  ctx: AppContext,
  tx: Tx,
  outboxId: string | undefined,
  input: NoticeInput,
  at: string | null,
): Promise<Result<string | undefined>> {
  if (at === null) {
    const withdrawn = await withdrawNotice(ctx, tx, outboxId, 'rescheduled');
    return withdrawn.ok ? ok(undefined) : withdrawn;
  }
  const entry = outboxId === undefined ? null : await outboxWriter.collection.get(tx, outboxId);
  if (entry !== null && entry.status === 'pending') {
    const updated = await outboxWriter.update(
      tx,
      entry._id,
      { nextAttemptAt: at, title: input.title, body: input.body },
      { ifVersion: entry._version },
    );
    return updated.ok ? ok(entry._id) : err(updated.error);
  }
  return notify(ctx, tx, input, at);
}

// ---------------------------------------------------------------------------------------
// Delivery: the steps the `outbox` timer takes on one entry.

/**
 * Claims a due entry for one send with a conditional update (`ifVersion`), which also moves
 * its next attempt a lease ahead: only the run whose claim succeeds sends.
 */
export async function claimForDelivery(
  tx: Tx,
  entry: OutboxRecord,
  claimedAt: string,
  leaseEndsAt: string,
): Promise<Result<OutboxRecord>> {
  return outboxWriter.update(
    tx,
    entry._id,
    { attempts: entry.attempts + 1, claimedAt, nextAttemptAt: leaseEndsAt },
    { ifVersion: entry._version },
  );
}

/**
 * Records a push that went out, with its audit event. No ifVersion: the push has gone, so
 * the record must say so even if the entry was withdrawn while it was on its way.
 */
export async function recordSent(
  ctx: AppContext,
  tx: Tx,
  entry: OutboxRecord,
  delivered: boolean,
): Promise<Result<void>> {
  const nowIso = ctx.clock.nowIso();
  const updated = await outboxWriter.update(tx, entry._id, {
    status: 'sent',
    sentAt: nowIso,
    delivered,
    lastError: undefined,
  });
  if (!updated.ok) return updated;
  return appendEvent(ctx, tx, {
    townId: entry.townId,
    subjectType: 'push',
    subjectId: entry._id,
    actorId: 'system',
    actorRole: 'system',
    action: 'push_sent',
    from: null,
    to: null,
    at: nowIso,
    note: `${entry.template} → ${entry.recipientId}${delivered ? '' : '（未实时送达，已在待办中）'}`,
    visibleToReporter: false,
  });
}

/** Records a failed send: the next attempt, or `failed` when giving up. */
export async function recordFailedSend(
  tx: Tx,
  claimed: OutboxRecord,
  failure: { readonly lastError: string; readonly retryAt: string | null },
): Promise<Result<OutboxRecord>> {
  const patch =
    failure.retryAt === null
      ? { status: 'failed' as const, lastError: failure.lastError }
      : { nextAttemptAt: failure.retryAt, lastError: failure.lastError };
  return outboxWriter.update(tx, claimed._id, patch, { ifVersion: claimed._version });
}

/** Takes an entry that does not parse out of the queue: it would sit at its head for ever. */
export async function dropUnreadable(db: Db, id: string, version: number): Promise<Result<void>> {
  const dropped = await outboxWriter.setAside(
    db,
    id,
    { status: 'failed', lastError: 'unreadable entry' },
    { ifVersion: version },
  );
  return dropped.ok ? ok(undefined) : err(appError('CONFLICT'));
}
