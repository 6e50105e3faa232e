/**
 * `stats.overview` (统计概览) for the centre, the admin and county officers (县级, across the
 * towns of their county): what came in between two days, optionally for one community (新村),
 * and how well it was handled — counts by kind, village and status; on-time rate (办结及时率);
 * satisfaction (满意率); mediation success (调解成功率); clue acceptance (线索受理率);
 * 一户一法德明白人 coverage; what is overdue now; and the calendar warning when holiday data is
 * missing for the coming 60 days. Only counts and place names leave here: no personal data.
 * A county-level account naming no town reads the whole county in one call (each town's
 * figures, summed; a row per town).
 *
 * Cost, for a range of N concerns (one year at most): ⌈N/1000⌉ pages of concerns by
 * [townId, createdAt] (or [townId, place.gridNodeId, createdAt] for a community), one count
 * each for overdue concerns and tasks by [townId, status, dueAt], one count per booking status
 * by [townId, status, slotStart] and per clue status by [townId, status, createdAt] (a
 * community reads its rooms' bookings and the range's clues page by page instead), the grid,
 * the published articles, and — for coverage, which is cumulative rather than per range —
 * every reading-progress row and every account with a household, a page per 1000. On SQLite
 * a town's year is a few hundred milliseconds; on CloudBase it is a few dozen reads.
 */
import type { ClueStatus } from '../../shared/clue/clue.status';
import { CLUE_STATUSES } from '../../shared/clue/clue.status';
import { clueMachine } from '../../shared/clue/clue.machine';
import {
  endOfLocalDay,
  instantMs,
  startOfLocalDay,
  toLocalDate,
} from '../../shared/calendar/china-time';
import type { ConcernKind } from '../../shared/concern/concern.kinds';
import { CONCERN_KIND_LABELS, CONCERN_KINDS } from '../../shared/concern/concern.kinds';
import { CONCERN_GROUPS, concernMachine } from '../../shared/concern/concern.machine';
import type { ConcernStatus } from '../../shared/concern/concern.status';
import { CONCERN_STATUSES } from '../../shared/concern/concern.status';
import type { GridNode } from '../../shared/grid/grid.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { BookingStatus } from '../../shared/mediation/booking.status';
import { BOOKING_STATUSES } from '../../shared/mediation/booking.status';
import { bookingMachine } from '../../shared/mediation/booking.machine';
import { stateLabel } from '../../shared/machine/machine';
import { pathToRoot, townNodesById } from '../../shared/routing/grid.path';
import { TASK_GROUPS } from '../../shared/task/task.machine';
import type { StatsOverviewInput } from '../../shared/validation/admin.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AccountDoc } from '../runtime/caller';
import type { AppContext } from '../runtime/context';
import { loadGrid } from '../runtime/directory';
import { queryAll } from '../runtime/paging';
import type { StoredDoc, Where } from '../store/store.port';
import { calendarWarning } from '../../shared/calendar/calendar.warning';
import { scanParsed } from '../runtime/paging';
import { addCounts, concernStatsBuilt, emptyCounts } from '../concern/concern.api';
import type { ConcernStatRecord, TownRecord } from '../store/records/records';
import {
  ACCOUNTS,
  ARTICLES,
  CONCERN_STATS,
  BOOKINGS,
  CLUES,
  CONCERNS,
  READING_PROGRESS,
  ROOMS,
  TASKS,
  TOWNS,
} from '../store/collections';

import type { CountRow, CoverageRow, StatsOverview } from './stats.views';

export type { CountRow, CoverageRow, PlaceRow, StatsOverview, TownRow } from './stats.views';

/** Outcomes that mean a mediation took place and ended (cancelled or refused ones never ran). */
const MEDIATION_ENDED: readonly BookingStatus[] = ['succeeded', 'failed', 'withdrawn'];
const CLUE_DECIDED: readonly ClueStatus[] = ['accepted', 'not_accepted', 'transferred'];

/** n / d to three decimals, or null when there is nothing to divide by. */
export function rate(n: number, d: number): number | null {
  return d === 0 ? null : Math.round((n / d) * 1000) / 1000;
}

