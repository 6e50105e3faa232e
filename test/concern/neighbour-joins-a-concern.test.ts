/**
 * 我也遇到了: a neighbour who finds the same problem already raised nearby joins it instead of
 * filing it twice. They see what it is about, where and how many people raised it — never
 * the reporter's words; they are told of every step the reporter is told of; the handler, the
 * centre's statistics and Open311 count the people; they can leave again.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import type {
  FollowedConcernItem,
  FollowerConcernView,
  SimilarConcernItem,
  StaffConcernView,
} from '../../functions/concern/concern.views';
import { handleOpen311 } from '../../functions/open311/open311';
import { statsFunction } from '../../functions/stats/stats.function';
import type { StatsOverview } from '../../functions/stats/stats.views';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { outboxOf, reportStreetLight } from './concern.steps';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
  await h.store.insert('towns', { _id: town.townId, name: '小店镇', countyId: 'juxian' });
});
afterEach(() => h.close());

/** The reporter's village (the neighbour lives in the next one). */
const hereOf = (t: TestTown) => ({ gridNodeId: t.villages[0]![0]!._id });

const similar = (topic = 'other', near = hereOf(town)) =>
  h.ok<{ items: SimilarConcernItem[] }>(
    concernFunction,
    'similarOpen',
    { ...near, topic },
    { as: town.people.neighbour },
  );

const join = (concernId: string, near: object | null = hereOf(town), requestId?: string) =>
  h.call<FollowerConcernView>(
    concernFunction,
    'join',
    { concernId, ...(near === null ? {} : { near }) },
    { as: town.people.neighbour, ...(requestId === undefined ? {} : { requestId }) },
  );

const noticesTo = async (accountId: string) =>
  (await outboxOf(h, town.townId)).filter((o) => o.recipientId === accountId);

