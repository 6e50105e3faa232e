/**
 * The town's directory as the domain needs it: the grid tree, the staff who can receive
 * tasks and how busy each is (for routing), and whether a record's place lies within a
 * staff member's grid subtree (for scope checks). Read before a transaction, never inside.
 *
 * Cost does not grow with the roster: the grid and the staff are read and parsed once per
 * revision of the town's roster (`directory_stamps`, bumped in the same transaction as every
 * write of a staff account or grid node, by the writers' afterWrite hook) and kept in memory;
 * a submission's directory holds only the people routing can pick for its place (staff of the
 * nodes on its path to the town, holders of the roles its rules assign town-wide, the centre),
 * and their loads are one `task_loads` row each (kept with every task write, runtime/tasks.ts)
 * once the town's counters were counted afresh (`rebuildTaskLoads`, at the host's start);
 * before that, routing counts each candidate's open tasks.
 */
import type { Account } from '../../shared/account/account.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { RoutingDirectory, RoutingStaff } from '../../shared/routing/routing.types';
import type { RoutingRule } from '../../shared/routing/routing.rules';
import { pathToRoot, townNodesById } from '../../shared/routing/grid.path';
import { ACCOUNTS, DIRECTORY_STAMPS, GRID_NODES, TASK_LOADS, TASKS } from '../store/collections';
import type { Db, Tx, Where } from '../store/store.port';
import { isTransaction } from '../store/store.raw';
import { stampWriter, taskLoadWriter } from './runtime.collections';
import type { AppContext } from './context';
import { queryAll } from './paging';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';

/** Every grid node of a town. */
export async function loadGrid(ctx: AppContext, townId: string): Promise<GridNode[]> {
  return queryAll(ctx, GRID_NODES, {
    where: { townId },
    orderBy: { path: 'parentId', order: 'asc' },
  });
}

/** Every staff account of a town (active or not). */
export async function loadStaff(ctx: AppContext, townId: string): Promise<Account[]> {
  return queryAll(ctx, ACCOUNTS, {
    where: { townId, isStaff: true },
    orderBy: { path: 'createdAt', order: 'asc' },
  });
}

const PENDING_TASK_STATUSES = ['open', 'acknowledged'];

/** Open (not done, not cancelled) tasks of one assignee. */
export async function openTaskCount(ctx: AppContext, assigneeId: string): Promise<number> {
  const where: Where = { assigneeId, status: { in: PENDING_TASK_STATUSES } };
  return TASKS.count(ctx.store, where);
}

/** Maps a staff account to what routing looks at. */
export function toRoutingStaff(account: Account): RoutingStaff {
  return {
    _id: account._id,
    townId: account.townId,
    roles: account.roles,
    gridNodeIds: account.gridNodeIds,
    departmentCode: account.departmentId ?? null,
    active: account.status === 'active',
  };
}

/** What routing is about to decide, so the directory holds only who it can pick. */
export interface RoutingFocus {
  /** The submission's place. */
  readonly gridNodeId: string;
  /** The rules the resolver will be given. */
  readonly rules: readonly RoutingRule[];
}

interface TownDirectory {
  readonly rev: number;
  readonly loadsCounted: boolean;
  readonly nodes: readonly GridNode[];
  readonly byId: ReadonlyMap<string, GridNode>;
  readonly staff: readonly RoutingStaff[];
  readonly byNode: ReadonlyMap<string, readonly RoutingStaff[]>;
  readonly byRole: ReadonlyMap<string, readonly RoutingStaff[]>;
}

/** Parsed directories per store and town, each valid for one roster revision. */
const cache = new WeakMap<Db, Map<string, TownDirectory>>();

function groupBy(staff: readonly RoutingStaff[], keys: (s: RoutingStaff) => readonly string[]) {
  const out = new Map<string, RoutingStaff[]>();
  for (const s of staff) {
    for (const key of new Set(keys(s))) {
      const list = out.get(key) ?? [];
      list.push(s);
      out.set(key, list);
    }
  }
  return out;
}

/** The town's grid and active staff at its current roster revision (read once per revision). */
async function townDirectory(ctx: AppContext, townId: string): Promise<TownDirectory> {
  const stamp = await DIRECTORY_STAMPS.get(ctx.store, townId);
  const rev = stamp?.rev ?? 0;
  const loadsCounted = stamp?.loadsSince !== undefined;
  const towns = cache.get(ctx.store) ?? new Map<string, TownDirectory>();
  cache.set(ctx.store, towns);
  const cached = towns.get(townId);
  // Revision 0 (no stamp yet: a store written around the writers) is never trusted.
  if (cached !== undefined && rev > 0 && cached.rev === rev) {
    return cached.loadsCounted === loadsCounted ? cached : { ...cached, loadsCounted };
  }
  const [nodes, staffDocs] = await Promise.all([loadGrid(ctx, townId), loadStaff(ctx, townId)]);
  const staff = staffDocs.map(toRoutingStaff).filter((s) => s.active);
  const built: TownDirectory = {
    rev,
    loadsCounted,
    nodes,
    byId: townNodesById(nodes, townId),
    staff,
    byNode: groupBy(staff, (s) => s.gridNodeIds),
    byRole: groupBy(staff, (s) => s.roles),
  };
  towns.set(townId, built);
  return built;
}