/**
 * Builds the overview for the caller's town, for a county officer a town of the county, or —
 * when a county-level account names none — the whole county in one call: each town's figures
 * (from its kept totals) summed, with a row per town.
 */
export async function statsOverview(
  ctx: AppContext,
  call: ActionCall<StatsOverviewInput>,
): Promise<Result<StatsOverview>> {
  const { account } = signedIn(call);
  const input = call.input;
  const target = await targetScope(ctx, account, input.townId);
  if (!target.ok) return target;
  if (target.value.kind === 'town') return townOverview(ctx, target.value.townId, input);
  const { countyId, towns } = target.value;
  if (input.communityId !== undefined) {
    const message = '请先选择新村所在的镇';
    return err(
      appError('VALIDATION_FAILED', message, { fields: [{ field: 'communityId', message }] }),
    );
  }
  const parts: StatsOverview[] = [];
  for (const town of towns) {
    const one = await townOverview(ctx, town._id, input);
    if (!one.ok) return one;
    parts.push(one.value);
  }
  return ok(
    countyOverview(
      countyId,
      towns.map((t) => t.name),
      parts,
    ),
  );
}

async function townOverview(
  ctx: AppContext,
  townId: string,
  input: StatsOverviewInput,
): Promise<Result<StatsOverview>> {
  const nodes = await loadGrid(ctx, townId);
  const byId = townNodesById(nodes, townId);
  let scope: ReadonlySet<string> | null = null;
  if (input.communityId !== undefined) {
    const community = byId.get(input.communityId);
    if (community === undefined || community.level !== 'community') {
      const message = '没有找到这个新村';
      return err(
        appError('VALIDATION_FAILED', message, { fields: [{ field: 'communityId', message }] }),
      );
    }
    scope = new Set(
      nodes
        .filter((n) => n._id === community._id || n.ancestorIds.includes(community._id))
        .map((n) => n._id),
    );
  }
  const range = { gte: startOfLocalDay(input.from), lte: endOfLocalDay(input.to) };
  const nowIso = ctx.clock.nowIso();

  const fromTotals = scope === null && (await concernStatsBuilt(ctx, townId));
  const [concerns, overdueNow, tasksOverdue, mediation, clues, learning] = await Promise.all([
    fromTotals
      ? concernStatsFromTotals(ctx, townId, input.from, input.to, byId)
      : concernStats(ctx, townId, scope, range, byId),
    overdueConcerns(ctx, townId, scope, nowIso),
    scope === null
      ? TASKS.count(ctx.store, {
          townId,
          status: { in: [...TASK_GROUPS.pending] },
          dueAt: { lt: nowIso },
        })
      : Promise.resolve(null),
    mediationStats(ctx, townId, scope, range),
    clueStats(ctx, townId, scope, range),
    coverageStats(ctx, townId, scope, nodes, byId),
  ]);

  return ok({
    townId,
    from: input.from,
    to: input.to,
    communityId: input.communityId ?? null,
    generatedAt: nowIso,
    concerns: { ...concerns, overdueNow },
    tasks: { overdueNow: tasksOverdue },
    mediation,
    clues,
    learning,
    towns: null,
    calendar: calendarWarning(await ctx.calendars.forTown(townId), toLocalDate(nowIso)),
  });
}

/** Sums count rows of the same codes, in the order of the first. */
function sumRows<K extends string>(lists: readonly CountRow<K>[][]): CountRow<K>[] {
  const first = lists[0] ?? [];
  return first.map((row) => ({
    ...row,
    count: lists.reduce(
      (sum, list) => sum + (list.find((r) => r.code === row.code)?.count ?? 0),
      0,
    ),
  }));
}

const total = (parts: readonly StatsOverview[], pick: (p: StatsOverview) => number) =>
  parts.reduce((sum, p) => sum + pick(p), 0);

/**
 * The county's overview from its towns' (same range, same moment): counts add up, rates are
 * recomputed from the sums, place rows carry their town's name before the village's.
 */
