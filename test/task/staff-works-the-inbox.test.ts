/**
 * A staff member's inbox (任务): most urgent first — overdue, then by deadline, undated
 * last — with a summary and deadline state; acknowledging and completing are the
 * assignee's alone, through the task machine.
 */
import { createTask } from '../../functions/runtime/tasks';
import { runTransaction } from '../../functions/store/store.raw';
import { concernFunction } from '../../functions/concern/concern.function';
import { taskFunction } from '../../functions/task/task.function';
import type { InboxPage } from '../../functions/task/read-inbox';
import type { TaskView } from '../../functions/task/task.views';
import { ok } from '../../shared/kernel/result';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { eventsOf, reportStreetLight, tasksOf } from '../concern/concern.steps';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

/** Four tasks for the village worker: due Thu, due 4 Dec, due today (emergency), undated. */
async function fillInbox() {
  const help = await reportStreetLight(h, town);
  h.clock.advance(1000);
  const complaint = await reportStreetLight(h, town, {
    kind: 'complaint',
    text: '垃圾箱一个月没人清理',
  });
  h.clock.advance(1000);
  const emergency = await reportStreetLight(h, town, {
    kind: 'report',
    text: '河堤塌了一段，水快漫上来了',
    emergency: true,
  });
  const undated = await runTransaction(h.ctx.store, async (tx) => {
    const made = await createTask(h.ctx, tx, {
      townId: town.townId,
      kind: 'supervise',
      subject: { type: 'concern', id: help.id },
      assigneeId: town.people.villageGridWorker._id,
      dueAt: null,
      reason: { ruleId: 'test.manual', explanation: '指挥中心手工派发' },
      title: '请关注',
      body: '请关注路灯的事',
    });
    return made.ok ? ok(made.value) : made;
  });
  if (!undated.ok) throw new Error('could not create the undated task');
  const taskOf = async (id: string) =>
    (await tasksOf(h, id)).find(
      (x) => x.assigneeId === town.people.villageGridWorker._id && x.kind === 'handle_concern',
    )!;
  return {
    help: await taskOf(help.id),
    complaint: await taskOf(complaint.id),
    emergency: await taskOf(emergency.id),
    undated: undated.value,
  };
}

const worker = () => ({ as: town.people.villageGridWorker });

describe('the inbox', () => {
  it('lists overdue work first, then by deadline, undated last, with summaries', async () => {
    const t = await fillInbox();
    h.clock.set('2025-11-18T09:00:00+08:00');
    const page = await h.ok<InboxPage>(taskFunction, 'inbox', {}, worker());
    expect(page.items.map((i) => i.id)).toEqual([
      t.emergency._id,
      t.help._id,
      t.complaint._id,
      t.undated._id,
    ]);
    expect(page.items.map((i) => i.deadline)).toEqual(['overdue', 'on_time', 'on_time', null]);
    expect(page.items[0]?.subject.summary).toBe(
      '【紧急】举报 · 东关前村：河堤塌了一段，水快漫上来了',
    );
    expect(page.items[0]).toMatchObject({ kindLabel: '办理说事', statusLabel: '待处理' });
    expect(page.items[0]?.reason.ruleId).toBe('concern.emergency');
    expect(page.nextCursor).toBeNull();
    // Wednesday: Thursday's deadline is near.
    h.clock.set('2025-11-19T09:00:00+08:00');
    const later = await h.ok<InboxPage>(taskFunction, 'inbox', {}, worker());
    expect(later.items[1]?.deadline).toBe('near_due');
  });

  it('pages keep that order across the dated and undated parts', async () => {
    const t = await fillInbox();
    const seen: string[] = [];
    let cursor: string | null | undefined;
    let pages = 0;
    do {
      const page: InboxPage = await h.ok<InboxPage>(
        taskFunction,
        'inbox',
        { limit: 3, ...(cursor ? { cursor } : {}) },
        worker(),
      );
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 5);
    expect(seen).toEqual([t.emergency._id, t.help._id, t.complaint._id, t.undated._id]);
    const bad = await h.call(taskFunction, 'inbox', { cursor: 'x~nonsense' }, worker());
    expect(bad.ok ? [] : bad.error.details?.fields?.map((f) => f.field)).toEqual(['cursor']);
  });

  it('filters by kind and by status', async () => {
    const t = await fillInbox();
    const supervise = await h.ok<InboxPage>(taskFunction, 'inbox', { kind: 'supervise' }, worker());
    expect(supervise.items.map((i) => i.id)).toEqual([t.undated._id]);
    const done = await h.ok<InboxPage>(taskFunction, 'inbox', { status: ['done'] }, worker());
    expect(done.items).toEqual([]);
  });

  it('a villager has no inbox', async () => {
    const reply = await h.call(taskFunction, 'inbox', {}, { as: town.people.villager });
    expect(reply.ok ? 'ok' : reply.error.code).toBe('FORBIDDEN');
  });
});

