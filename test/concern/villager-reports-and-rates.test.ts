/**
 * A villager reports a concern and rates the outcome: routing to the right grid worker with
 * a reason, the task and its push, the villager's notice, idempotent retries, deadlines on
 * the working-day calendar, and the whole return-visit loop in plain Chinese.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import type { StaffConcernView, VillagerConcernView } from '../../functions/concern/concern.views';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import {
  counts,
  eventsOf,
  outboxOf,
  reportStreetLight,
  streetLight,
  tasksOf,
} from './concern.steps';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

/** A minute passes between two people's steps, as it does in life. */
const aMinuteLater = () => h.clock.advance(60 * 1000);

describe('a villager reports a concern', () => {
  it('is routed to the village grid worker with a task, a reason, a push and a notice', async () => {
    const { villager, villageGridWorker } = town.people;
    const reply = await reportStreetLight(h, town);

    expect(reply).toMatchObject({
      status: 'assigned',
      statusLabel: '已派单',
      assignee: { name: '张网格', roleLabel: '网格员' },
      dueAt: '2025-11-20T23:59:59.999+08:00',
      dueDateText: '11月20日',
      canRate: false,
    });
    expect(JSON.stringify(reply.assignee)).not.toMatch(/1[3-9]\d{9}/);
    expect(reply.timeline.map((t) => t.title)).toEqual(['您反映了问题', '已交给工作人员办理']);
    expect(reply.timeline[1]?.note).toBe('已交给 网格员 张网格 办理，预计 11月20日 前办结');

    const tasks = await tasksOf(h, reply.id);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      kind: 'handle_concern',
      status: 'open',
      assigneeId: villageGridWorker._id,
      dueAt: reply.dueAt,
      reason: { ruleId: 'concern.default' },
    });
    expect(tasks[0]?.reason.explanation).toContain('东关前村的网格员');

    const outbox = await outboxOf(h, town.townId);
    expect(outbox.map((o) => [o.recipientId, o.template]).sort()).toEqual([
      [villageGridWorker._id, 'task.handle_concern'],
      [villager._id, 'concern.received'],
    ]);
    const notice = outbox.find((o) => o.recipientId === villager._id);
    expect(notice?.body).toBe(
      '已收到您反映的问题，已交给 网格员 张网格 办理，预计 11月20日 前办结',
    );

    const events = await eventsOf(h, 'concern', reply.id);
    expect(events.map((e) => [e.action, e.from, e.to, e.actorRole])).toEqual([
      ['submit', null, 'submitted', 'villager'],
      ['assign', 'submitted', 'assigned', 'system'],
    ]);
  });

  it('the same submission sent ten times with one requestId makes one concern and one task', async () => {
    const replies = [];
    for (let i = 0; i < 10; i += 1) {
      replies.push(
        await h.call<VillagerConcernView>(concernFunction, 'submit', streetLight(town), {
          as: town.people.villager,
          requestId: 'req-street-light-1',
        }),
      );
    }
    const ids = new Set(replies.map((r) => (r.ok ? r.data.id : 'failed')));
    expect(ids.size).toBe(1);
    expect(ids.has('failed')).toBe(false);
    const after = await counts(h, town.townId);
    expect(after.concerns).toBe(1);
    expect(after.tasks).toBe(1);
  });

  it('a village without a grid worker goes to its community’s worker, and the reason says so', async () => {
    const reply = await h.ok<VillagerConcernView>(
      concernFunction,
      'submit',
      streetLight(town, { place: { gridNodeId: town.villages[0]![1]!._id } }),
      { as: town.people.neighbour },
    );
    expect(reply.assignee?.name).toBe('刘新村');
    const [task] = await tasksOf(h, reply.id);
    expect(task?.assigneeId).toBe(town.people.communityGridWorker._id);
    expect(task?.reason.explanation).toContain('东关后村没有可分派的网格员，上溯到新村');
  });

  it('an emergency is due the same day and the centre is asked to follow it', async () => {
    const reply = await reportStreetLight(h, town, {
      kind: 'report',
      topic: 'emergency',
      text: '河堤有一段塌了，水快漫上来了',
      emergency: true,
    });
    expect(reply.dueAt).toBe('2025-11-17T23:59:59.999+08:00');
    const tasks = await tasksOf(h, reply.id);
    expect(tasks.map((t) => [t.kind, t.assigneeId]).sort()).toEqual([
      ['handle_concern', town.people.villageGridWorker._id],
      ['supervise', town.people.centre._id],
    ]);
    const events = await eventsOf(h, 'concern', reply.id);
    // No emergency office in the test town: recorded for the admin, not shown to the villager.
    expect(events.filter((e) => e.action === 'route_unassigned')).toHaveLength(1);
    expect(reply.timeline.some((t) => t.title.includes('分派'))).toBe(false);
  });

  it('a complaint is due in 13 working days', async () => {
    const reply = await reportStreetLight(h, town, { kind: 'complaint' });
    // Mon 17 Nov + 13 working days = Thu 4 Dec.
    expect(reply.dueAt).toBe('2025-12-04T23:59:59.999+08:00');
  });
});