export function countyOverview(
  countyId: string,
  townNames: readonly string[],
  parts: readonly StatsOverview[],
): StatsOverview {
  const first = parts[0];
  const named = <R extends { name: string }>(rows: (p: StatsOverview) => readonly R[]) =>
    parts.flatMap((p, i) => rows(p).map((r) => ({ ...r, name: `${townNames[i]}${r.name}` })));
  const resolved = total(parts, (p) => p.concerns.resolved);
  const resolvedOnTime = total(parts, (p) => p.concerns.resolvedOnTime);
  const rated = total(parts, (p) => p.concerns.rated);
  const satisfied = total(parts, (p) => p.concerns.satisfied);
  const ended = total(parts, (p) => p.mediation.ended);
  const succeeded = total(parts, (p) => p.mediation.succeeded);
  const decided = total(parts, (p) => p.clues.decided);
  const accepted = total(parts, (p) => p.clues.accepted);
  const households = total(parts, (p) => p.learning.households);
  const covered = total(parts, (p) => p.learning.covered);
  return {
    townId: countyId,
    from: first?.from ?? '',
    to: first?.to ?? '',
    communityId: null,
    generatedAt: first?.generatedAt ?? '',
    concerns: {
      total: total(parts, (p) => p.concerns.total),
      people: total(parts, (p) => p.concerns.people),
      byKind: sumRows(parts.map((p) => p.concerns.byKind)),
      byStatus: sumRows(parts.map((p) => p.concerns.byStatus)),
      byVillage: named((p) => p.concerns.byVillage).sort(
        (a, b) => b.count - a.count || (a.gridNodeId < b.gridNodeId ? -1 : 1),
      ),
      resolved,
      resolvedOnTime,
      onTimeRate: rate(resolvedOnTime, resolved),
      rated,
      satisfied,
      satisfactionRate: rate(satisfied, rated),
      overdueNow: total(parts, (p) => p.concerns.overdueNow),
    },
    tasks: { overdueNow: total(parts, (p) => p.tasks.overdueNow ?? 0) },
    mediation: {
      byStatus: sumRows(parts.map((p) => p.mediation.byStatus)),
      ended,
      succeeded,
      successRate: rate(succeeded, ended),
      noShows: total(parts, (p) => p.mediation.noShows),
    },
    clues: {
      received: total(parts, (p) => p.clues.received),
      byStatus: sumRows(parts.map((p) => p.clues.byStatus)),
      decided,
      accepted,
      acceptanceRate: rate(accepted, decided),
    },
    learning: {
      readingPathArticles: Math.max(0, ...parts.map((p) => p.learning.readingPathArticles)),
      households,
      covered,
      coverageRate: rate(covered, households),
      byVillage: named((p) => p.learning.byVillage),
    },
    towns: parts.map((p, i) => ({
      townId: p.townId,
      name: townNames[i] ?? p.townId,
      total: p.concerns.total,
      overdueNow: p.concerns.overdueNow,
      onTimeRate: p.concerns.onTimeRate,
      satisfactionRate: p.concerns.satisfactionRate,
    })),
    calendar: parts.find((p) => p.calendar.message !== null)?.calendar ??
      first?.calendar ?? { uncoveredYears: [], message: null },
  };
}

type Target =
  | { readonly kind: 'town'; readonly townId: string }
  | { readonly kind: 'county'; readonly countyId: string; readonly towns: TownRecord[] };

/**
 * What the caller may read: their own town; a county officer also any town whose `countyId`
 * is the officer's own (county) id, and — naming none from a county-level account — the whole
 * county.
 */
async function targetScope(
  ctx: AppContext,
  account: AccountDoc,
  wanted: string | undefined,
): Promise<Result<Target>> {
  const county = account.roles.includes('county_officer');
  if (wanted === undefined && county) {
    const towns = await queryAll(ctx, TOWNS, {
      where: { countyId: account.townId },
      orderBy: { path: 'name', order: 'asc' },
    });
    if (towns.length > 0) return ok({ kind: 'county', countyId: account.townId, towns });
  }
  if (wanted === undefined || wanted === account.townId) {
    return ok({ kind: 'town', townId: account.townId });
  }
  if (!county) {
    return err(appError('FORBIDDEN', '只能查看本镇的统计'));
  }
  const town = await TOWNS.get(ctx.store, wanted);
  if (town === null || town.countyId !== account.townId) {
    return err(appError('FORBIDDEN', '这个镇不在您所管辖的县内'));
  }
  return ok({ kind: 'town', townId: wanted });
}

