/**
 * The statistics overview at a county's size (not a unit test: timings depend on the
 * machine): 20 towns × 50,000 concerns (1M, five years of a county, scaled by
 * BENCH_STATS_CONCERNS), written straight into the store, their totals then counted afresh
 * per town as the host does at start. Measured in the same run: `stats.overview` for one town
 * and one year through dispatch (mean over the towns), the same figures read the old way by
 * counting every concern (one town), the 20 calls of one town each, and the county-wide
 * overview a county-level account reads in one call.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createEmbeddedRuntime, silentLogger } from '../../functions/adapters/select';
import { rebuildTownConcernStats } from '../../functions/concern/concern.api';
import { loadGrid } from '../../functions/runtime/directory';
import { dispatch } from '../../functions/runtime/dispatch';
import { concernStats } from '../../functions/stats/read-overview';
import { statsFunction } from '../../functions/stats/stats.function';
import { chinaIso, endOfLocalDay, startOfLocalDay } from '../../shared/calendar/china-time';
import { CONCERN_KINDS } from '../../shared/concern/concern.kinds';
import { CONCERN_STATUSES } from '../../shared/concern/concern.status';
import { ok } from '../../shared/kernel/result';
import { townNodesById } from '../../shared/routing/grid.path';
import type { Account } from '../../shared/account/account.schema';
import type { StatsOverview } from '../../functions/stats/read-overview';
import type { TestTown } from '../factories/town';
import { accountRecord, createTestTown } from '../factories/town';

const TOWNS = 20;
const YEAR = { from: '2025-01-01', to: '2025-12-31' };
const FIVE_YEARS_MS = 5 * 365 * 86_400_000;
const START_MS = Date.UTC(2021, 0, 1);

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function concern(town: TestTown, i: number, next: () => number) {
  const createdMs = START_MS + Math.floor(next() * FIVE_YEARS_MS);
  const createdAt = chinaIso(createdMs);
  const dueAt = chinaIso(createdMs + 7 * 86_400_000);
  const status = CONCERN_STATUSES[Math.floor(next() * CONCERN_STATUSES.length)]!;
  const villages = town.villages.flat();
  const done = next() < 0.6;
  return {
    _id: `con_${town.townId}_${String(i).padStart(7, '0')}`,
    townId: town.townId,
    createdAt,
    updatedAt: createdAt,
    kind: CONCERN_KINDS[Math.floor(next() * CONCERN_KINDS.length)]!,
    topic: 'other',
    text: '村口的路灯坏了好几天，晚上走路看不见，希望尽快修好。',
    photos: [],
    place: { gridNodeId: villages[Math.floor(next() * villages.length)]!._id },
    emergency: false,
    reporterId: town.people.villager._id,
    status,
    assigneeId: town.people.villageGridWorker._id,
    dueAt,
    ...(done
      ? {
          resolution: {
            note: '已处理',
            photos: [],
            resolvedAt: chinaIso(createdMs + Math.floor(next() * 10) * 86_400_000),
            resolvedBy: town.people.villageGridWorker._id,
          },
          rating: { result: next() < 0.8 ? 'resolved' : 'unresolved', at: dueAt },
        }
      : {}),
  };
}

export interface StatsFigures {
  readonly concerns: number;
  readonly loadSeconds: number;
  readonly rebuildSecondsPerTown: number;
  readonly townOverviewMs: number;
  readonly townCountedMs: number;
  readonly countyTwentyCallsMs: number;
  readonly countyOneCallMs: number;
}

export async function runStatsBench(total = 1_000_000): Promise<StatsFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'hehe-stats-bench-'));
  const rt = createEmbeddedRuntime({ dataDir: dir, log: silentLogger, synchronous: 'NORMAL' });
  try {
    const towns: TestTown[] = [];
    for (let t = 0; t < TOWNS; t += 1) towns.push(await createTestTown(rt.store, `town-${t}`));
    const perTown = Math.floor(total / TOWNS);
    const loadStart = performance.now();
    const next = random(7);
    for (const town of towns) {
      for (let i = 0; i < perTown; i += 1000) {
        const written = await rt.store.transaction(async (tx) => {
          for (let j = i; j < Math.min(i + 1000, perTown); j += 1) {
            const put = await tx.insert('concerns', concern(town, j, next));
            if (!put.ok) return put;
          }
          return ok(null);
        });
        if (!written.ok) throw new Error(written.error.message);
      }
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const rebuildStart = performance.now();
    for (const town of towns) await rebuildTownConcernStats(rt.ctx, town.townId);
    const rebuildSecondsPerTown = (performance.now() - rebuildStart) / 1000 / TOWNS;

    const overview = async (town: TestTown) => {
      const reply = await dispatch(
        rt.ctx,
        statsFunction,
        { action: 'overview', data: YEAR },
        { kind: 'account', accountId: town.people.centre._id },
      );
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    };
    for (const town of towns) await overview(town); // warm
    const rounds = 5;
    const start = performance.now();
    for (let r = 0; r < rounds; r += 1) for (const town of towns) await overview(town);
    const townOverviewMs = (performance.now() - start) / (rounds * TOWNS);
    const county = performance.now();
    for (const town of towns) await overview(town);
    const countyTwentyCallsMs = performance.now() - county;

    // A county-level account naming no town: the whole county in one call.
    for (const town of towns) {
      const put = await rt.store.insert('towns', {
        _id: town.townId,
        countyId: 'county-bench',
        name: `测试镇${town.townId.slice(5)}`,
      });
      if (!put.ok) throw new Error(put.error.message);
    }
    const { _version: _v, ...officer } = accountRecord(
      'county-bench',
      'county-bench-officer',
      '卫县级',
      ['county_officer'],
      [],
    ) as Account;
    const put = await rt.store.insert('accounts', officer);
    if (!put.ok) throw new Error(put.error.message);
    const countyCall = async () => {
      const reply = await dispatch(
        rt.ctx,
        statsFunction,
        { action: 'overview', data: YEAR },
        { kind: 'account', accountId: officer._id },
      );
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
      if ((reply.data as StatsOverview).towns?.length !== TOWNS) throw new Error('not the county');
    };
    await countyCall(); // warm
    const oneCall = performance.now();
    for (let r = 0; r < rounds; r += 1) await countyCall();
    const countyOneCallMs = (performance.now() - oneCall) / rounds;

    const first = towns[0]!;
    const byId = townNodesById(await loadGrid(rt.ctx, first.townId), first.townId);
    const counted = performance.now();
    await concernStats(
      rt.ctx,
      first.townId,
      null,
      { gte: startOfLocalDay(YEAR.from), lte: endOfLocalDay(YEAR.to) },
      byId,
    );
    const townCountedMs = performance.now() - counted;
    return {
      concerns: perTown * TOWNS,
      loadSeconds,
      rebuildSecondsPerTown,
      townOverviewMs,
      townCountedMs,
      countyTwentyCallsMs,
      countyOneCallMs,
    };
  } finally {
    await rt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
