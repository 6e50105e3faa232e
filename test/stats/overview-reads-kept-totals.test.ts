/**
 * The statistics overview of a whole town reads the daily and monthly concern totals that
 * every concern write keeps (concern/concern.aggregates.ts) instead of every concern: after a
 * real sequence of submissions, acceptances, resolutions and ratings across three months, the
 * totals give exactly what counting every concern gives, for whole months, parts of months,
 * single days and ranges across months; counting afresh gives the same totals again.
 */
import { concernFunction } from '../../functions/concern/concern.function';
import type { VillagerConcernView } from '../../functions/concern/concern.views';
import { rebuildTownConcernStats } from '../../functions/concern/concern.api';
import { concernStats, concernStatsFromTotals } from '../../functions/stats/read-overview';
import type { StatsOverview } from '../../functions/stats/read-overview';
import { statsFunction } from '../../functions/stats/stats.function';
import { CONCERN_STATS } from '../../functions/store/collections';
import { loadGrid } from '../../functions/runtime/directory';
import { endOfLocalDay, startOfLocalDay } from '../../shared/calendar/china-time';
import { townNodesById } from '../../shared/routing/grid.path';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { streetLight } from '../concern/concern.steps';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
  // Counted afresh on an empty town: from here on every write keeps the totals.
  await rebuildTownConcernStats(h.ctx, town.townId);
});
afterEach(() => h.close());

async function submit(at: string, extra: Record<string, unknown>): Promise<string> {
  h.clock.set(at);
  const reply = await h.ok<VillagerConcernView>(
    concernFunction,
    'submit',
    streetLight(town, extra),
    {
      as: town.people.villager,
    },
  );
  return reply.id;
}

async function work(id: string, steps: readonly string[], at: string): Promise<void> {
  h.clock.set(at);
  const as = { as: town.people.villageGridWorker };
  for (const step of steps) {
    if (step === 'resolve') {
      await h.ok(concernFunction, 'resolve', { concernId: id, note: '已经修好了' }, as);
    } else {
      await h.ok(concernFunction, step, { concernId: id }, as);
    }
  }
}

async function rateIt(id: string, result: 'resolved' | 'unresolved', at: string): Promise<void> {
  h.clock.set(at);
  await h.ok(concernFunction, 'rate', { concernId: id, result }, { as: town.people.villager });
}

async function compare(from: string, to: string): Promise<void> {
  const byId = townNodesById(await loadGrid(h.ctx, town.townId), town.townId);
  const counted = await concernStats(
    h.ctx,
    town.townId,
    null,
    { gte: startOfLocalDay(from), lte: endOfLocalDay(to) },
    byId,
  );
  const kept = await concernStatsFromTotals(h.ctx, town.townId, from, to, byId);
  expect({ from, to, ...kept }).toEqual({ from, to, ...counted });
}

test('the kept totals give what counting every concern gives, for any range', async () => {
  const other = town.villages[1]![0]!._id;
  const a = await submit('2025-10-30T09:00:00.000+08:00', {});
  const b = await submit('2025-10-31T20:00:00.000+08:00', { kind: 'complaint' });
  const c = await submit('2025-11-03T09:30:00.000+08:00', { kind: 'consultation' });
  const d = await submit('2025-11-17T10:00:00.000+08:00', {
    place: { gridNodeId: other, text: '村口' },
  });
  await submit('2025-11-30T23:30:00.000+08:00', { kind: 'report' });
  const f = await submit('2025-12-01T00:10:00.000+08:00', {});
  await work(a, ['accept', 'start', 'resolve'], '2025-11-04T09:00:00.000+08:00');
  await rateIt(a, 'resolved', '2025-11-05T09:00:00.000+08:00');
  await work(b, ['accept', 'start', 'resolve'], '2025-12-20T09:00:00.000+08:00'); // late
  await rateIt(b, 'unresolved', '2025-12-21T09:00:00.000+08:00');
  await work(c, ['accept'], '2025-11-04T10:00:00.000+08:00');
  // A neighbour joins (我也遇到了): the people count moves, the concern count does not.
  await h.ok(
    concernFunction,
    'join',
    { concernId: c, near: { gridNodeId: town.villages[0]![0]!._id } },
    { as: town.people.neighbour },
  );
  await work(f, ['accept', 'start', 'resolve'], '2025-12-02T09:00:00.000+08:00');
  void d;

  for (const [from, to] of [
    ['2025-10-01', '2025-12-31'],
    ['2025-11-01', '2025-11-30'],
    ['2025-10-31', '2025-11-03'],
    ['2025-11-17', '2025-11-17'],
    ['2025-10-15', '2025-12-01'],
    ['2025-11-02', '2025-11-29'],
    ['2025-12-02', '2026-03-31'],
  ] as const) {
    await compare(from, to);
  }
  const november = await concernStatsFromTotals(
    h.ctx,
    town.townId,
    '2025-11-01',
    '2025-11-30',
    townNodesById(await loadGrid(h.ctx, town.townId), town.townId),
  );
  expect(november).toMatchObject({ total: 3, people: 4 });

  // Counting afresh gives the same records the writes kept.
  const kept = (
    await CONCERN_STATS.query(h.store, { where: { townId: town.townId, scope: 'day' } })
  ).docs.map(({ _version, updatedAt, ...rest }) => (void _version, void updatedAt, rest));
  await rebuildTownConcernStats(h.ctx, town.townId);
  const recounted = (
    await CONCERN_STATS.query(h.store, { where: { townId: town.townId, scope: 'day' } })
  ).docs.map(({ _version, updatedAt, ...rest }) => (void _version, void updatedAt, rest));
  expect(recounted).toEqual(kept);
});

test('the centre’s overview reads the totals once they are kept', async () => {
  await submit('2025-11-17T10:00:00.000+08:00', {});
  await submit('2025-11-18T10:00:00.000+08:00', { kind: 'complaint' });
  h.clock.set('2025-11-20T10:00:00.000+08:00');
  const overview = await h.ok<StatsOverview>(
    statsFunction,
    'overview',
    { from: '2025-11-01', to: '2025-11-30' },
    { as: town.people.centre },
  );
  expect(overview.concerns.total).toBe(2);
  expect(overview.concerns.byKind.find((k) => k.code === 'complaint')?.count).toBe(1);
  // The figures come from the totals: change them behind the concerns' back and they show.
  const day = (await CONCERN_STATS.get(h.store, `${town.townId}:day:2025-11-18`))!;
  await h.store.update('concern_stats', day._id, { total: 40 }, { ifVersion: day._version });
  const month = (await CONCERN_STATS.get(h.store, `${town.townId}:month:2025-11`))!;
  await h.store.update('concern_stats', month._id, { total: 41 }, { ifVersion: month._version });
  const again = await h.ok<StatsOverview>(
    statsFunction,
    'overview',
    { from: '2025-11-01', to: '2025-11-30' },
    { as: town.people.centre },
  );
  expect(again.concerns.total).toBe(41);
});
