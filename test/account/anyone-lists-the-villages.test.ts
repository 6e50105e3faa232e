/**
 * Before signing in, a person picks their village from the town's list (`account.places`):
 * names only, communities with their villages, sorted the Chinese way.
 */
import { accountFunction } from '../../functions/account/account.function';
import type { PlacesView } from '../../functions/account/list-places';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

describe('anyone lists the villages of a town', () => {
  it('gives every community with its villages, names and ids only', async () => {
    const view = await h.ok<PlacesView>(
      accountFunction,
      'places',
      { townId: town.townId },
      {
        as: null,
      },
    );
    expect(view.town?.id).toBe(town.townId);
    expect(view.communities.map((c) => c.id).sort()).toEqual(
      town.communities.map((c) => c._id).sort(),
    );
    const first = view.communities.find((c) => c.id === town.communities[0]!._id)!;
    expect(first.villages.map((v) => v.id).sort()).toEqual(
      town.villages[0]!.map((v) => v._id).sort(),
    );
    // Only ids and names leave the server: no contacts, no household counts.
    for (const community of view.communities) {
      expect(Object.keys(community).sort()).toEqual(['id', 'name', 'villages']);
      for (const village of community.villages)
        expect(Object.keys(village).sort()).toEqual(['id', 'name']);
    }
  });

  it('uses the only town of the deployment when none is named', async () => {
    await h.store.insert('towns', { _id: town.townId, name: '小店镇（测试）', countyId: 'juxian' });
    const view = await h.ok<PlacesView>(accountFunction, 'places', {}, { as: null });
    expect(view.town).toEqual({ id: town.townId, name: '小店镇（测试）' });
    expect(view.communities.length).toBe(town.communities.length);
  });

  it('asks to choose when a county host serves several towns', async () => {
    await h.store.insert('towns', { _id: town.townId, name: '小店镇', countyId: 'juxian' });
    await h.store.insert('towns', { _id: 'town-b', name: '招贤镇', countyId: 'juxian' });
    const view = await h.ok<PlacesView>(accountFunction, 'places', {}, { as: null });
    expect(view.town).toBeNull();
    expect(view.communities).toEqual([]);
    expect(view.towns.map((t) => t.name).sort()).toEqual(['小店镇', '招贤镇'].sort());
  });

  it('gives a signed-in villager their own town', async () => {
    const view = await h.ok<PlacesView>(
      accountFunction,
      'places',
      {},
      {
        as: town.people.villager,
      },
    );
    expect(view.town?.id).toBe(town.townId);
  });
});