type Range = { readonly gte: string; readonly lte: string };
type NodeMap = ReadonlyMap<string, StoredDoc<GridNode>>;

/** The natural village a place belongs to, or the place itself when it sits above village level. */
function villageOf(byId: NodeMap, gridNodeId: string): StoredDoc<GridNode> | undefined {
  const path = pathToRoot(byId, gridNodeId);
  return path.find((n) => n.level === 'village') ?? path[0];
}

function placeWhere(scope: ReadonlySet<string> | null): Where {
  return scope === null ? {} : { 'place.gridNodeId': { in: [...scope] } };
}

export async function concernStats(
  ctx: AppContext,
  townId: string,
  scope: ReadonlySet<string> | null,
  range: Range,
  byId: NodeMap,
) {
  const { docs } = await scanParsed(ctx, CONCERNS, {
    where: { townId, ...placeWhere(scope), createdAt: range },
    orderBy: { path: 'createdAt', order: 'asc' },
  });
  const kinds = new Map<ConcernKind, number>();
  const statuses = new Map<ConcernStatus, number>();
  const villages = new Map<string, number>();
  let resolved = 0;
  let onTime = 0;
  let rated = 0;
  let satisfied = 0;
  let people = 0;
  for (const c of docs) {
    people += 1 + c.followerIds.length;
    kinds.set(c.kind, (kinds.get(c.kind) ?? 0) + 1);
    statuses.set(c.status, (statuses.get(c.status) ?? 0) + 1);
    const village = villageOf(byId, c.place.gridNodeId);
    if (village !== undefined) villages.set(village._id, (villages.get(village._id) ?? 0) + 1);
    if (c.resolution !== undefined && c.dueAt !== null) {
      resolved += 1;
      if (instantMs(c.resolution.resolvedAt) <= instantMs(c.dueAt)) onTime += 1;
    }
    if (c.rating !== undefined) {
      rated += 1;
      if (c.rating.result === 'resolved') satisfied += 1;
    }
  }
  return {
    total: docs.length,
    people,
    byKind: CONCERN_KINDS.map((code) => ({
      code,
      label: CONCERN_KIND_LABELS[code],
      count: kinds.get(code) ?? 0,
    })),
    byStatus: CONCERN_STATUSES.map((code) => ({
      code,
      label: stateLabel(concernMachine, code),
      count: statuses.get(code) ?? 0,
    })),
    byVillage: [...villages.entries()]
      .map(([id, count]) => ({ gridNodeId: id, name: byId.get(id)?.name ?? id, count }))
      .sort((a, b) => b.count - a.count || (a.gridNodeId < b.gridNodeId ? -1 : 1)),
    resolved,
    resolvedOnTime: onTime,
    onTimeRate: rate(onTime, resolved),
    rated,
    satisfied,
    satisfactionRate: rate(satisfied, rated),
  };
}

type Counts = ReturnType<typeof emptyCounts>;

/** The last day of a 'YYYY-MM' month. */
function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
}

/**
 * The same figures as `concernStats` for a whole town, from the totals kept with every
 * concern write (concern/concern.aggregates.ts): the months the range covers whole from
 * their month records, the days at either end from their day records. A year is at most 12
 * month records and about 60 day records, whatever the number of concerns.
 */
