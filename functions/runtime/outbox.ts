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
import { chinaIso, instantMs } from '../../shared/calendar/china-time';
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
// Delivery: the steps the `outbox` timer takes on a batch of entries.

/**
 * Claims due entries for one send each, in one transaction: an entry still pending at the
 * version the query read has its attempts counted and its next attempt moved a lease ahead;
 * one another run claimed (or withdrew) meanwhile is left out. Only claimed entries are sent,
 * so two runs never send one entry twice. Answers the claimed entries as stored.
 */
export async function claimBatch(
  tx: Tx,
  entries: readonly OutboxRecord[],
  claimedAt: string,
  leaseEndsAt: string,
): Promise<Result<OutboxRecord[]>> {
  const claimed: OutboxRecord[] = [];
  for (const entry of entries) {
    const current = await outboxWriter.collection.get(tx, entry._id);
    if (current === null || current._version !== entry._version) continue;
    if (current.status !== 'pending') continue;
    const updated = await outboxWriter.update(
      tx,
      entry._id,
      { attempts: entry.attempts + 1, claimedAt, nextAttemptAt: leaseEndsAt },
      { ifVersion: entry._version },
    );
    if (!updated.ok) return updated;
    claimed.push(updated.value);
  }
  return ok(claimed);
}

/** What one send came to. */
export type SendOutcome =
  | { readonly entry: OutboxRecord; readonly sent: true; readonly delivered: boolean }
  | {
      readonly entry: OutboxRecord;
      readonly sent: false;
      readonly lastError: string;
      /** The next attempt, or null: given up (`failed`). */
      readonly retryAt: string | null;
    };

/**
 * Records the outcomes of a batch in one transaction. A push that went out is marked sent
 * with its audit event, whatever happened to the entry meanwhile (it has gone); a failed one
 * gets its next attempt, or `failed`, unless another run or a withdrawal changed it since the
 * claim. Answers the ids whose failure was not recorded for that reason.
 */
export async function recordOutcomes(
  ctx: AppContext,
  tx: Tx,
  outcomes: readonly SendOutcome[],
): Promise<Result<string[]>> {
  const changed: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.sent) {
      const marked = await recordSent(ctx, tx, outcome.entry, outcome.delivered);
      if (!marked.ok) return marked;
      continue;
    }
    const current = await outboxWriter.collection.get(tx, outcome.entry._id);
    if (current === null || current._version !== outcome.entry._version) {
      changed.push(outcome.entry._id);
      continue;
    }
    const patch =
      outcome.retryAt === null
        ? { status: 'failed' as const, lastError: outcome.lastError }
        : { nextAttemptAt: outcome.retryAt, lastError: outcome.lastError };
    const updated = await outboxWriter.update(tx, outcome.entry._id, patch, {
      ifVersion: outcome.entry._version,
    });
    if (!updated.ok) return updated;
  }
  return ok(changed);
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

/**
 * Marks pushes sent while their recipient was offline as delivered, once a reconnecting
 * page received them (the live inbox replays them after its Last-Event-ID).
 */
export async function recordReplayed(
  ctx: AppContext,
  db: Db | Tx,
  entries: readonly OutboxRecord[],
): Promise<Result<void>> {
  for (const entry of entries) {
    const updated = await outboxWriter.update(db, entry._id, {
      delivered: true,
      replayedAt: ctx.clock.nowIso(),
    });
    if (!updated.ok) return updated;
  }
  return ok(undefined);
}

/**
 * Releases the claims a process that died left on its entries (their push may or may not have
 * gone out: the live page drops a repeated event id), so they are sent again now instead of
 * after the lease. Only for a host that alone uses its store, at start, before its timers run.
 * A claimed entry is one whose next attempt is exactly its claim plus the lease (a failed
 * send moves it elsewhere). Answers how many were released.
 */
export async function releaseLeftClaims(ctx: AppContext, leaseMs: number): Promise<number> {
  const now = ctx.clock.nowMs();
  const page = await outboxWriter.collection.query(ctx.store, {
    where: {
      status: 'pending',
      nextAttemptAt: { gt: chinaIso(now - 1), lte: chinaIso(now + leaseMs) },
    },
    orderBy: { path: 'nextAttemptAt', order: 'asc' },
    limit: 1000,
  });
  const left = page.docs.filter(
    (e) =>
      e.claimedAt !== undefined && instantMs(e.nextAttemptAt) === instantMs(e.claimedAt) + leaseMs,
  );
  let released = 0;
  for (const entry of left) {
    const updated = await outboxWriter.update(
      ctx.store,
      entry._id,
      { nextAttemptAt: chinaIso(now) },
      { ifVersion: entry._version },
    );
    if (updated.ok) released += 1;
  }
  return released;
}

/** How far back a reconnecting page's replay reaches, and how many events it holds at most. */
export const REPLAY_WINDOW_MS = 24 * 3600 * 1000;
export const REPLAY_MAX = 100;

/**
 * The pushes a reconnecting page missed: those of its recipient queued after the last event
 * it saw (`lastEventId`, an outbox id) that have gone out, oldest first, within the replay
 * window. Nothing for an id that is not the recipient's (a page never sees another's).
 */
export async function missedPushes(
  ctx: AppContext,
  recipientId: string,
  lastEventId: string,
): Promise<OutboxRecord[]> {
  const last = await outboxWriter.collection.get(ctx.store, lastEventId);
  if (last === null || last.recipientId !== recipientId) return [];
  const floor = chinaIso(Math.max(instantMs(last.createdAt), ctx.clock.nowMs() - REPLAY_WINDOW_MS));
  const page = await outboxWriter.collection.query(ctx.store, {
    where: { recipientId, createdAt: { gte: floor } },
    orderBy: { path: 'createdAt', order: 'asc' },
    limit: REPLAY_MAX + 1,
  });
  return page.docs.filter((e) => e._id > lastEventId && e.status === 'sent').slice(0, REPLAY_MAX);
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
