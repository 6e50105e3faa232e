/**
 * The centre reads how the town is doing: what came in (by kind, village, status), how much was
 * done on time and to the villagers' satisfaction, mediation success, clue acceptance, how many
 * households have their 法德明白人, and what is overdue now — for the town or one community
 * (新村), with counts and place names only. County officers read the towns of their county,
 * one by one or the whole county in one call;
 * villagers and grid workers cannot read it at all.
 */
import type { Account } from '../../shared/account/account.schema';
import { statsFunction } from '../../functions/stats/stats.function';
import type { StatsOverview } from '../../functions/stats/read-overview';
import { rate } from '../../functions/stats/read-overview';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { accountRecord, createTestTown } from '../factories/town';
import {
  putArticle,
  putBooking,
  putClue,
  putConcern,
  putProgress,
  putRoom,
  putTask,
} from '../factories/records';

let h: Harness;
let town: TestTown;

const RANGE = { from: '2025-11-01', to: '2025-11-30' };
const at = (day: number) => `2025-11-${String(day).padStart(2, '0')}T10:00:00.000+08:00`;
const endOf = (day: number) => `2025-11-${String(day).padStart(2, '0')}T23:59:59.999+08:00`;

async function seed() {
  const v01 = town.villages[0]![1]!._id;
  const v10 = town.villages[1]![0]!._id;
  const resolution = (day: number) => ({
    note: '已处理',
    photos: [],
    resolvedAt: at(day),
    resolvedBy: town.people.villageGridWorker._id,
  });
  await putConcern(h.store, town, {
    kind: 'help',
    createdAt: at(10),
    status: 'satisfied',
    dueAt: endOf(20),
    resolution: resolution(18),
    rating: { result: 'resolved', at: at(19) },
  });
  await putConcern(h.store, town, {
    kind: 'complaint',
    createdAt: at(3),
    status: 'reopened',
    dueAt: endOf(12),
    resolution: resolution(14),
    rating: { result: 'unresolved', at: at(15) },
  });
  await putConcern(h.store, town, {
    kind: 'consultation',
    createdAt: at(11),
    place: { gridNodeId: v10 },
    assigneeId: town.people.otherCommunityGridWorker._id,
    dueAt: endOf(14),
  });
  await putConcern(h.store, town, {
    kind: 'dispute',
    createdAt: at(12),
    place: { gridNodeId: v01 },
    status: 'in_progress',
    dueAt: endOf(25),
  });
  // Before the range, still open and overdue: counts only in "overdue now".
  await putConcern(h.store, town, {
    createdAt: '2025-10-15T10:00:00.000+08:00',
    dueAt: '2025-10-20T23:59:59.999+08:00',
  });
  await putTask(h.store, town, { dueAt: endOf(5) });
  await putTask(h.store, town, { dueAt: endOf(25) });
  await putTask(h.store, town, { dueAt: endOf(5), status: 'done', doneAt: at(4) });

  const room = await putRoom(h.store, town);
  await putBooking(h.store, town, room, { slotStart: at(5), slotEnd: at(5) });
  await putBooking(h.store, town, room, {
    slotStart: at(6),
    slotEnd: at(6),
    status: 'failed',
    outcome: {
      result: 'failure',
      routesLeft: ['next_level'],
      referredToCourt: false,
      note: '双方分歧太大',
    },
  });
  await putBooking(h.store, town, room, {
    slotStart: at(7),
    slotEnd: at(7),
    status: 'cancelled',
    outcome: undefined,
    cancellation: { reason: '已私下和解', at: at(6), by: town.people.villager._id },
  });

  await putClue(h.store, town, { status: 'accepted', createdAt: at(2) });
  await putClue(h.store, town, { status: 'not_accepted', createdAt: at(3) });
  await putClue(h.store, town, { status: 'received', createdAt: at(4) });
  await putClue(h.store, town, {
    status: 'accepted',
    createdAt: at(5),
    place: { text: '西岭河', gridNodeId: v10 },
  });

  // 法德明白人: a two-article reading path (a draft and an optional article do not count).
  const a1 = await putArticle(h.store, town);
  const a2 = await putArticle(h.store, town, { title: '赡养老人是法定义务' });
  const optional = await putArticle(h.store, town, { inReadingPath: false });
  await putArticle(h.store, town, { status: 'draft', publishedAt: undefined });
  const member = async (id: string, node: string, household: string) => {
    const { _version: _v, ...body } = accountRecord(
      town.townId,
      id,
      '赵明白',
      ['villager'],
      [node],
      {
        householdId: household,
      },
    ) as Account;
    const stored = await h.store.insert('accounts', body);
    if (!stored.ok) throw new Error('account insert failed');
    return body._id;
  };
  const villager = town.people.villager; // household hh1, first village
  await putProgress(h.store, town, villager._id, a1._id, { householdId: villager.householdId });
  await putProgress(h.store, town, villager._id, a2._id, { householdId: villager.householdId });
  const halfway = await member('m-half', v01, 'town-a-hh2');
  await putProgress(h.store, town, halfway, a1._id, { householdId: 'town-a-hh2' });
  await putProgress(h.store, town, halfway, optional._id, { householdId: 'town-a-hh2' });
  await putProgress(h.store, town, halfway, a2._id, {
    householdId: 'town-a-hh2',
    progress: 60,
    completedAt: undefined,
  });
  const far = await member('m-far', v10, 'town-a-hh3');
  await putProgress(h.store, town, far, a1._id, { householdId: 'town-a-hh3' });
  await putProgress(h.store, town, far, a2._id, { householdId: 'town-a-hh3' });
}

