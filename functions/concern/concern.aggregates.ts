/**
 * The concern totals the statistics overview reads (统计汇总): what one concern adds to its
 * town's day and month — one in all, by kind, by status, by place; resolved (with a deadline)
 * and on time; rated and satisfied — and the step that moves them when the concern is written.
 * The concern writer runs `applyConcernChange` in the same transaction as every write
 * (concern.collections.ts), so the totals are never behind the records. `rebuildConcernStats`
 * counts a town afresh (the local host at start, once, before anyone writes).
 */
import { chinaIso, instantMs, toLocalDate } from '../../shared/calendar/china-time';
import type { Concern } from '../../shared/concern/concern.schema';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { AppContext } from '../runtime/context';
import { scanParsed } from '../runtime/paging';
import { CONCERN_STATS, CONCERNS } from '../store/collections';
import type { ConcernStatRecord } from '../store/records/records';
import type { Db, Tx } from '../store/store.port';
import type { NewRecord, RecordPatch } from '../store/store.collection';
import type { AppError } from '../../shared/kernel/errors';

/** The writes this module makes, through the writer concern.collections.ts hands it. */
interface StatWriter {
  insert(db: Db | Tx, doc: NewRecord<ConcernStatRecord>): Promise<Result<unknown, AppError>>;
  update(
    db: Db | Tx,
    id: string,
    patch: RecordPatch<ConcernStatRecord>,
    options?: { ifVersion?: number },
  ): Promise<Result<unknown, AppError>>;
  replace(
    db: Db | Tx,
    id: string,
    doc: Omit<ConcernStatRecord, '_id' | '_version'>,
  ): Promise<Result<unknown, AppError>>;
  remove(db: Db | Tx, id: string): Promise<Result<void, AppError>>;
}

type Counts = Pick<
  ConcernStatRecord,
  | 'total'
  | 'people'
  | 'kinds'
  | 'statuses'
  | 'places'
  | 'resolved'
  | 'resolvedOnTime'
  | 'rated'
  | 'satisfied'
>;

type Facts = Pick<
  Concern,
  | 'townId'
  | 'createdAt'
  | 'kind'
  | 'status'
  | 'place'
  | 'resolution'
  | 'dueAt'
  | 'rating'
  | 'followerIds'
>;

export function emptyCounts(): Counts {
  return {
    total: 0,
    people: 0,
    kinds: {},
    statuses: {},
    places: {},
    resolved: 0,
    resolvedOnTime: 0,
    rated: 0,
    satisfied: 0,
  };
}

/** What one concern counts for, as the overview has always counted it. */
export function countsOf(c: Facts): Counts {
  const resolved = c.resolution !== undefined && c.dueAt !== null;
  return {
    total: 1,
    // The reporter and everyone who joined (我也遇到了).
    people: 1 + c.followerIds.length,
    kinds: { [c.kind]: 1 },
    statuses: { [c.status]: 1 },
    places: { [c.place.gridNodeId]: 1 },
    resolved: resolved ? 1 : 0,
    resolvedOnTime: resolved && instantMs(c.resolution!.resolvedAt) <= instantMs(c.dueAt!) ? 1 : 0,
    rated: c.rating === undefined ? 0 : 1,
    satisfied: c.rating?.result === 'resolved' ? 1 : 0,
  };
}

function addMap(
  into: Record<string, number>,
  from: Readonly<Record<string, number>>,
  sign: number,
): void {
  for (const [key, n] of Object.entries(from)) {
    const next = (into[key] ?? 0) + sign * n;
    if (next > 0) into[key] = next;
    else delete into[key];
  }
}

/** `into` + sign × `from`, never below zero. */
export function addCounts(into: Counts, from: Counts, sign: 1 | -1 = 1): Counts {
  const out: Counts = {
    ...into,
    kinds: { ...into.kinds },
    statuses: { ...into.statuses },
    places: { ...into.places },
  };
  addMap(out.kinds, from.kinds, sign);
  addMap(out.statuses, from.statuses, sign);
  addMap(out.places, from.places, sign);
  for (const k of [
    'total',
    'people',
    'resolved',
    'resolvedOnTime',
    'rated',
    'satisfied',
  ] as const) {
    (out as Record<typeof k, number>)[k] = Math.max(0, into[k] + sign * from[k]);
  }
  return out;
}

/** The change a write makes: the after-counts minus the before-counts. */
function changeOf(before: Facts | null, after: Facts | null): { plus: Counts; minus: Counts } {
  return {
    plus: after === null ? emptyCounts() : countsOf(after),
    minus: before === null ? emptyCounts() : countsOf(before),
  };
}

export function dayKey(townId: string, day: string): string {
  return `${townId}:day:${day}`;
}
export function monthKey(townId: string, month: string): string {
  return `${townId}:month:${month}`;
}
export function builtKey(townId: string): string {
  return `${townId}:built`;
}