describe('a neighbour joins a similar concern', () => {
  it('sees its topic, village and people count, never the reporter’s words', async () => {
    const open = await reportStreetLight(h, town);
    const [item] = (await similar()).items;
    expect(item).toEqual({
      id: open.id,
      topicLabel: '其他',
      placeName: town.villages[0]![0]!.name,
      statusLabel: '已派单',
      createdAt: open.createdAt,
      people: 1,
      mine: false,
      joined: false,
    });
    expect(JSON.stringify(item)).not.toContain('路灯');
  });

  it('follows it: told of the next step, counted by the handler, the centre and Open311', async () => {
    const open = await reportStreetLight(h, town);
    const joined = await join(open.id);
    expect(joined.ok ? joined.data : joined.error).toMatchObject({
      id: open.id,
      viewer: 'follower',
      topicLabel: '其他',
      people: 2,
    });
    // What a joiner reads never holds the reporter's words or name.
    expect(JSON.stringify(joined)).not.toMatch(/路灯|王秀兰/);

    await h.ok(
      concernFunction,
      'accept',
      { concernId: open.id },
      { as: town.people.villageGridWorker },
    );
    const told = await noticesTo(town.people.neighbour._id);
    expect(told.map((o) => o.template)).toEqual(['concern.accepted']);
    expect((await noticesTo(town.people.villager._id)).map((o) => o.template)).toContain(
      'concern.accepted',
    );

    const staff = await h.ok<StaffConcernView>(
      concernFunction,
      'get',
      { concernId: open.id },
      { as: town.people.villageGridWorker },
    );
    expect(staff.followerCount).toBe(1);
    const stats = await h.ok<StatsOverview>(
      statsFunction,
      'overview',
      { from: '2025-11-01', to: '2025-11-30' },
      { as: town.people.centre },
    );
    expect(stats.concerns).toMatchObject({ total: 1, people: 2 });
    const open311 = await handleOpen311(h.ctx, {
      method: 'GET',
      path: `requests/${open.id}.json`,
      query: { jurisdiction_id: town.townId },
    });
    expect(open311.body).toMatchObject([{ extended_attributes: { people_affected: 2 } }]);

    // The joiner reads it as a follower; 我关注的 lists it.
    const mine = await h.ok<FollowerConcernView>(
      concernFunction,
      'get',
      { concernId: open.id },
      { as: town.people.neighbour },
    );
    expect(mine).toMatchObject({ viewer: 'follower', statusLabel: '已受理' });
    expect(mine).not.toHaveProperty('text');
    const followed = await h.ok<{ items: FollowedConcernItem[] }>(
      concernFunction,
      'listFollowed',
      {},
      { as: town.people.neighbour },
    );
    expect(followed.items.map((i) => i.id)).toEqual([open.id]);
  });

  it('is the same join when retried, and the reporter’s timeline says someone joined', async () => {
    const open = await reportStreetLight(h, town);
    const first = await join(open.id, hereOf(town), 'join-req-0001');
    const retried = await join(open.id, hereOf(town), 'join-req-0001');
    expect([first.ok, retried.ok]).toEqual([true, true]);
    expect((await join(open.id)).ok).toBe(true);
    const staff = await h.ok<StaffConcernView>(
      concernFunction,
      'get',
      { concernId: open.id },
      { as: town.people.villageGridWorker },
    );
    expect(staff.followerCount).toBe(1);
    const reporter = await h.ok<{ timeline: { title: string }[] }>(
      concernFunction,
      'get',
      { concernId: open.id },
      { as: town.people.villager },
    );
    expect(reporter.timeline.map((e) => e.title)).toContain('又有一位村民也遇到了这件事');
  });

  it('can leave again, and is then told nothing more', async () => {
    const open = await reportStreetLight(h, town);
    await join(open.id);
    const left = await h.call(
      concernFunction,
      'leave',
      { concernId: open.id },
      {
        as: town.people.neighbour,
      },
    );
    expect(left.ok).toBe(true);
    await h.ok(
      concernFunction,
      'accept',
      { concernId: open.id },
      { as: town.people.villageGridWorker },
    );
    expect(await noticesTo(town.people.neighbour._id)).toEqual([]);
    const again = await h.call(
      concernFunction,
      'leave',
      { concernId: open.id },
      {
        as: town.people.neighbour,
      },
    );
    expect(again.ok ? null : again.error.details?.reason).toBe('not_following');
  });

  it('refuses one’s own, a closed, a far-away, a confidential and another town’s concern', async () => {
    const open = await reportStreetLight(h, town);
    const own = await h.call(
      concernFunction,
      'join',
      { concernId: open.id, near: hereOf(town) },
      {
        as: town.people.villager,
      },
    );
    expect(own.ok ? null : own.error.details?.reason).toBe('own_concern');
    // From the neighbour's own village (no map points): not the same place.
    const far = await join(open.id, null);
    expect(far.ok ? null : far.error.details?.reason).toBe('not_nearby');

    const secret = await reportStreetLight(h, town, { confidential: true });
    expect((await join(secret.id)).ok ? null : 'refused').toBe('refused');
    expect((await similar()).items.map((i) => i.id)).toEqual([open.id]);

    await h.ok(
      concernFunction,
      'reject',
      {
        concernId: open.id,
        reasonCode: 'out_of_jurisdiction',
        reason: '不属于本镇管辖',
      },
      { as: town.people.villageGridWorker },
    );
    const closed = await join(open.id);
    expect(closed.ok ? null : closed.error.details?.reason).toBe('closed');

    const other = await createTestTown(h.store, 'town-b');
    const stranger = await h.call(
      concernFunction,
      'join',
      { concernId: open.id, near: hereOf(other) },
      {
        as: other.people.neighbour,
      },
    );
    expect(stranger.ok ? null : stranger.error.code).toBe('NOT_FOUND');
  });

  it('finds map points within 500 m across a village line, both ways', async () => {
    const point = { lat: 35.61, lng: 118.84 };
    const nearby = { lat: 35.6125, lng: 118.84 }; // ~280 m north
    const open = await reportStreetLight(h, town, {
      place: { gridNodeId: town.villages[0]![0]!._id, coordinates: point },
    });
    const fromNext = { gridNodeId: town.villages[0]![1]!._id, coordinates: nearby };
    expect((await similar('other', fromNext)).items.map((i) => i.id)).toEqual([open.id]);
    const farPoint = {
      gridNodeId: town.villages[0]![0]!._id,
      coordinates: { lat: 35.7, lng: 118.84 },
    };
    expect((await similar('other', farPoint)).items).toEqual([]);
    expect((await join(open.id, fromNext)).ok).toBe(true);
  });
});
