/**
 * Delivering the outbox (推送重试): pushes queued by state changes are sent here, never inside
 * the transaction that queued them. Due entries are taken a batch at a time: the batch is
 * claimed in one transaction (each entry only if still at the version read, which also moves
 * its next attempt a lease ahead), sent, and its outcomes recorded in one transaction; only
 * the run whose claim succeeded sends, so two runs never send one entry twice. A push counts
 * as delivered only once the adapter says so (the live inbox: written and flushed to the
 * stream). A run that dies after claiming leaves the entry to be sent again (the local host
 * releases such claims at start; elsewhere the lease runs out): at-least-once on a crash, and
 * the page drops an event id it has already shown.
 *
 * A run yields to the event loop between batches and stops after RUN_BUDGET_MS with `more`,
 * so the timer runs it again at once without holding requests behind a long run. Every send
 * has a time limit (PUSH_TIMEOUT_MS): a hung channel fails that send, never the run.
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
import type { OutboxRecord, SendOutcome } from '../runtime/outbox';
import { claimBatch, dropUnreadable, recordOutcomes } from '../runtime/outbox';
import { PUSH_TIMEOUT_MS, withTimeout } from '../runtime/timeouts';
import { OUTBOX } from '../store/collections';

/** Entries claimed, sent and recorded together. */
export const OUTBOX_BATCH = 50;
/** How long one run goes on before it stops with `more` (real time, not the domain clock). */
export const RUN_BUDGET_MS = 1000;
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
  /** The run stopped at its time budget with due entries left: run again at once. */
  readonly more: boolean;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One run of the `outbox` timer: claims and sends due entries, a batch at a time. */
export async function deliverOutbox(
  ctx: AppContext,
  call: ActionCall<unknown>,
): Promise<Result<DeliveryReport>> {
  const counts = { picked: 0, sent: 0, delivered: 0, retried: 0, failed: 0, skipped: 0 };
  const started = performance.now();
  let more = false;
  for (;;) {
    const page = await OUTBOX.queryChecked(ctx.store, {
      where: { status: 'pending', nextAttemptAt: { lte: ctx.clock.nowIso() } },
      orderBy: { path: 'nextAttemptAt', order: 'asc' },
      limit: OUTBOX_BATCH,
    });
    counts.picked += page.docs.length + page.invalid.length;
    for (const bad of page.invalid) {
      // An unreadable entry would sit at the head of the queue for ever: take it out.
      ctx.log.error({ outboxId: bad.id }, 'outbox entry does not parse; marked failed');
      await dropUnreadable(ctx.store, bad.id, bad.version);
      counts.skipped += 1;
    }
    const pending = page.docs.filter((entry) => entry.status === 'pending');
    counts.skipped += page.docs.length - pending.length;
    if (pending.length > 0) await deliverBatch(ctx, call, pending, counts);
    if (page.docs.length + page.invalid.length < OUTBOX_BATCH) break;
    if (performance.now() - started >= RUN_BUDGET_MS) {
      more = true;
      break;
    }
    await yieldToLoop();
  }
  return ok({ ...counts, more });
}

type Counts = { -readonly [K in keyof Omit<DeliveryReport, 'more'>]: number };

async function deliverBatch(
  ctx: AppContext,
  call: ActionCall<unknown>,
  entries: readonly OutboxRecord[],
  counts: Counts,
): Promise<void> {
  const now = ctx.clock.nowMs();
  // Entries of several towns share the batch; the claim is one transaction of the store.
  const townId = (entries[0] as OutboxRecord).townId;
  const claimed = await call.transact(townId, (tx) =>
    claimBatch(tx, entries, chinaIso(now), chinaIso(now + CLAIM_LEASE_MS)),
  );
  if (!claimed.ok) {
    // Another run claimed some of them first (a conflict on CloudBase): leave them to it.
    counts.skipped += entries.length;
    return;
  }
  counts.skipped += entries.length - claimed.value.length;
  const outcomes = await Promise.all(claimed.value.map((entry) => sendOne(ctx, entry, now)));
  const recorded = await call.transact(townId, (tx) => recordOutcomes(ctx, tx, outcomes));
  const changed = new Set(recorded.ok ? recorded.value : []);
  if (!recorded.ok) {
    ctx.log.error(
      { outboxIds: outcomes.map((o) => o.entry._id), error: recorded.error },
      'pushes sent but their outcome not recorded; they go out again after the lease',
    );
  }
  for (const outcome of outcomes) {
    if (outcome.sent) {
      counts.sent += 1;
      if (outcome.delivered) counts.delivered += 1;
      continue;
    }
    const { entry, lastError, retryAt } = outcome;
    if (changed.has(entry._id) || !recorded.ok) {
      ctx.log.warn({ outboxId: entry._id }, 'outbox entry changed while its push failed');
      counts.skipped += 1;
      continue;
    }
    if (retryAt === null) {
      ctx.log.error(
        {
          outboxId: entry._id,
          townId: entry.townId,
          template: entry.template,
          attempts: entry.attempts,
          lastError,
        },
        'push given up after repeated failures; the task stays in the inbox',
      );
      counts.failed += 1;
    } else {
      ctx.log.warn(
        { outboxId: entry._id, attempts: entry.attempts, lastError },
        'push failed; will retry',
      );
      counts.retried += 1;
    }
  }
}

/** Sends one claimed entry (its `attempts` already counts this try). */
async function sendOne(ctx: AppContext, entry: OutboxRecord, now: number): Promise<SendOutcome> {
  const sent = await send(ctx, entry);
  if (sent.ok) return { entry, sent: true, delivered: sent.value.delivered };
  // What the adapter said went wrong (`details.cause`), else the error's own message.
  const cause = sent.error.details?.cause;
  const lastError = (typeof cause === 'string' ? cause : sent.error.message).slice(0, 500);
  const givingUp = entry.attempts >= MAX_ATTEMPTS;
  const retryAt = givingUp ? null : chinaIso(now + retryDelayMs(entry.attempts, ctx.ids.randomInt));
  return { entry, sent: false, lastError, retryAt };
}

/** Sends one entry; a thrown adapter error, or no answer in time, counts as a failed send. */
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
    return await withTimeout(ctx.push.send(message), PUSH_TIMEOUT_MS, 'push');
  } catch (thrown) {
    return err(
      appError('INTERNAL', undefined, {
        cause: thrown instanceof Error ? thrown.message : String(thrown),
      }),
    );
  }
}