describe('the whole loop, as the villager reads it', () => {
  it('accept → start → resolve → 部分解决 → reopened → resolve → 已解决 → archived', async () => {
    const { villager, villageGridWorker: worker, centre } = town.people;
    const { id } = await reportStreetLight(h, town);
    const as = { as: worker };

    aMinuteLater();
    await h.ok(concernFunction, 'accept', { concernId: id }, as);
    const [handleTask] = await tasksOf(h, id);
    expect(handleTask?.status).toBe('acknowledged');
    aMinuteLater();
    await h.ok(concernFunction, 'start', { concernId: id }, as);
    aMinuteLater();
    const resolved = await h.ok<StaffConcernView>(
      concernFunction,
      'resolve',
      { concernId: id, note: '已联系供电所换了灯泡' },
      as,
    );
    expect(resolved.status).toBe('resolved');

    let tasks = await tasksOf(h, id);
    expect(tasks.map((t) => [t.kind, t.status, t.assigneeId])).toEqual([
      ['handle_concern', 'done', worker._id],
      ['return_visit', 'open', centre._id],
    ]);
    // Resolved on Monday: the return visit is due by the end of Tuesday.
    expect(tasks[1]?.dueAt).toBe('2025-11-18T23:59:59.999+08:00');
    const asked = (await outboxOf(h, town.townId)).filter((o) => o.template === 'concern.resolved');
    expect(asked.map((o) => o.recipientId)).toEqual([villager._id]);
    expect(asked[0]?.body).toContain('已解决、部分解决，还是未解决');

    h.clock.advance(24 * 3600 * 1000);
    const partly = await h.ok<VillagerConcernView>(
      concernFunction,
      'rate',
      { concernId: id, result: 'partly', comment: '换了一盏，还有一盏不亮' },
      { as: villager },
    );
    expect(partly).toMatchObject({ status: 'reopened', canRate: false });
    tasks = await tasksOf(h, id);
    expect(tasks.map((t) => [t.kind, t.status])).toEqual([
      ['handle_concern', 'done'],
      ['return_visit', 'done'],
      ['handle_concern', 'open'],
    ]);
    expect(tasks[2]?.assigneeId).toBe(worker._id);
    const centreTold = (await outboxOf(h, town.townId)).filter(
      (o) => o.template === 'concern.reopened',
    );
    expect(centreTold.map((o) => o.recipientId)).toEqual([centre._id]);

    aMinuteLater();
    await h.ok(concernFunction, 'start', { concernId: id }, as);
    aMinuteLater();
    await h.ok(concernFunction, 'resolve', { concernId: id, note: '两盏路灯都修好了' }, as);
    aMinuteLater();
    const done = await h.ok<VillagerConcernView>(
      concernFunction,
      'rate',
      { concernId: id, result: 'resolved' },
      { as: villager },
    );
    expect(done).toMatchObject({
      status: 'archived',
      statusLabel: '已归档',
      rating: { result: 'resolved', label: '已解决' },
    });
    expect(done.timeline.map((t) => t.title)).toEqual([
      '您反映了问题',
      '已交给工作人员办理',
      '工作人员已受理',
      '正在办理',
      '已办结',
      '您的评价：问题没有完全解决，重新办理',
      '正在办理',
      '已办结',
      '您的评价：已解决',
      '已归档',
    ]);
    expect(done.timeline[4]).toMatchObject({ note: '已联系供电所换了灯泡', by: '网格员' });
    expect(done.timeline[5]).toMatchObject({ note: '部分解决：换了一盏，还有一盏不亮', by: '您' });
    const all = await tasksOf(h, id);
    expect(all.every((t) => t.status === 'done')).toBe(true);
  });

  it('a rejection reason reaches the villager', async () => {
    const { id } = await reportStreetLight(h, town);
    aMinuteLater();
    await h.ok(
      concernFunction,
      'reject',
      {
        concernId: id,
        reasonCode: 'out_of_jurisdiction',
        reason: '这段路归县公路局管，已告知您拨打县公路局电话',
      },
      { as: town.people.villageGridWorker },
    );
    const mine = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: id },
      { as: town.people.villager },
    );
    expect(mine.status).toBe('rejected');
    expect(mine.rejectionReason).toBe(
      '不属于本镇管辖：这段路归县公路局管，已告知您拨打县公路局电话',
    );
    expect(mine.timeline.at(-1)).toMatchObject({ title: '不予受理' });
    expect(mine.timeline.at(-1)?.note).toContain('县公路局');
    const [task] = await tasksOf(h, id);
    expect(task?.status).toBe('cancelled');
    const told = (await outboxOf(h, town.townId)).filter((o) => o.template === 'concern.rejected');
    expect(told[0]?.body).toContain('这段路归县公路局管');
  });

  it('an extension moves the deadline by working days and the villager reads why', async () => {
    const { id, dueAt } = await reportStreetLight(h, town);
    expect(dueAt).toBe('2025-11-20T23:59:59.999+08:00');
    const worker = { as: town.people.villageGridWorker };
    aMinuteLater();
    const extended = await h.ok<StaffConcernView>(
      concernFunction,
      'requestExtension',
      { concernId: id, reason: '灯具要从县里调货', workingDays: 3 },
      worker,
    );
    // Thu 20 Nov + 3 working days (skipping the weekend) = Tue 25 Nov.
    expect(extended.dueAt).toBe('2025-11-25T23:59:59.999+08:00');
    const [task] = await tasksOf(h, id);
    expect(task?.dueAt).toBe(extended.dueAt);
    const mine = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: id },
      { as: town.people.villager },
    );
    expect(mine.dueDateText).toBe('11月25日');
    expect(mine.timeline.at(-1)).toMatchObject({ title: '办理期限延长' });
    expect(mine.timeline.at(-1)?.note).toContain('灯具要从县里调货');

    // Once only, and at most five working days, for the assignee.
    const again = await h.call(
      concernFunction,
      'requestExtension',
      { concernId: id, reason: '还是没货', workingDays: 2 },
      worker,
    );
    expect(again.ok ? 'ok' : again.error.code).toBe('CONFLICT');
  });

  it('past the deadline the assignee can no longer extend on their own', async () => {
    const { id, dueAt } = await reportStreetLight(h, town);
    h.clock.set('2025-11-21T09:00:00+08:00');
    const late = await h.call(
      concernFunction,
      'requestExtension',
      { concernId: id, reason: '还在等配件', workingDays: 2 },
      { as: town.people.villageGridWorker },
    );
    expect(late.ok ? 'ok' : late.error).toMatchObject({
      code: 'CONFLICT',
      message: '已经超过办理期限，不能再申请延期，请联系指挥中心',
    });
    const mine = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: id },
      { as: town.people.villager },
    );
    expect(mine.dueAt).toBe(dueAt);
  });

  it('the assignee may extend by at most five working days; the centre may grant more', async () => {
    const { id } = await reportStreetLight(h, town);
    const tooLong = await h.call(
      concernFunction,
      'requestExtension',
      { concernId: id, reason: '需要等施工队', workingDays: 8 },
      { as: town.people.villageGridWorker },
    );
    expect(tooLong.ok ? 'ok' : tooLong.error.details?.fields?.[0]?.field).toBe('workingDays');
    const granted = await h.ok<StaffConcernView>(
      concernFunction,
      'requestExtension',
      { concernId: id, reason: '需要等施工队', workingDays: 8 },
      { as: town.people.centre },
    );
    // Thu 20 Nov + 8 working days = Tue 2 Dec.
    expect(granted.dueAt).toBe('2025-12-02T23:59:59.999+08:00');
  });
});
