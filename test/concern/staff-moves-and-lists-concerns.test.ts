/**
 * Staff moving a concern on and finding their work: transfer to a department, mediation or
 * the prosecutor liaison; the centre's supervision (督办); the work lists with their filters
 * and cursors; a villager's own list; similar open concerns a villager may join.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import type { ConcernPage } from '../../functions/concern/read-concerns';
import type {
  SimilarConcernItem,
  StaffConcernView,
  VillagerConcernView,
} from '../../functions/concern/concern.views';
import type { HandedOverReply } from '../../functions/concern/concern.views';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { CLUES, CONCERNS } from '../../functions/store/collections';
import { eventsOf, outboxOf, reportStreetLight, streetLight, tasksOf } from './concern.steps';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const aMinuteLater = () => h.clock.advance(60 * 1000);

describe('transfer (转办)', () => {
  it('to a department: assigned to its officer, the old task cancelled, the villager told', async () => {
    const { id } = await reportStreetLight(h, town, {
      text: '邻居在耕地上盖房子，占了路',
      kind: 'report',
    });
    aMinuteLater();
    const reply = await h.ok<StaffConcernView | HandedOverReply>(
      concernFunction,
      'transfer',
      {
        concernId: id,
        target: { to: 'department', departmentId: 'natural_resources' },
        note: '涉及占用耕地，需国土所现场查看',
      },
      { as: town.people.villageGridWorker },
    );
    // The village worker still reads it as the grid worker of the place.
    expect(reply).toMatchObject({ status: 'assigned', assignee: { name: '吴国土' } });
    const tasks = await tasksOf(h, id);
    expect(tasks.map((t) => [t.assigneeId, t.status])).toEqual([
      [town.people.villageGridWorker._id, 'cancelled'],
      [town.people.landOfficer._id, 'open'],
    ]);
    expect(tasks[1]?.reason.ruleId).toBe('concern.transfer.natural_resources');
    const events = await eventsOf(h, 'concern', id);
    expect(events.slice(-2).map((e) => [e.action, e.to, e.actorRole])).toEqual([
      ['transfer', 'transferred', 'grid_worker'],
      ['assign', 'assigned', 'system'],
    ]);
    const mine = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: id },
      { as: town.people.villager },
    );
    expect(mine.assignee).toEqual({ name: '吴国土', roleLabel: '自然资源和规划所' });
    expect(mine.timeline.slice(-2).map((t) => t.title)).toEqual([
      '已转交办理',
      '已交给工作人员办理',
    ]);
    // The officer now handles it; the village worker no longer may.
    aMinuteLater();
    const accepted = await h.ok<StaffConcernView>(
      concernFunction,
      'accept',
      { concernId: id },
      { as: town.people.landOfficer },
    );
    expect(accepted.status).toBe('accepted');
    const old = await h.call(
      concernFunction,
      'start',
      { concernId: id },
      { as: town.people.villageGridWorker },
    );
    expect(old.ok ? 'ok' : old.error.code).toBe('FORBIDDEN');
  });

  it('a department officer who transfers it away only gets a short confirmation', async () => {
    const { id } = await reportStreetLight(h, town, { topic: 'land_resources' });
    const [first] = await tasksOf(h, id);
    expect(first?.assigneeId).toBe(town.people.landOfficer._id);
    aMinuteLater();
    const reply = await h.ok<HandedOverReply>(
      concernFunction,
      'transfer',
      { concernId: id, target: { to: 'petition' }, note: '多次信访，转信访办对接' },
      { as: town.people.landOfficer },
    );
    // No petition officer in the test town: the centre receives it.
    expect(reply).toEqual({ id, status: 'transferred', statusLabel: '已转办', handedOver: true });
    const tasks = await tasksOf(h, id);
    expect(tasks[1]).toMatchObject({ assigneeId: town.people.centre._id, kind: 'handle_concern' });
    expect(tasks[1]?.reason.explanation).toContain('转指挥中心分派');
  });

  it('to mediation: a mediator of the place gets a mediate task', async () => {
    const reply = await h.ok<VillagerConcernView>(
      concernFunction,
      'submit',
      streetLight(town, {
        kind: 'dispute',
        text: '两家为宅基地边界吵了好几回',
        place: { gridNodeId: town.villages[0]![1]!._id },
      }),
      { as: town.people.neighbour },
    );
    aMinuteLater();
    await h.ok(
      concernFunction,
      'transfer',
      {
        concernId: reply.id,
        target: { to: 'mediation', disputeType: 'neighbour' },
        note: '双方同意调解',
      },
      { as: town.people.communityGridWorker },
    );
    const tasks = await tasksOf(h, reply.id);
    expect(tasks[1]).toMatchObject({
      kind: 'mediate',
      assigneeId: town.people.mediator._id,
      status: 'open',
    });
  });

  it('to the prosecutor liaison as a possible public-interest clue', async () => {
    const { id } = await reportStreetLight(h, town, { text: '河边有人偷倒化工废料，味道很大' });
    aMinuteLater();
    await h.ok(
      concernFunction,
      'transfer',
      {
        concernId: id,
        target: { to: 'clue', domain: 'ecology_resources' },
        note: '疑似环境污染公益诉讼线索',
      },
      { as: town.people.villageGridWorker },
    );
    // The hand-off makes the clue (hand-off-to-a-clue.test.ts follows it): its review task
    // is the clue's, and the concern's own handling task is cancelled.
    const tasks = await tasksOf(h, id);
    expect(tasks.map((t) => [t.kind, t.status])).toEqual([['handle_concern', 'cancelled']]);
    const clueId = (await CONCERNS.get(h.store, id))!.links.clueId!;
    expect(await CLUES.get(h.store, clueId)).toMatchObject({
      liaisonId: town.people.liaison._id,
      concernId: id,
    });
    const told = (await outboxOf(h, town.townId)).filter(
      (o) => o.template === 'concern.transferred',
    );
    expect(told.map((o) => o.recipientId)).toEqual([town.people.villager._id]);
  });
});

describe('supervision (督办)', () => {
  it('the centre presses the assignee; the community worker gets a supervise task', async () => {
    const { id } = await reportStreetLight(h, town);
    aMinuteLater();
    await h.ok(
      concernFunction,
      'supervise',
      { concernId: id, note: '请今天下班前回复进展' },
      { as: town.people.centre },
    );
    const tasks = await tasksOf(h, id);
    expect(tasks[1]).toMatchObject({
      kind: 'supervise',
      assigneeId: town.people.communityGridWorker._id,
    });
    const pressed = (await outboxOf(h, town.townId)).filter(
      (o) => o.template === 'concern.supervised',
    );
    expect(pressed.map((o) => o.recipientId)).toEqual([town.people.villageGridWorker._id]);
    expect(pressed[0]?.body).toContain('请今天下班前回复进展');
    const mine = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: id },
      { as: town.people.villager },
    );
    expect(mine.timeline.some((t) => t.note?.includes('下班前'))).toBe(false);
  });

  it('a department officer is pressed directly: no grid worker above them', async () => {
    const { id } = await reportStreetLight(h, town, { topic: 'land_resources' });
    aMinuteLater();
    await h.ok(
      concernFunction,
      'supervise',
      { concernId: id, note: '请尽快到现场' },
      { as: town.people.centre },
    );
    expect((await tasksOf(h, id)).map((t) => t.kind)).toEqual(['handle_concern']);
    const pressed = (await outboxOf(h, town.townId)).filter(
      (o) => o.template === 'concern.supervised',
    );
    expect(pressed.map((o) => o.recipientId)).toEqual([town.people.landOfficer._id]);
  });

  it('only the centre supervises', async () => {
    const { id } = await reportStreetLight(h, town);
    const reply = await h.call(
      concernFunction,
      'supervise',
      { concernId: id, note: '快办' },
      { as: town.people.communityGridWorker },
    );
    expect(reply.ok ? 'ok' : reply.error.code).toBe('FORBIDDEN');
  });
});

describe('work lists', () => {
  async function fileSome() {
    const a = await reportStreetLight(h, town); // help, due Thu 20 Nov
    aMinuteLater();
    const b = await reportStreetLight(h, town, {
      kind: 'complaint',
      text: '垃圾箱一个月没人清理了',
    });
    aMinuteLater();
    const c = await h.ok<VillagerConcernView>(
      concernFunction,
      'submit',
      streetLight(town, { place: { gridNodeId: town.villages[1]![0]!._id } }),
      { as: town.people.farVillager },
    );
    return { a, b, c };
  }

  it('a grid worker sees what is assigned to them, soonest deadline first', async () => {
    const { a, b } = await fileSome();
    const page = await h.ok<ConcernPage>(
      concernFunction,
      'listAssigned',
      {},
      { as: town.people.villageGridWorker },
    );
    expect(page.items.map((i) => i.id)).toEqual([a.id, b.id]);
    expect(page.items[0]).toMatchObject({
      kindLabel: '求助',
      placeName: '东关前村',
      deadline: 'on_time',
    });
    expect(JSON.stringify(page)).not.toContain('王秀兰');
  });

  it('the centre sees the whole town, filtered by kind, village and overdue, page by page', async () => {
    const { a, b, c } = await fileSome();
    const centre = { as: town.people.centre };
    const all = await h.ok<ConcernPage>(concernFunction, 'listAssigned', {}, centre);
    expect(all.items.map((i) => i.id).sort()).toEqual([a.id, b.id, c.id].sort());
    const complaints = await h.ok<ConcernPage>(
      concernFunction,
      'listAssigned',
      { kind: 'complaint' },
      centre,
    );
    expect(complaints.items.map((i) => i.id)).toEqual([b.id]);
    const community = await h.ok<ConcernPage>(
      concernFunction,
      'listAssigned',
      { gridNodeId: town.communities[1]!._id },
      centre,
    );
    expect(community.items.map((i) => i.id)).toEqual([c.id]);
    expect(
      (await h.ok<ConcernPage>(concernFunction, 'listAssigned', { overdue: true }, centre)).items,
    ).toEqual([]);
    h.clock.set('2025-11-21T09:00:00+08:00');
    const overdue = await h.ok<ConcernPage>(
      concernFunction,
      'listAssigned',
      { overdue: true },
      centre,
    );
    expect(overdue.items.map((i) => [i.id, i.deadline]).sort()).toEqual(
      [
        [a.id, 'overdue'],
        [c.id, 'overdue'],
      ].sort(),
    );

    const first = await h.ok<ConcernPage>(concernFunction, 'listAssigned', { limit: 2 }, centre);
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await h.ok<ConcernPage>(
      concernFunction,
      'listAssigned',
      { limit: 2, cursor: first.nextCursor },
      centre,
    );
    expect([...first.items, ...second.items].map((i) => i.id).sort()).toEqual(
      [a.id, b.id, c.id].sort(),
    );
    expect(second.nextCursor).toBeNull();
  });

  it('a village filter outside the town is refused, naming the field', async () => {
    const reply = await h.call(
      concernFunction,
      'listAssigned',
      { gridNodeId: 'nowhere' },
      { as: town.people.centre },
    );
    expect(reply.ok ? [] : reply.error.details?.fields?.map((f) => f.field)).toEqual([
      'gridNodeId',
    ]);
  });

  it('a villager lists their own concerns, newest first, by status, page by page', async () => {
    const { a, b } = await fileSome();
    const me = { as: town.people.villager };
    const all = await h.ok<ConcernPage>(concernFunction, 'listMine', {}, me);
    expect(all.items.map((i) => i.id)).toEqual([b.id, a.id]);
    const first = await h.ok<ConcernPage>(concernFunction, 'listMine', { limit: 1 }, me);
    const second = await h.ok<ConcernPage>(
      concernFunction,
      'listMine',
      { limit: 1, cursor: first.nextCursor },
      me,
    );
    expect([first.items[0]?.id, second.items[0]?.id]).toEqual([b.id, a.id]);
    await h.ok(
      concernFunction,
      'accept',
      { concernId: a.id },
      { as: town.people.villageGridWorker },
    );
    const accepted = await h.ok<ConcernPage>(
      concernFunction,
      'listMine',
      { status: 'accepted' },
      me,
    );
    expect(accepted.items.map((i) => i.id)).toEqual([a.id]);
    const bad = await h.call(concernFunction, 'listMine', { cursor: 'not-a-cursor' }, me);
    expect(bad.ok ? [] : bad.error.details?.fields?.map((f) => f.field)).toEqual(['cursor']);
  });
});

describe('similar open concerns', () => {
  it('shows open concerns of the same topic in the village — topic, place and count, never words — and never confidential ones', async () => {
    const open = await reportStreetLight(h, town);
    await reportStreetLight(h, town, { confidential: true, text: '我家门口的路灯也坏了，请保密' });
    await reportStreetLight(h, town, { topic: 'sanitation', text: '垃圾箱满了没人清' });
    const reply = await h.ok<{ items: SimilarConcernItem[] }>(
      concernFunction,
      'similarOpen',
      { gridNodeId: town.villages[0]![0]!._id, topic: 'other' },
      { as: town.people.neighbour },
    );
    expect(reply.items.map((i) => i.id)).toEqual([open.id]);
    expect(reply.items[0]).toEqual({
      id: open.id,
      topicLabel: '其他',
      placeName: town.villages[0]![0]!.name,
      statusLabel: '已派单',
      createdAt: open.createdAt,
      people: 1,
      mine: false,
      joined: false,
    });
  });
});
