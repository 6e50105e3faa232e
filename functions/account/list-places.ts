/**
 * `places`: the town's communities (新村) and natural villages (自然村) by name, for the
 * registration form and the "where" pickers before anyone has signed in. Public data only:
 * ids and names, no contacts. Without a town named, the caller's own town, else the only town
 * of the deployment (a single town's local host), else the list of towns to choose from.
 */
import type { z } from 'zod';
import type { placesInputSchema } from '../../shared/account/account.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import { loadGrid } from '../runtime/directory';
import { townName } from './read-me';
import type { CommunityPlaces, PlaceOption, PlacesView } from './account.views';
import { TOWNS } from '../store/collections';

export type { CommunityPlaces, PlaceOption, PlacesView };

const MAX_TOWNS_LISTED = 200;

const byName = (a: PlaceOption, b: PlaceOption): number => a.name.localeCompare(b.name, 'zh-CN');

async function listTowns(ctx: AppContext): Promise<PlaceOption[]> {
  // By id (no index on name alone); a county has tens of towns, sorted here.
  const page = await TOWNS.query(ctx.store, { limit: MAX_TOWNS_LISTED });
  return page.docs.map((town) => ({ id: town._id, name: town.name ?? town._id })).sort(byName);
}

export async function places(
  ctx: AppContext,
  call: ActionCall<z.output<typeof placesInputSchema>>,
): Promise<Result<PlacesView>> {
  let townId = call.input.townId ?? call.caller.account?.townId;
  if (townId === undefined) {
    const towns = await listTowns(ctx);
    if (towns.length !== 1) return ok({ town: null, communities: [], towns });
    townId = (towns[0] as PlaceOption).id;
  }
  const grid = (await loadGrid(ctx, townId)).filter((node: GridNode) => node.active !== false);
  const communities = grid
    .filter((node) => node.level === 'community')
    .map((community) => ({
      id: community._id,
      name: community.name,
      villages: grid
        .filter((node) => node.level === 'village' && node.parentId === community._id)
        .map((village) => ({ id: village._id, name: village.name }))
        .sort(byName),
    }))
    .sort(byName);
  return ok({
    town: { id: townId, name: await townName(ctx, townId) },
    communities,
    towns: [],
  });
}
