/**
 * The outbox timer delivers every queued push exactly once: a failing push channel is retried
 * with growing backoff as time passes, given up after MAX_ATTEMPTS, and two concurrent runs
 * never send one entry twice. Entries scheduled for later wait; cancelled ones are skipped.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { dispatch } from '../../functions/runtime/dispatch';
import { notify } from '../../functions/runtime/outbox';
import { runTransaction } from '../../functions/store/store.raw';
import type { AppContext } from '../../functions/runtime/context';
import type { PushMessage, PushSender } from '../../functions/runtime/ports';
import { outboxFunction } from '../../functions/outbox/outbox.function';
import {
  BACKOFF_CAP_MS,
  MAX_ATTEMPTS,
  OUTBOX_BATCH,
  retryDelayMs,
} from '../../functions/outbox/deliver-outbox';
import { PUSH_TIMEOUT_MS } from '../../functions/runtime/timeouts';
import type { DeliveryReport } from '../../functions/outbox/deliver-outbox';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { OUTBOX } from '../../functions/store/collections';

/** A push channel that fails `failures` times, then delivers; it records every call. */
class FlakyPush implements PushSender {
  readonly calls: PushMessage[] = [];
  readonly delivered: PushMessage[] = [];
  constructor(
    private failures: number,
    private readonly mode: 'error' | 'throw' = 'error',
  ) {}
  async send(message: PushMessage): Promise<Result<{ delivered: boolean }>> {
    this.calls.push(message);
    // Yield, as a network call would, so concurrent runs really interleave.
    await new Promise((resolve) => setImmediate(resolve));
    if (this.failures > 0) {
      this.failures -= 1;
      if (this.mode === 'throw') throw new Error('socket hang up');
      return err(
        appError('INTERNAL', '推送失败', { cause: 'errcode 45009: reach max api daily quota' }),
      );
    }
    this.delivered.push(message);
    return ok({ delivered: true });
  }
}

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

function withPush(push: PushSender): AppContext {
  return { ...h.ctx, push };
}

async function deliver(ctx: AppContext): Promise<DeliveryReport> {
  const reply = await dispatch(
    ctx,
    outboxFunction,
    { action: 'deliver', data: {} },
    { kind: 'timer', townId: town.townId },
  );
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return reply.data as DeliveryReport;
}

async function queue(n = 1): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const queued = await runTransaction(h.ctx.store, (tx) =>
      notify(h.ctx, tx, {
        townId: town.townId,
        recipientId: town.people.villageGridWorker._id,
        template: 'task.handle_concern',
        title: '新的说事待办',
        body: `第${i + 1}件`,
        link: { type: 'task', id: `task_${i}` },
      }),
    );
    if (!queued.ok) throw new Error('queue failed');
    ids.push(queued.value);
  }
  return ids;
}

async function entry(id: string) {
  const doc = await OUTBOX.get(h.store, id);
  if (doc === null) throw new Error(`no outbox entry ${id}`);
  return doc;
}

async function pushEvents(id: string) {
  const page = await h.store.query('audit_events', {
    where: { subjectType: 'push', subjectId: id },
    orderBy: { path: 'at', order: 'asc' },
  });
  return page.docs;
}

/** Moves the clock to the entry's next attempt; answers the wait in ms. */
async function waitForRetry(id: string): Promise<number> {
  const next = Date.parse((await entry(id)).nextAttemptAt);
  const wait = next - h.clock.nowMs();
  h.clock.set(new Date(next).toISOString());
  return wait;
}