async function bump(
  writer: StatWriter,
  db: Db | Tx,
  townId: string,
  scope: 'day' | 'month',
  period: string,
  change: { plus: Counts; minus: Counts },
  now: string,
): Promise<Result<void>> {
  const id = scope === 'day' ? dayKey(townId, period) : monthKey(townId, period);
  const row = await CONCERN_STATS.get(db, id);
  const base: Counts = row ?? emptyCounts();
  const next = addCounts(addCounts(base, change.plus, 1), change.minus, -1);
  const written =
    row === null
      ? await writer.insert(db, { _id: id, townId, scope, period, ...next, updatedAt: now })
      : await writer.update(db, id, { ...next, updatedAt: now }, { ifVersion: row._version });
  return written.ok ? ok(undefined) : err(written.error);
}

/**
 * Moves the town's day and month totals by what a concern write changed (`before` → `after`;
 * null for none), inside that write's transaction.
 */
export async function applyConcernChange(
  writer: StatWriter,
  db: Db | Tx,
  before: Facts | null,
  after: Facts | null,
): Promise<Result<void>> {
  const groups = new Map<
    string,
    { townId: string; day: string; before: Facts | null; after: Facts | null }
  >();
  for (const [side, doc] of [
    ['before', before],
    ['after', after],
  ] as const) {
    if (doc === null) continue;
    const day = toLocalDate(doc.createdAt);
    const key = `${doc.townId}|${day}`;
    const group = groups.get(key) ?? { townId: doc.townId, day, before: null, after: null };
    group[side] = doc;
    groups.set(key, group);
  }
  const now = chinaIso(Date.now());
  for (const group of groups.values()) {
    const change = changeOf(group.before, group.after);
    // Nothing the totals count changed (a note, an assignee): no write at all.
    if (JSON.stringify(change.plus) === JSON.stringify(change.minus)) continue;
    for (const [scope, period] of [
      ['day', group.day],
      ['month', group.day.slice(0, 7)],
    ] as const) {
      const moved = await bump(writer, db, group.townId, scope, period, change, now);
      if (!moved.ok) return moved;
    }
  }
  return ok(undefined);
}

/**
 * Counts a town's concern totals afresh and marks them as kept from now on. Only where no
 * concern is written meanwhile (the local host at start, before it listens); answers how
 * many concerns it counted.
 */
export async function rebuildConcernStats(
  ctx: AppContext,
  writer: StatWriter,
  townId: string,
): Promise<number> {
  const days = new Map<string, Counts>();
  const months = new Map<string, Counts>();
  let counted = 0;
  let cursor: string | null = null;
  do {
    const page = await CONCERNS.queryChecked(ctx.store, {
      where: { townId },
      orderBy: { path: 'createdAt', order: 'asc' },
      limit: 1000,
      cursor,
    });
    for (const c of page.docs) {
      const day = toLocalDate(c.createdAt);
      const counts = countsOf(c);
      days.set(day, addCounts(days.get(day) ?? emptyCounts(), counts));
      const month = day.slice(0, 7);
      months.set(month, addCounts(months.get(month) ?? emptyCounts(), counts));
      counted += 1;
    }
    cursor = page.nextCursor;
  } while (cursor !== null);
  const now = ctx.clock.nowIso();
  const wanted = new Map<string, { scope: 'day' | 'month'; period: string; counts: Counts }>();
  for (const [day, counts] of days)
    wanted.set(dayKey(townId, day), { scope: 'day', period: day, counts });
  for (const [month, counts] of months) {
    wanted.set(monthKey(townId, month), { scope: 'month', period: month, counts });
  }
  // Totals of periods that no longer have a concern are removed, not left as they were.
  for (const scope of ['day', 'month'] as const) {
    const stale = await scanParsed(ctx, CONCERN_STATS, { where: { townId, scope } }, 1_000_000);
    for (const row of stale.docs) if (!wanted.has(row._id)) await writer.remove(ctx.store, row._id);
  }
  for (const [id, { scope, period, counts }] of wanted) {
    const body = { townId, scope, period, ...counts, updatedAt: now };
    const existing = await CONCERN_STATS.get(ctx.store, id);
    const written =
      existing === null
        ? await writer.insert(ctx.store, { _id: id, ...body })
        : await writer.replace(ctx.store, id, body);
    if (!written.ok) throw new Error(`concern totals ${id}: ${written.error.message}`);
  }
  const marker = {
    townId,
    scope: 'built' as const,
    period: now,
    ...emptyCounts(),
    total: counted,
    updatedAt: now,
  };
  const existing = await CONCERN_STATS.get(ctx.store, builtKey(townId));
  const marked =
    existing === null
      ? await writer.insert(ctx.store, { _id: builtKey(townId), ...marker })
      : await writer.replace(ctx.store, builtKey(townId), marker);
  if (!marked.ok) throw new Error(`concern totals marker: ${marked.error.message}`);
  return counted;
}

/** Whether a town's totals were counted afresh (and so are kept by every write since). */
export async function concernStatsBuilt(ctx: AppContext, townId: string): Promise<boolean> {
  return (await CONCERN_STATS.get(ctx.store, builtKey(townId))) !== null;
}