export async function concernStatsFromTotals(
  ctx: AppContext,
  townId: string,
  from: string,
  to: string,
  byId: NodeMap,
) {
  const whole: string[] = [];
  for (let m = from.slice(0, 7); m <= to.slice(0, 7); m = nextMonth(m)) {
    if (`${m}-01` >= from && monthEnd(m) <= to) whole.push(m);
  }
  const reads: Promise<{ docs: ConcernStatRecord[] }>[] = [];
  const read = (scope: 'day' | 'month', period: Record<string, string>) =>
    reads.push(
      scanParsed(ctx, CONCERN_STATS, {
        where: { townId, scope, period },
        orderBy: { path: 'period', order: 'asc' },
      }),
    );
  const first = whole[0];
  const last = whole.at(-1);
  if (first === undefined || last === undefined) {
    read('day', { gte: from, lte: to });
  } else {
    read('month', { gte: first, lte: last });
    if (from < `${first}-01`) read('day', { gte: from, lt: `${first}-01` });
    if (to > monthEnd(last)) read('day', { gt: monthEnd(last), lte: to });
  }
  let sum: Counts = emptyCounts();
  for (const page of await Promise.all(reads)) {
    for (const row of page.docs) sum = addCounts(sum, row);
  }
  const villages = new Map<string, number>();
  for (const [placeId, n] of Object.entries(sum.places)) {
    const village = villageOf(byId, placeId);
    if (village !== undefined) villages.set(village._id, (villages.get(village._id) ?? 0) + n);
  }
  return {
    total: sum.total,
    people: sum.people,
    byKind: CONCERN_KINDS.map((code) => ({
      code,
      label: CONCERN_KIND_LABELS[code],
      count: sum.kinds[code] ?? 0,
    })),
    byStatus: CONCERN_STATUSES.map((code) => ({
      code,
      label: stateLabel(concernMachine, code),
      count: sum.statuses[code] ?? 0,
    })),
    byVillage: [...villages.entries()]
      .map(([id, count]) => ({ gridNodeId: id, name: byId.get(id)?.name ?? id, count }))
      .sort((a, b) => b.count - a.count || (a.gridNodeId < b.gridNodeId ? -1 : 1)),
    resolved: sum.resolved,
    resolvedOnTime: sum.resolvedOnTime,
    onTimeRate: rate(sum.resolvedOnTime, sum.resolved),
    rated: sum.rated,
    satisfied: sum.satisfied,
    satisfactionRate: rate(sum.satisfied, sum.rated),
  };
}

async function overdueConcerns(
  ctx: AppContext,
  townId: string,
  scope: ReadonlySet<string> | null,
  nowIso: string,
): Promise<number> {
  const open = [...CONCERN_GROUPS.open];
  if (scope === null) {
    return CONCERNS.count(ctx.store, { townId, status: { in: open }, dueAt: { lt: nowIso } });
  }
  const { docs } = await scanParsed(ctx, CONCERNS, {
    where: { townId, ...placeWhere(scope), status: { in: open } },
    orderBy: { path: 'createdAt', order: 'asc' },
  });
  const now = instantMs(nowIso);
  return docs.filter((c) => c.dueAt !== null && instantMs(c.dueAt) < now).length;
}

async function mediationStats(
  ctx: AppContext,
  townId: string,
  scope: ReadonlySet<string> | null,
  range: Range,
) {
  const counts = new Map<BookingStatus, number>();
  if (scope === null) {
    const n = await Promise.all(
      BOOKING_STATUSES.map((status) =>
        BOOKINGS.count(ctx.store, { townId, status, slotStart: range }),
      ),
    );
    BOOKING_STATUSES.forEach((s, i) => counts.set(s, n[i] ?? 0));
  } else {
    // Bookings carry no place: a community's are those of the rooms that sit in it.
    const rooms = await queryAll(ctx, ROOMS, {
      where: { townId, gridNodeId: { in: [...scope] } },
      orderBy: { path: 'name', order: 'asc' },
    });
    if (rooms.length > 0) {
      const { docs } = await scanParsed(ctx, BOOKINGS, {
        where: { roomId: { in: rooms.map((r) => r._id) }, slotStart: range },
        orderBy: { path: 'slotStart', order: 'asc' },
      });
      for (const b of docs) {
        if (b.townId === townId) counts.set(b.status, (counts.get(b.status) ?? 0) + 1);
      }
    }
  }
  const ended = MEDIATION_ENDED.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0);
  const succeeded = counts.get('succeeded') ?? 0;
  return {
    byStatus: BOOKING_STATUSES.map((code) => ({
      code,
      label: stateLabel(bookingMachine, code),
      count: counts.get(code) ?? 0,
    })),
    ended,
    succeeded,
    successRate: rate(succeeded, ended),
    noShows: counts.get('no_show') ?? 0,
  };
}

