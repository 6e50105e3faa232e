/**
 * The town's directory as the domain needs it: the grid tree, the staff who can receive
 * tasks and how busy each is (for routing), and whether a record's place lies within a
 * staff member's grid subtree (for scope checks). Read before a transaction, never inside.
 */
import type { Account } from '../../shared/account/account.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { RoutingDirectory, RoutingStaff } from '../../shared/routing/routing.types';
import type { Query, StoredDoc, Where } from '../store/store.port';
import type { AppContext } from './context';

/** Reads every page of a query (for small, bounded sets: a town's grid or staff). */
export async function queryAll<T extends object>(
  ctx: AppContext,
  collection: string,
  query: Query,
): Promise<StoredDoc<T>[]> {
  const out: StoredDoc<T>[] = [];
  let cursor: string | null = null;
  do {
    const page: { docs: StoredDoc<T>[]; nextCursor: string | null } = await ctx.store.query<T>(
      collection,
      { ...query, limit: 1000, cursor },
    );
    out.push(...page.docs);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** Every grid node of a town. */
export async function loadGrid(ctx: AppContext, townId: string): Promise<StoredDoc<GridNode>[]> {
  return queryAll<GridNode>(ctx, 'grid_nodes', {
    where: { townId },
    orderBy: { path: 'parentId', order: 'asc' },
  });
}

/** Every staff account of a town (active or not). */
export async function loadStaff(ctx: AppContext, townId: string): Promise<StoredDoc<Account>[]> {
  return queryAll<Account>(ctx, 'accounts', {
    where: { townId, isStaff: true },
    orderBy: { path: 'createdAt', order: 'asc' },
  });
}

const PENDING_TASK_STATUSES = ['open', 'acknowledged'];

/** Open (not done, not cancelled) tasks of one assignee. */
export async function openTaskCount(ctx: AppContext, assigneeId: string): Promise<number> {
  const where: Where = { assigneeId, status: { in: PENDING_TASK_STATUSES } };
  return ctx.store.count('tasks', where);
}

/** Maps a staff account to what routing looks at. */
export function toRoutingStaff(account: StoredDoc<Account>): RoutingStaff {
  return {
    _id: account._id,
    townId: account.townId,
    roles: account.roles,
    gridNodeIds: account.gridNodeIds,
    departmentCode: account.departmentId ?? null,
    active: account.status === 'active',
  };
}

/** Loads what `route()` needs for a town: the grid, its staff and their open-task counts. */
export async function loadRoutingDirectory(
  ctx: AppContext,
  townId: string,
): Promise<RoutingDirectory> {
  const [nodes, staffDocs] = await Promise.all([loadGrid(ctx, townId), loadStaff(ctx, townId)]);
  const staff = staffDocs.map(toRoutingStaff).filter((s) => s.active);
  const counts = await Promise.all(staff.map((s) => openTaskCount(ctx, s._id)));
  const load: Record<string, number> = {};
  staff.forEach((s, i) => (load[s._id] = counts[i] ?? 0));
  return { nodes, staff, openTaskCount: load };
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
