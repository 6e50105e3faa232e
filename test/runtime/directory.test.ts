import { route } from '../../shared/routing/routing.resolver';
import { DEFAULT_ROUTING_RULES } from '../../shared/routing/routing.rules';
import {
  isInScope,
  loadGrid,
  loadRoutingDirectory,
  loadStaff,
  rebuildTaskLoads,
} from '../../functions/runtime/directory';
import { updateAccountRecord } from '../../functions/account/account.api';
import { ACCOUNTS, TASK_LOADS, TASKS } from '../../functions/store/collections';
import { runTransaction } from '../../functions/store/store.raw';
import { CONCERN_KINDS } from '../../shared/concern/concern.kinds';
import { taskFunction } from '../../functions/task/task.function';
import { reportStreetLight } from '../concern/concern.steps';
import { closeTasks } from '../../functions/runtime/tasks';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
  await createTestTown(h.store, 'town-b');
});
afterEach(() => h.close());

describe('the town directory', () => {
  it('loads the grid and the staff of one town only', async () => {
    const nodes = await loadGrid(h.ctx, town.townId);
    expect(nodes).toHaveLength(1 + 2 + 6);
    expect(nodes.every((n) => n.townId === town.townId)).toBe(true);
    const staff = await loadStaff(h.ctx, town.townId);
    expect(staff.map((s) => s.name)).not.toContain('王秀兰');
    expect(staff.map((s) => s.name)).toContain('张网格');
    expect(staff.every((s) => s.townId === town.townId)).toBe(true);
  });

  it('feeds the router: a concern in the first village goes to its grid worker', async () => {
    const directory = await loadRoutingDirectory(h.ctx, town.townId);
    const decision = route(
      {
        subject: 'concern',
        townId: town.townId,
        gridNodeId: town.villages[0]![0]!._id,
        kind: 'help',
        topic: 'other',
      },
      directory,
      DEFAULT_ROUTING_RULES,
    );
    expect(decision.ok && decision.value.primary.assigneeId).toBe(
      town.people.villageGridWorker._id,
    );
  });

  it('counts only open and acknowledged tasks as load', async () => {
    const worker = town.people.communityGridWorker._id;
    for (const [i, status] of ['open', 'acknowledged', 'done', 'cancelled'].entries()) {
      await h.store.insert('tasks', {
        _id: `t${i}`,
        townId: town.townId,
        assigneeId: worker,
        status,
        dueAt: null,
      });
    }
    const directory = await loadRoutingDirectory(h.ctx, town.townId);
    expect(directory.openTaskCount[worker]).toBe(2);
  });

  it('scopes staff to their grid subtree and town-wide roles to their town', () => {
    const [v00, v01] = town.villages[0]!;
    const v10 = town.villages[1]![0]!;
    const { villageGridWorker, communityGridWorker, centre } = town.people;
    expect(isInScope(villageGridWorker, v00!)).toBe(true);
    expect(isInScope(villageGridWorker, v01!)).toBe(false);
    expect(isInScope(communityGridWorker, v01!)).toBe(true);
    expect(isInScope(communityGridWorker, v10)).toBe(false);
    expect(isInScope(centre, v10)).toBe(true);
    expect(isInScope(centre, { ...v10, townId: 'town-b' })).toBe(false);
  });

  it('a focused directory makes the same decision as the whole roster, for every place and kind', async () => {
    const whole = await loadRoutingDirectory(h.ctx, town.townId);
    const places = (await loadGrid(h.ctx, town.townId)).map((n) => n._id);
    for (const gridNodeId of places) {
      for (const kind of CONCERN_KINDS) {
        for (const emergency of [false, true]) {
          const submission = {
            subject: 'concern' as const,
            townId: town.townId,
            gridNodeId,
            kind,
            emergency,
          };
          const focused = await loadRoutingDirectory(h.ctx, town.townId, {
            gridNodeId,
            rules: DEFAULT_ROUTING_RULES,
          });
          expect(focused.staff.length).toBeLessThanOrEqual(whole.staff.length);
          expect(route(submission, focused, DEFAULT_ROUTING_RULES)).toEqual(
            route(submission, whole, DEFAULT_ROUTING_RULES),
          );
        }
      }
    }
  });

  it('keeps each assignee’s open-task counter with every task write once counted afresh', async () => {
    const worker = town.people.villageGridWorker._id;
    await rebuildTaskLoads(h.ctx, town.townId);
    const counted = async () =>
      TASKS.count(h.store, { assigneeId: worker, status: { in: ['open', 'acknowledged'] } });
    const counter = async () => (await TASK_LOADS.get(h.store, worker))?.open ?? 0;
    const first = await reportStreetLight(h, town);
    await reportStreetLight(h, town);
    expect(await counter()).toBe(await counted());
    expect(await counter()).toBeGreaterThanOrEqual(2);
    const directory = await loadRoutingDirectory(h.ctx, town.townId);
    expect(directory.openTaskCount[worker]).toBe(await counted());

    // Acknowledging keeps it pending; finishing the work (the concern resolved) takes it off.
    const task = (
      await TASKS.query(h.store, {
        where: { 'subject.type': 'concern', 'subject.id': first.id },
        orderBy: { path: 'createdAt', order: 'asc' },
      })
    ).docs.find((t) => t.assigneeId === worker)!;
    await h.ok(
      taskFunction,
      'acknowledge',
      { taskId: task._id },
      { as: town.people.villageGridWorker },
    );
    expect(await counter()).toBe(await counted());
    const kept0 = await counter();
    const fresh = (await TASKS.get(h.store, task._id))!;
    const closed = await runTransaction(h.ctx.store, (tx) =>
      closeTasks(h.ctx, tx, [fresh], 'cancel', '测试撤销', h.clock.nowIso()),
    );
    expect(closed.ok).toBe(true);
    expect(await counter()).toBe(kept0 - 1);
    expect(await counter()).toBe(await counted());

    // Counting afresh gives the same numbers as the counters kept.
    const kept = await counter();
    await rebuildTaskLoads(h.ctx, town.townId);
    expect(await counter()).toBe(kept);
  });

  it('a staff write through its writer is seen by the next routing (the cached roster is read again)', async () => {
    await rebuildTaskLoads(h.ctx, town.townId);
    const worker = town.people.villageGridWorker;
    const place = town.villages[0]![0]!._id;
    const focus = { gridNodeId: place, rules: DEFAULT_ROUTING_RULES };
    const before = await loadRoutingDirectory(h.ctx, town.townId, focus);
    expect(before.staff.map((s) => s._id)).toContain(worker._id);
    const stored = (await ACCOUNTS.get(h.store, worker._id))!;
    const changed = await runTransaction(h.ctx.store, (tx) =>
      updateAccountRecord(tx, worker._id, { status: 'disabled' }, stored._version),
    );
    expect(changed.ok).toBe(true);
    const after = await loadRoutingDirectory(h.ctx, town.townId, focus);
    expect(after.staff.map((s) => s._id)).not.toContain(worker._id);
  });
});