beforeEach(async () => {
  h = createHarness(); // 2025-11-17 09:00
  town = await createTestTown(h.store);
  await seed();
});
afterEach(() => h.close());

const count = <T extends { code: string; count: number }>(rows: readonly T[], code: string) =>
  rows.find((r) => r.code === code)?.count;

describe('the statistics overview', () => {
  it('gives the centre the town at a glance', async () => {
    const s = await h.ok<StatsOverview>(statsFunction, 'overview', RANGE, {
      as: town.people.centre,
    });
    expect(s.townId).toBe(town.townId);
    expect(s.concerns.total).toBe(4);
    expect(count(s.concerns.byKind, 'help')).toBe(1);
    expect(count(s.concerns.byKind, 'report')).toBe(0);
    expect(count(s.concerns.byStatus, 'reopened')).toBe(1);
    expect(s.concerns.byStatus.find((r) => r.code === 'satisfied')?.label).toBe('已评价满意');
    expect(s.concerns.byVillage).toEqual([
      { gridNodeId: town.villages[0]![0]!._id, name: town.villages[0]![0]!.name, count: 2 },
      { gridNodeId: town.villages[0]![1]!._id, name: town.villages[0]![1]!.name, count: 1 },
      { gridNodeId: town.villages[1]![0]!._id, name: town.villages[1]![0]!.name, count: 1 },
    ]);
    expect(s.concerns).toMatchObject({
      resolved: 2,
      resolvedOnTime: 1,
      onTimeRate: 0.5,
      rated: 2,
      satisfied: 1,
      satisfactionRate: 0.5,
      overdueNow: 3,
    });
    expect(s.tasks.overdueNow).toBe(1);
    expect(s.mediation).toMatchObject({ ended: 2, succeeded: 1, successRate: 0.5 });
    expect(count(s.mediation.byStatus, 'cancelled')).toBe(1);
    expect(s.clues).toMatchObject({ received: 4, decided: 3, accepted: 2, acceptanceRate: 0.667 });
    expect(s.learning).toMatchObject({
      readingPathArticles: 2,
      households: 720,
      covered: 2,
      coverageRate: 0.003,
    });
    expect(s.learning.byVillage.find((r) => r.gridNodeId === town.villages[0]![0]!._id)).toEqual(
      expect.objectContaining({ households: 120, covered: 1, rate: 0.008 }),
    );
    expect(s.calendar).toEqual({ uncoveredYears: [], message: null });
  });

  it('narrows to one community', async () => {
    const s = await h.ok<StatsOverview>(
      statsFunction,
      'overview',
      { ...RANGE, communityId: town.communities[0]!._id },
      { as: town.people.admin },
    );
    expect(s.communityId).toBe(town.communities[0]!._id);
    expect(s.concerns.total).toBe(3);
    expect(s.concerns.byVillage.map((r) => r.gridNodeId)).not.toContain(town.villages[1]![0]!._id);
    expect(s.concerns.overdueNow).toBe(2);
    expect(s.tasks.overdueNow).toBeNull();
    expect(s.mediation).toMatchObject({ ended: 2, succeeded: 1 });
    expect(s.clues).toMatchObject({ received: 3, decided: 2, accepted: 1, acceptanceRate: 0.5 });
    expect(s.learning).toMatchObject({ households: 360, covered: 1 });

    const other = await h.ok<StatsOverview>(
      statsFunction,
      'overview',
      { ...RANGE, communityId: town.communities[1]!._id },
      { as: town.people.admin },
    );
    expect(other.concerns.total).toBe(1);
    expect(other.mediation.ended).toBe(0);
    expect(other.learning).toMatchObject({ households: 360, covered: 1 });
  });

  it('only counts what came in within the range', async () => {
    const s = await h.ok<StatsOverview>(
      statsFunction,
      'overview',
      { from: '2025-10-01', to: '2025-10-31' },
      { as: town.people.centre },
    );
    expect(s.concerns.total).toBe(1);
    expect(s.concerns.onTimeRate).toBeNull();
    expect(s.clues.received).toBe(0);
    expect(s.concerns.overdueNow).toBe(3);
  });

  it('carries no personal data', async () => {
    const reply = await h.call(statsFunction, 'overview', RANGE, { as: town.people.centre });
    const text = JSON.stringify(reply);
    for (const secret of [
      town.people.villager.name,
      town.people.villager.phone!,
      town.people.villager._id,
      '村口的路灯',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('shows the calendar warning when next year has no holiday data', async () => {
    h.clock.set('2026-11-20T09:00:00+08:00');
    const s = await h.ok<StatsOverview>(statsFunction, 'overview', RANGE, {
      as: town.people.centre,
    });
    expect(s.calendar.uncoveredYears).toEqual([2027]);
  });
});

describe('who may read the statistics', () => {
  it('refuses villagers and grid workers', async () => {
    for (const who of [town.people.villager, town.people.villageGridWorker]) {
      const reply = await h.call(statsFunction, 'overview', RANGE, { as: who });
      expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    const anonymous = await h.call(statsFunction, 'overview', RANGE, { as: null });
    expect(anonymous).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });

  it('keeps town staff to their own town', async () => {
    const reply = await h.call(
      statsFunction,
      'overview',
      { ...RANGE, townId: 'town-b' },
      { as: town.people.admin },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('lets a county officer read the towns of their county, and only those', async () => {
    await h.store.insert('towns', { _id: town.townId, countyId: 'juxian', name: '小店镇' });
    await h.store.insert('towns', { _id: 'town-z', countyId: 'other-county', name: '别的镇' });
    const { _version: _v, ...officer } = accountRecord(
      'juxian',
      'juxian-officer',
      '卫县级',
      ['county_officer'],
      [],
    ) as Account;
    await h.store.insert('accounts', officer);

    const s = await h.ok<StatsOverview>(
      statsFunction,
      'overview',
      { ...RANGE, townId: town.townId },
      { as: officer },
    );
    expect(s.concerns.total).toBe(4);
    const refused = await h.call(
      statsFunction,
      'overview',
      { ...RANGE, townId: 'town-z' },
      { as: officer },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('gives a county-level account naming no town the whole county in one call, town by town', async () => {
    const other = await createTestTown(h.store, 'town-b');
    await putConcern(h.store, other, { kind: 'help', createdAt: at(8) });
    await putConcern(h.store, other, {
      kind: 'dispute',
      createdAt: at(9),
      status: 'satisfied',
      dueAt: endOf(9),
      resolution: {
        note: '已处理',
        photos: [],
        resolvedAt: at(9),
        resolvedBy: other.people.villageGridWorker._id,
      },
      rating: { result: 'resolved', at: at(9) },
    });
    await putConcern(h.store, other, { createdAt: '2025-12-02T10:00:00.000+08:00' }); // after
    await putClue(h.store, other, { status: 'accepted', createdAt: at(2) });
    await h.store.insert('towns', { _id: town.townId, countyId: 'juxian', name: '小店镇' });
    await h.store.insert('towns', { _id: other.townId, countyId: 'juxian', name: '峤山镇' });
    await h.store.insert('towns', { _id: 'town-z', countyId: 'other-county', name: '别的镇' });
    const { _version: _v, ...officer } = accountRecord(
      'juxian',
      'juxian-officer',
      '卫县级',
      ['county_officer'],
      [],
    ) as Account;
    await h.store.insert('accounts', officer);

    const county = await h.ok<StatsOverview>(statsFunction, 'overview', RANGE, { as: officer });
    const [a, b] = await Promise.all(
      [town.townId, other.townId].map((townId) =>
        h.ok<StatsOverview>(statsFunction, 'overview', { ...RANGE, townId }, { as: officer }),
      ),
    );
    expect(a!.concerns.total).toBe(4);
    expect(b!.concerns.total).toBe(2);
    expect(county.townId).toBe('juxian');
    expect(county.towns).toEqual([
      {
        townId: town.townId,
        name: '小店镇',
        total: 4,
        overdueNow: a!.concerns.overdueNow,
        onTimeRate: 0.5,
        satisfactionRate: 0.5,
      },
      {
        townId: other.townId,
        name: '峤山镇',
        total: 2,
        overdueNow: b!.concerns.overdueNow,
        onTimeRate: 1,
        satisfactionRate: 1,
      },
    ]);
    expect(county.concerns).toMatchObject({
      total: 6,
      resolved: 3,
      resolvedOnTime: 2,
      onTimeRate: 0.667,
      rated: 3,
      satisfied: 2,
      overdueNow: a!.concerns.overdueNow + b!.concerns.overdueNow,
    });
    expect(count(county.concerns.byKind, 'help')).toBe(2);
    expect(count(county.concerns.byKind, 'dispute')).toBe(2);
    expect(county.concerns.byVillage.reduce((n, r) => n + r.count, 0)).toBe(6);
    expect(county.concerns.byVillage.some((r) => r.name.startsWith('峤山镇'))).toBe(true);
    expect(county.clues).toMatchObject({ received: 5, accepted: 3 });
    expect(county.mediation.ended).toBe(a!.mediation.ended + b!.mediation.ended);
    expect(county.learning.households).toBe(a!.learning.households + b!.learning.households);
    // A community belongs to a town: the county-wide read refuses one, naming the field.
    const community = await h.call(
      statsFunction,
      'overview',
      { ...RANGE, communityId: town.communities[0]!._id },
      { as: officer },
    );
    expect(community).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(!community.ok && community.error.details?.fields?.[0]?.field).toBe('communityId');
    // A town's staff naming no town still read their own town only.
    const own = await h.ok<StatsOverview>(statsFunction, 'overview', RANGE, {
      as: town.people.centre,
    });
    expect(own.towns).toBeNull();
    expect(own.concerns.total).toBe(4);
  });

  it('refuses a community that is not one', async () => {
    const reply = await h.call(
      statsFunction,
      'overview',
      { ...RANGE, communityId: town.villages[0]![0]!._id },
      { as: town.people.centre },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(!reply.ok && reply.error.details?.fields?.[0]?.field).toBe('communityId');
  });
});

describe('rate', () => {
  it('is null with nothing to divide and rounds to three decimals', () => {
    expect(rate(0, 0)).toBeNull();
    expect(rate(2, 3)).toBe(0.667);
    expect(rate(3, 3)).toBe(1);
  });
});