describe('outbox delivery', () => {
  it('retries a failing push with growing backoff and delivers it exactly once', async () => {
    const push = new FlakyPush(3);
    const ctx = withPush(push);
    const [id] = await queue();

    const first = await deliver(ctx);
    expect(first).toMatchObject({ picked: 1, sent: 0, retried: 1 });
    const failed = await entry(id!);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.lastError).toContain('45009');

    // Not due yet: a run straight away does not touch it.
    await deliver(ctx);
    expect(push.calls).toHaveLength(1);

    const waits: number[] = [];
    waits.push(await waitForRetry(id!));
    await deliver(ctx);
    waits.push(await waitForRetry(id!));
    await deliver(ctx);
    waits.push(await waitForRetry(id!));
    const last = await deliver(ctx);
    expect(last).toMatchObject({ sent: 1, delivered: 1 });

    // 1 min, 2 min, 4 min, each with at most 10 % jitter.
    expect(waits[0]).toBeGreaterThanOrEqual(60_000);
    expect(waits[0]).toBeLessThanOrEqual(66_000);
    expect(waits[1]).toBeGreaterThanOrEqual(120_000);
    expect(waits[1]).toBeLessThanOrEqual(132_000);
    expect(waits[2]).toBeGreaterThanOrEqual(240_000);
    expect(waits[2]).toBeLessThanOrEqual(264_000);

    const sent = await entry(id!);
    expect(sent).toMatchObject({ status: 'sent', delivered: true, attempts: 4 });
    expect(sent.sentAt).toBe(h.clock.nowIso());
    expect(sent.lastError).toBeUndefined();
    expect(push.delivered.map((m) => m.outboxId)).toEqual([id]);
    const events = await pushEvents(id!);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'push_sent',
      actorRole: 'system',
      townId: town.townId,
      visibleToReporter: false,
    });

    // Later runs never send it again.
    h.clock.advance(3 * 3600_000);
    await deliver(ctx);
    expect(push.calls).toHaveLength(4);
    expect(await pushEvents(id!)).toHaveLength(1);
  });

  it('gives up after MAX_ATTEMPTS with the backoff capped at an hour, leaving the task alone', async () => {
    const push = new FlakyPush(1000, 'throw');
    const ctx = withPush(push);
    const [id] = await queue();
    const waits: number[] = [];
    for (let i = 0; i < MAX_ATTEMPTS; i += 1) {
      const report = await deliver(ctx);
      if (i < MAX_ATTEMPTS - 1) {
        expect(report.retried).toBe(1);
        waits.push(await waitForRetry(id!));
      } else {
        expect(report.failed).toBe(1);
      }
    }
    const given = await entry(id!);
    expect(given).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(given.lastError).toContain('socket hang up');
    for (let i = 1; i < waits.length; i += 1) {
      expect(waits[i]!).toBeGreaterThanOrEqual(Math.min(waits[i - 1]!, BACKOFF_CAP_MS));
    }
    expect(waits.at(-1)).toBeGreaterThanOrEqual(BACKOFF_CAP_MS);
    expect(waits.at(-1)).toBeLessThanOrEqual(BACKOFF_CAP_MS * 1.1);

    h.clock.advance(24 * 3600_000);
    await deliver(ctx);
    expect(push.calls).toHaveLength(MAX_ATTEMPTS);
    expect(await pushEvents(id!)).toHaveLength(0);
  });

  it('sends each entry once when two runs deliver at the same time', async () => {
    const push = new FlakyPush(0);
    const ctx = withPush(push);
    const ids = await queue(6);
    const [a, b] = await Promise.all([deliver(ctx), deliver(ctx)]);
    expect(a.sent + b.sent).toBe(6);
    expect(a.skipped + b.skipped).toBe(6);
    expect(push.calls.map((m) => m.outboxId).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      expect((await entry(id)).status).toBe('sent');
      expect(await pushEvents(id)).toHaveLength(1);
    }
  });

  it('takes a backlog larger than a batch in one run, each entry once', async () => {
    const push = new FlakyPush(0);
    const ctx = withPush(push);
    const ids = await queue(OUTBOX_BATCH * 2 + 7);
    const report = await deliver(ctx);
    // The whole backlog, batch after batch — unless the run reached its time budget (a slow
    // machine), when it stops after whole batches and says there is more.
    if (report.more) {
      expect(report.picked % OUTBOX_BATCH).toBe(0);
      expect(report.picked).toBeGreaterThanOrEqual(OUTBOX_BATCH);
    } else expect(report).toMatchObject({ picked: ids.length, sent: ids.length });
    // Following `more`, as the runner does, sends every entry once, oldest first.
    let last = report;
    let sent = report.sent;
    for (let runs = 0; last.more && runs < 10; runs += 1) {
      last = await deliver(ctx);
      sent += last.sent;
    }
    expect(sent).toBe(ids.length);
    expect(push.calls.map((m) => m.outboxId)).toEqual(ids);
    expect(await deliver(ctx)).toMatchObject({ picked: 0, more: false });
  });

  it('fails a send that does not answer in time, and the run goes on', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
    try {
      const [hung, fine] = await queue(2);
      const calls: string[] = [];
      const push: PushSender = {
        send(message) {
          calls.push(message.outboxId);
          return message.outboxId === hung
            ? new Promise(() => undefined)
            : Promise.resolve(ok({ delivered: true }));
        },
      };
      const running = deliver(withPush(push));
      for (let i = 0; i < 50 && calls.length < 2; i += 1) await new Promise((r) => setImmediate(r));
      await jest.advanceTimersByTimeAsync(PUSH_TIMEOUT_MS + 1);
      const report = await running;
      expect(report).toMatchObject({ sent: 1, retried: 1 });
      expect(await entry(fine!)).toMatchObject({ status: 'sent' });
      expect((await entry(hung!)).lastError).toContain('did not answer');
    } finally {
      jest.useRealTimers();
    }
  });

  it('lets an entry scheduled for later wait until its time', async () => {
    const push = new FlakyPush(0);
    const ctx = withPush(push);
    const tomorrow = new Date(h.clock.nowMs() + 24 * 3600_000 + 8 * 3600_000)
      .toISOString()
      .replace('Z', '+08:00');
    await h.store.insert('outbox', {
      _id: 'out_session_reminder',
      townId: town.townId,
      recipientId: town.people.villager._id,
      template: 'mediation.session_reminder',
      title: '明天上午有调解',
      body: '请按时到东关新村老支书调解室。',
      link: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: tomorrow,
      createdAt: h.clock.nowIso(),
    });
    expect((await deliver(ctx)).picked).toBe(0);
    h.clock.advance(23 * 3600_000);
    await deliver(ctx);
    expect(push.calls).toHaveLength(0);
    h.clock.advance(3600_000);
    expect((await deliver(ctx)).sent).toBe(1);
    expect(push.delivered[0]).toMatchObject({ recipientId: town.people.villager._id, link: null });
  });

  it('skips cancelled entries and takes an unreadable one out of the queue', async () => {
    const push = new FlakyPush(0);
    const ctx = withPush(push);
    const [id] = await queue();
    const current = await entry(id!);
    await h.store.update('outbox', id!, { status: 'cancelled' }, { ifVersion: current._version });
    await h.store.insert('outbox', {
      _id: 'out_broken',
      townId: town.townId,
      status: 'pending',
      nextAttemptAt: h.clock.nowIso(),
    });
    const report = await deliver(ctx);
    expect(report).toMatchObject({ picked: 1, sent: 0, skipped: 1 });
    expect(push.calls).toHaveLength(0);
    expect((await entry(id!)).status).toBe('cancelled');
    expect((await h.store.get('outbox', 'out_broken'))?.status).toBe('failed');
  });

  it('records a push to someone with no live inbox as sent but not delivered', async () => {
    const [id] = await queue();
    const reply = await h.runTimer<DeliveryReport>(outboxFunction, 'deliver', town.townId);
    expect(reply.ok && reply.data).toMatchObject({ sent: 1, delivered: 0 });
    expect(await entry(id!)).toMatchObject({ status: 'sent', delivered: false });
    expect((await pushEvents(id!))[0]?.note).toContain('未实时送达');
  });

  it('refuses a person who calls the timer action', async () => {
    const reply = await h.call(outboxFunction, 'deliver', {}, { as: town.people.admin });
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('retryDelayMs', () => {
  it('doubles from a minute, caps at an hour, and adds at most 10 % jitter', () => {
    const none = () => 0;
    const most = (max: number) => max - 1;
    expect([1, 2, 3, 7, 8, 20].map((a) => retryDelayMs(a, none))).toEqual([
      60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
    expect(retryDelayMs(1, most)).toBe(66_000);
    expect(retryDelayMs(9, most)).toBe(3_960_000);
  });
});
