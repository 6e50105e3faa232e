/**
 * Delivering the outbox (推送重试): pushes queued by state changes are sent here, never inside
 * the transaction that queued them. Each due entry is first claimed with a conditional update
 * (`ifVersion`), which also moves its next attempt a lease ahead; only the run whose claim
 * succeeds sends, so two runs never send one entry twice. A run that dies after claiming
 * leaves the entry to be retried once the lease runs out (at-least-once only on a crash).
 *
 * The outbox is one queue for the whole deployment (its index has no town, on purpose): any
 * town's timer run drains the entries due in every town, oldest first, in bounded batches.
 * A failed send is retried with exponential backoff (1 min, 2, 4 … capped at 1 h, plus up to
 * 10 % jitter) and given up after MAX_ATTEMPTS; the task itself stays in the assignee's inbox.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import type { PushMessage } from '../runtime/ports';
import { chinaIso, HOUR_MS, MINUTE_MS } from '../../shared/calendar/china-time';
import type { OutboxRecord } from '../runtime/outbox';
import { claimForDelivery, dropUnreadable, recordFailedSend, recordSent } from '../runtime/outbox';
import { OUTBOX } from '../store/collections';

/** Entries one run picks up. */
export const OUTBOX_BATCH = 100;
/** Sends tried before an entry is marked failed. */
export const MAX_ATTEMPTS = 8;
export const BACKOFF_BASE_MS = MINUTE_MS;
export const BACKOFF_CAP_MS = HOUR_MS;
/** How long a claim holds an entry before another run may try it again. */
export const CLAIM_LEASE_MS = 5 * MINUTE_MS;

/**
 * Delay before the next try after `attempt` failed sends (attempt ≥ 1): 1 min doubling up to
 * 1 h, plus a jitter of up to 10 % from `randomInt` so a burst of failures does not retry in
 * lockstep.
 */
export function retryDelayMs(attempt: number, randomInt: (maxExclusive: number) => number): number {
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return base + randomInt(Math.floor(base / 10) + 1);
}

export interface DeliveryReport {
  /** Due entries this run looked at. */
  readonly picked: number;
  readonly sent: number;
  /** Of those sent, how many reached a live recipient (subscribed / inbox open). */
  readonly delivered: number;
  readonly retried: number;
  readonly failed: number;
  /** Claimed by another run, cancelled meanwhile, or unreadable. */
  readonly skipped: number;
}

type Outcome = 'sent' | 'delivered' | 'retried' | 'failed' | 'skipped';

/** One run of the `outbox` timer: claims and sends up to OUTBOX_BATCH due entries. */
export async function deliverOutbox(
  ctx: AppContext,
  call: ActionCall<unknown>,
): Promise<Result<DeliveryReport>> {
  const page = await OUTBOX.queryChecked(ctx.store, {
    where: { status: 'pending', nextAttemptAt: { lte: ctx.clock.nowIso() } },
    orderBy: { path: 'nextAttemptAt', order: 'asc' },
    limit: OUTBOX_BATCH,
  });
  const counts: Record<Outcome, number> = {
    sent: 0,
    delivered: 0,
    retried: 0,
    failed: 0,
    skipped: 0,
  };
  for (const bad of page.invalid) {
    // An unreadable entry would sit at the head of the queue for ever: take it out.
    ctx.log.error({ outboxId: bad.id }, 'outbox entry does not parse; marked failed');
    await dropUnreadable(ctx.store, bad.id, bad.version);
    counts.skipped += 1;
  }
  for (const entry of page.docs) {
    const outcome = await deliverOne(ctx, call, entry);
    counts[outcome] += 1;
    if (outcome === 'delivered') counts.sent += 1;
  }
  return ok({
    picked: page.docs.length + page.invalid.length,
    sent: counts.sent,
    delivered: counts.delivered,
    retried: counts.retried,
    failed: counts.failed,
    skipped: counts.skipped,
  });
}

async function deliverOne(
  ctx: AppContext,
  call: ActionCall<unknown>,
  entry: OutboxRecord,
): Promise<Outcome> {
  // A mediation reminder cancelled after the query read it: leave it alone.
  if (entry.status !== 'pending') return 'skipped';

  const now = ctx.clock.nowMs();
  const claimed = await call.transact(entry.townId, (tx) =>
    claimForDelivery(tx, entry, chinaIso(now), chinaIso(now + CLAIM_LEASE_MS)),
  );
  if (!claimed.ok) return 'skipped'; // another run claimed it first, or it was cancelled

  const attempts = entry.attempts + 1;
  const sent = await send(ctx, entry);
  if (sent.ok) {
    const marked = await call.transact(entry.townId, (tx) =>
      recordSent(ctx, tx, entry, sent.value.delivered),
    );
    if (!marked.ok) {
      ctx.log.error({ outboxId: entry._id, error: marked.error }, 'push sent but not recorded');
    }
    return sent.value.delivered ? 'delivered' : 'sent';
  }

  // What the adapter said went wrong (`details.cause`), else the error's own message.
  const cause = sent.error.details?.cause;
  const lastError = (typeof cause === 'string' ? cause : sent.error.message).slice(0, 500);
  const givingUp = attempts >= MAX_ATTEMPTS;
  const retryAt = givingUp ? null : chinaIso(now + retryDelayMs(attempts, ctx.ids.randomInt));
  const recorded = await call.transact(entry.townId, (tx) =>
    recordFailedSend(tx, claimed.value, { lastError, retryAt }),
  );
  if (!recorded.ok) {
    ctx.log.warn({ outboxId: entry._id }, 'outbox entry changed while its push failed');
    return 'skipped';
  }
  if (givingUp) {
    ctx.log.error(
      { outboxId: entry._id, townId: entry.townId, template: entry.template, attempts, lastError },
      'push given up after repeated failures; the task stays in the inbox',
    );
    return 'failed';
  }
  ctx.log.warn({ outboxId: entry._id, attempts, lastError }, 'push failed; will retry');
  return 'retried';
}

/** Sends one entry; a thrown adapter error counts as a failed send. */
async function send(ctx: AppContext, entry: OutboxRecord): Promise<Result<{ delivered: boolean }>> {
  const message: PushMessage = {
    outboxId: entry._id,
    townId: entry.townId,
    recipientId: entry.recipientId,
    template: entry.template,
    title: entry.title,
    body: entry.body,
    link: entry.link,
  };
  try {
    return await ctx.push.send(message);
  } catch (thrown) {
    return err(
      appError('INTERNAL', undefined, {
        cause: thrown instanceof Error ? thrown.message : String(thrown),
      }),
    );
  }
}
