import { route } from '../../shared/routing/routing.resolver';
import { DEFAULT_ROUTING_RULES } from '../../shared/routing/routing.rules';
import {
  isInScope,
  loadGrid,
  loadRoutingDirectory,
  loadStaff,
} from '../../functions/runtime/directory';
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
});