async function clueStats(
  ctx: AppContext,
  townId: string,
  scope: ReadonlySet<string> | null,
  range: Range,
) {
  const counts = new Map<ClueStatus, number>();
  if (scope === null) {
    const n = await Promise.all(
      CLUE_STATUSES.map((status) => CLUES.count(ctx.store, { townId, status, createdAt: range })),
    );
    CLUE_STATUSES.forEach((s, i) => counts.set(s, n[i] ?? 0));
  } else {
    const { docs } = await scanParsed(ctx, CLUES, {
      where: { townId, status: { in: [...CLUE_STATUSES] }, createdAt: range },
      orderBy: { path: 'createdAt', order: 'asc' },
    });
    for (const c of docs) {
      if (scope.has(c.place.gridNodeId)) counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
    }
  }
  const received = CLUE_STATUSES.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0);
  const decided = CLUE_DECIDED.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0);
  const accepted = counts.get('accepted') ?? 0;
  return {
    received,
    byStatus: CLUE_STATUSES.map((code) => ({
      code,
      label: stateLabel(clueMachine, code),
      count: counts.get(code) ?? 0,
    })),
    decided,
    accepted,
    acceptanceRate: rate(accepted, decided),
  };
}

/**
 * 一户一法德明白人 coverage: a household is covered once one member has completed every
 * published article of the reading path; households per village come from the grid
 * (`households` on natural villages). Cumulative up to now, not limited to the range.
 */
async function coverageStats(
  ctx: AppContext,
  townId: string,
  scope: ReadonlySet<string> | null,
  nodes: readonly StoredDoc<GridNode>[],
  byId: NodeMap,
) {
  const articles = await scanParsed(ctx, ARTICLES, {
    where: { townId, status: 'published' },
    orderBy: { path: 'publishedAt', order: 'asc' },
  });
  const path = new Set(articles.docs.filter((a) => a.inReadingPath).map((a) => a._id));

  const villages = nodes.filter(
    (n) => n.level === 'village' && (scope === null || scope.has(n._id)),
  );
  const coveredByVillage = new Map<string, number>();
  if (path.size > 0) {
    const progress = await scanParsed(ctx, READING_PROGRESS, {
      where: { townId, householdId: { gt: '' } },
      orderBy: { path: 'householdId', order: 'asc' },
    });
    // household → member → completed path articles
    const done = new Map<string, Map<string, Set<string>>>();
    for (const p of progress.docs) {
      if (p.householdId === undefined || p.completedAt === undefined) continue;
      if (!path.has(p.articleId)) continue;
      const members = done.get(p.householdId) ?? new Map<string, Set<string>>();
      const read = members.get(p.accountId) ?? new Set<string>();
      read.add(p.articleId);
      members.set(p.accountId, read);
      done.set(p.householdId, members);
    }
    const covered = new Set(
      [...done.entries()]
        .filter(([, members]) => [...members.values()].some((read) => read.size === path.size))
        .map(([household]) => household),
    );
    if (covered.size > 0) {
      const accounts = await scanParsed(ctx, ACCOUNTS, {
        where: { townId, householdId: { gt: '' } },
        orderBy: { path: 'householdId', order: 'asc' },
      });
      const counted = new Set<string>();
      for (const a of accounts.docs) {
        const household = a.householdId;
        if (household === undefined || !covered.has(household) || counted.has(household)) continue;
        const home = a.gridNodeIds[0];
        const village = home === undefined ? undefined : villageOf(byId, home);
        if (village === undefined) continue;
        counted.add(household);
        coveredByVillage.set(village._id, (coveredByVillage.get(village._id) ?? 0) + 1);
      }
    }
  }

  const rows: CoverageRow[] = villages
    .map((v) => {
      const households = v.households ?? 0;
      const covered = coveredByVillage.get(v._id) ?? 0;
      return {
        gridNodeId: v._id,
        name: v.name,
        households,
        covered,
        rate: rate(covered, households),
      };
    })
    .sort((a, b) => (a.gridNodeId < b.gridNodeId ? -1 : 1));
  const households = rows.reduce((sum, r) => sum + r.households, 0);
  const covered = rows.reduce((sum, r) => sum + r.covered, 0);
  return {
    readingPathArticles: path.size,
    households,
    covered,
    coverageRate: rate(covered, households),
    byVillage: rows,
  };
}
