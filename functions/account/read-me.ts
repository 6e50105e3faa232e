/** `me`: who am I — the caller's own account view, with their town and grid nodes. */
import type { Account } from '../../shared/account/account.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import { GRID_NODES, TOWNS } from '../store/collections';
import type { StoredDoc } from '../store/store.port';
import type { MeView } from './account.views';
import { toMeView } from './account.views';

/** The town's display name: its `towns` document, else its town-level grid node. */
export async function townName(ctx: AppContext, townId: string): Promise<string> {
  const town = await TOWNS.get(ctx.store, townId);
  if (typeof town?.name === 'string') return town.name;
  const page = await GRID_NODES.query(ctx.store, {
    where: { townId, level: 'town' },
    orderBy: { path: 'name', order: 'asc' },
    limit: 1,
  });
  return page.docs[0]?.name ?? townId;
}

/** The account's own nodes and their ancestors, by id. */
async function nodesOf(
  ctx: AppContext,
  account: Account,
): Promise<Map<string, StoredDoc<GridNode>>> {
  const nodes = new Map<string, StoredDoc<GridNode>>();
  const load = async (ids: readonly string[]) => {
    const docs = await Promise.all(
      ids.filter((id) => !nodes.has(id)).map((id) => GRID_NODES.get(ctx.store, id)),
    );
    for (const doc of docs)
      if (doc !== null && doc.townId === account.townId) nodes.set(doc._id, doc);
  };
  await load(account.gridNodeIds);
  if (!account.isStaff) await load([...nodes.values()].flatMap((n) => n.ancestorIds));
  return nodes;
}

/** The caller's own view, as `me` and the registration steps answer it. */
export async function viewOf(
  ctx: AppContext,
  account: StoredDoc<Account>,
): Promise<Result<MeView>> {
  const [name, nodes] = await Promise.all([townName(ctx, account.townId), nodesOf(ctx, account)]);
  return ok(toMeView(account, name, nodes));
}

/** `me`: the caller's own view. */
export async function me(ctx: AppContext, call: ActionCall<unknown>): Promise<Result<MeView>> {
  return viewOf(ctx, signedIn(call).account);
}
