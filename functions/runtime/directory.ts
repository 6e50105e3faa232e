/**
 * The town's directory as the domain needs it: the grid tree, the staff who can receive
 * tasks and how busy each is (for routing), and whether a record's place lies within a
 * staff member's grid subtree (for scope checks). Read before a transaction, never inside.
 */
import type { Account } from '../../shared/account/account.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { RoutingDirectory, RoutingStaff } from '../../shared/routing/routing.types';
import { ACCOUNTS, GRID_NODES, TASKS } from '../store/collections';
import type { Where } from '../store/store.port';
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