describe('acknowledging and completing', () => {
  it('the assignee acknowledges once; the step is audited', async () => {
    const t = await fillInbox();
    const acked = await h.ok<TaskView>(
      taskFunction,
      'acknowledge',
      { taskId: t.help._id },
      worker(),
    );
    expect(acked).toMatchObject({ status: 'acknowledged', statusLabel: '已接收' });
    expect(acked.acknowledgedAt).toBe(h.clock.nowIso());
    const events = await eventsOf(h, 'task', t.help._id);
    expect(events.map((e) => [e.action, e.from, e.to])).toEqual([
      ['acknowledge', 'open', 'acknowledged'],
    ]);
    const again = await h.call(taskFunction, 'acknowledge', { taskId: t.help._id }, worker());
    expect(again.ok ? 'ok' : again.error.code).toBe('CONFLICT');
  });

  it('a concern’s handling task is completed by resolving the concern, not here', async () => {
    const t = await fillInbox();
    const reply = await h.call(taskFunction, 'complete', { taskId: t.help._id }, worker());
    expect(reply.ok ? 'ok' : reply.error.code).toBe('CONFLICT');
    expect((await tasksOf(h, t.help.subject.id))[0]?.status).toBe('open');
    await h.ok(concernFunction, 'accept', { concernId: t.help.subject.id }, worker());
    await h.ok(
      concernFunction,
      'resolve',
      { concernId: t.help.subject.id, note: '修好了' },
      worker(),
    );
    expect((await tasksOf(h, t.help.subject.id))[0]?.status).toBe('done');
  });

  it('other tasks are completed by their assignee with a note, and leave the inbox', async () => {
    const t = await fillInbox();
    const done = await h.ok<TaskView>(
      taskFunction,
      'complete',
      { taskId: t.undated._id, note: '已电话了解' },
      worker(),
    );
    expect(done).toMatchObject({ status: 'done', doneAt: h.clock.nowIso(), deadline: null });
    const page = await h.ok<InboxPage>(taskFunction, 'inbox', {}, worker());
    expect(page.items.map((i) => i.id)).not.toContain(t.undated._id);
  });

  it('someone else’s task is refused; another town’s is not found', async () => {
    const t = await fillInbox();
    const colleague = await h.call(
      taskFunction,
      'acknowledge',
      { taskId: t.help._id },
      { as: town.people.communityGridWorker },
    );
    expect(colleague.ok ? 'ok' : colleague.error.code).toBe('FORBIDDEN');
    const other = await createTestTown(h.store, 'town-b');
    const stranger = await h.call(
      taskFunction,
      'complete',
      { taskId: t.undated._id },
      { as: other.people.villageGridWorker },
    );
    expect(stranger.ok ? 'ok' : stranger.error.code).toBe('NOT_FOUND');
    expect((await h.store.get('tasks', t.undated._id))?.status).toBe('open');
  });

  it('bad input is refused in Chinese, naming the field', async () => {
    for (const [action, data, field] of [
      ['acknowledge', {}, 'taskId'],
      ['complete', { taskId: 'task_1', note: '' }, 'note'],
      ['inbox', { status: [] }, 'status'],
    ] as const) {
      const reply = await h.call(taskFunction, action, data, worker());
      if (reply.ok) throw new Error(`${action} accepted bad input`);
      expect(reply.error.code).toBe('VALIDATION_FAILED');
      expect(reply.error.message).toMatch(/\p{Script=Han}/u);
      expect(reply.error.details?.fields?.map((f) => f.field)).toContain(field);
    }
  });
});