/**
 * The town's grid nodes by id, from the directory kept for the current roster revision (one
 * read of the town's stamp), for pages that name the place of every item.
 */
export async function townPlaces(
  ctx: AppContext,
  townId: string,
): Promise<ReadonlyMap<string, GridNode>> {
  return (await townDirectory(ctx, townId)).byId;
}

/** The roles `rules` assign town-wide (a department, the prosecutor liaison), and the centre. */
function townWideRoles(rules: readonly RoutingRule[]): Set<string> {
  const roles = new Set<string>(['center_operator']);
  for (const rule of rules) {
    for (const assign of [rule.assign, ...(rule.also ?? [])]) {
      if (assign.scope === 'town') roles.add(assign.role);
    }
  }
  return roles;
}

/** Open tasks of each of `ids`: their counters once counted afresh, else a count each. */
async function loadsOf(
  ctx: AppContext,
  ids: readonly string[],
  counted: boolean,
): Promise<Record<string, number>> {
  const load: Record<string, number> = {};
  if (counted) {
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      if (chunk.length === 0) break;
      const page = await TASK_LOADS.query(ctx.store, {
        where: { _id: { in: chunk } },
        limit: 1000,
      });
      for (const row of page.docs) load[row._id] = row.open;
    }
    return load;
  }
  const counts = await Promise.all(ids.map((id) => openTaskCount(ctx, id)));
  ids.forEach((id, i) => (load[id] = counts[i] ?? 0));
  return load;
}

/**
 * Loads what `route()` needs for a town: the grid, its active staff and their open-task
 * counts. With a focus, only the people routing can pick for that place and those rules
 * (the same decision as with everyone, at a cost that does not grow with the roster).
 */
export async function loadRoutingDirectory(
  ctx: AppContext,
  townId: string,
  focus?: RoutingFocus,
): Promise<RoutingDirectory> {
  const town = await townDirectory(ctx, townId);
  let staff = town.staff;
  let nodes: readonly GridNode[] = town.nodes;
  if (focus !== undefined) {
    const picked = new Map<string, RoutingStaff>();
    // The resolver looks only at the place and its ancestors.
    nodes = pathToRoot(town.byId, focus.gridNodeId);
    for (const node of nodes) {
      for (const s of town.byNode.get(node._id) ?? []) picked.set(s._id, s);
    }
    for (const role of townWideRoles(focus.rules)) {
      for (const s of town.byRole.get(role) ?? []) picked.set(s._id, s);
    }
    staff = [...picked.values()];
  }
  const load = await loadsOf(
    ctx,
    staff.map((s) => s._id),
    town.loadsCounted,
  );
  return { nodes, staff, openTaskCount: load };
}

/** Towns whose revision a transaction has bumped already. */
const touched = new WeakMap<Tx, Set<string>>();

/**
 * Bumps the town's roster revision (inside the transaction of a staff or grid write), so
 * every cached directory of the town is read again.
 */
export async function touchDirectory(
  ctx: Pick<AppContext, 'clock'> | null,
  db: Db | Tx,
  townId: string,
): Promise<Result<void>> {
  // One bump per transaction and town is enough (an import writes a hundred rows in one).
  if (isTransaction(db)) {
    const done = touched.get(db) ?? new Set<string>();
    if (done.has(townId)) return ok(undefined);
    done.add(townId);
    touched.set(db, done);
  }
  const now = ctx?.clock.nowIso() ?? new Date().toISOString();
  const stamp = await DIRECTORY_STAMPS.get(db, townId);
  const written =
    stamp === null
      ? await stampWriter.insert(db, { _id: townId, townId, rev: 1, updatedAt: now })
      : await stampWriter.update(
          db,
          townId,
          { rev: stamp.rev + 1, updatedAt: now },
          { ifVersion: stamp._version },
        );
  return written.ok ? ok(undefined) : err(written.error);
}

/**
 * Counts every assignee's open tasks afresh into their `task_loads` rows and marks the
 * town's counters as kept from now on. Only where no task is written meanwhile: the local
 * host at start, before it listens (or a script against a quiet store). Answers the rows
 * written.
 */
