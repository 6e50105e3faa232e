/** Reads the admin console's lists share: names of people and of grid nodes for a page. */
import { ACCOUNTS, GRID_NODES } from '../store/collections';
import type { AppContext } from '../runtime/context';

/** Names of the town's accounts among `ids` (others' ids are left out, never named). */
export async function namesOfPeople(
  ctx: AppContext,
  townId: string,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const account = await ACCOUNTS.get(ctx.store, id);
    if (account !== null && account.townId === townId) names.set(id, account.name);
  }
  return names;
}

/** Names of the town's grid nodes among `ids`. */
export async function namesOfNodes(
  ctx: AppContext,
  townId: string,
  ids: Iterable<string>,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) {
    const node = await GRID_NODES.get(ctx.store, id);
    if (node !== null && node.townId === townId) names.set(id, node.name);
  }
  return names;
}