export async function rebuildTaskLoads(ctx: AppContext, townId: string): Promise<number> {
  const counts = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const page: { docs: { assigneeId: string }[]; nextCursor: string | null } = await TASKS.query(
      ctx.store,
      {
        where: { townId, status: { in: PENDING_TASK_STATUSES } },
        orderBy: { path: 'dueAt', order: 'asc' },
        limit: 1000,
        cursor,
      },
    );
    for (const t of page.docs) counts.set(t.assigneeId, (counts.get(t.assigneeId) ?? 0) + 1);
    cursor = page.nextCursor;
  } while (cursor !== null);
  const now = ctx.clock.nowIso();
  let written = 0;
  // Rows of people with no open task left are set to 0, not left as they were.
  let stale: string | null = null;
  do {
    const page: { docs: { _id: string; _version: number }[]; nextCursor: string | null } =
      await TASK_LOADS.query(ctx.store, {
        where: { townId },
        orderBy: { path: 'updatedAt', order: 'asc' },
        limit: 1000,
        cursor: stale,
      });
    for (const row of page.docs) if (!counts.has(row._id)) counts.set(row._id, 0);
    stale = page.nextCursor;
  } while (stale !== null);
  for (const [assigneeId, open] of counts) {
    const existing = await TASK_LOADS.get(ctx.store, assigneeId);
    const result =
      existing === null
        ? await taskLoadWriter.insert(ctx.store, { _id: assigneeId, townId, open, updatedAt: now })
        : await taskLoadWriter.replace(ctx.store, assigneeId, { townId, open, updatedAt: now });
    if (!result.ok) throw new Error(`task load of ${assigneeId}: ${result.error.message}`);
    written += 1;
  }
  const stamp = await DIRECTORY_STAMPS.get(ctx.store, townId);
  const marked =
    stamp === null
      ? await stampWriter.insert(ctx.store, {
          _id: townId,
          townId,
          rev: 1,
          updatedAt: now,
          loadsSince: now,
        })
      : await stampWriter.update(ctx.store, townId, { loadsSince: now });
  if (!marked.ok) throw new Error(`directory stamp of ${townId}: ${marked.error.message}`);
  return written;
}

/**
 * Moves an assignee's open-task counter by `delta` inside the transaction of the task write
 * that changed it (a first row starts from 0; a counter never goes below 0).
 */
export async function adjustTaskLoad(
  tx: Tx,
  townId: string,
  assigneeId: string,
  delta: number,
  now: string,
): Promise<Result<void>> {
  const row = await TASK_LOADS.get(tx, assigneeId);
  const written =
    row === null
      ? await taskLoadWriter.insert(tx, {
          _id: assigneeId,
          townId,
          open: Math.max(0, delta),
          updatedAt: now,
        })
      : await taskLoadWriter.update(
          tx,
          assigneeId,
          { open: Math.max(0, row.open + delta), updatedAt: now },
          { ifVersion: row._version },
        );
  return written.ok ? ok(undefined) : err(written.error);
}

/** Roles that see the whole town (or, for the county, every town it reads). */
const TOWN_WIDE_ROLES = new Set([
  'center_operator',
  'admin',
  'county_officer',
  'prosecutor',
  'prosecutor_liaison',
]);

/**
 * Whether `node` lies in the account's grid subtree: the node itself or one of its ancestors
 * is among the nodes the account is responsible for. Town-wide roles cover their whole town.
 */
export function isInScope(
  account: Pick<Account, 'townId' | 'roles' | 'gridNodeIds'>,
  node: Pick<GridNode, '_id' | 'townId' | 'ancestorIds'>,
): boolean {
  if (account.townId !== node.townId) return false;
  if (account.roles.some((r) => TOWN_WIDE_ROLES.has(r))) return true;
  const mine = new Set(account.gridNodeIds);
  return mine.has(node._id) || node.ancestorIds.some((id) => mine.has(id));
}

/** Every listed node must be an active node of the town; otherwise VALIDATION_FAILED on `field`. */
export async function checkTownNodes(
  ctx: AppContext,
  townId: string,
  ids: readonly string[],
  field: string,
): Promise<Result<GridNode[]>> {
  const nodes = await Promise.all(ids.map((id) => GRID_NODES.get(ctx.store, id)));
  const found = nodes.filter(
    (n): n is GridNode => n !== null && n.townId === townId && n.active !== false,
  );
  if (found.length === nodes.length) return ok(found);
  const message = '负责网格：有的网格在本镇找不到，请重新选择';
  return err(appError('VALIDATION_FAILED', message, { fields: [{ field, message }] }));
}
