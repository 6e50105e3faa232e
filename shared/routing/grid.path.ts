/**
 * Walking a town's grid (网格) tree upwards: routing climbs from a lane or village to its
 * community and town when a place has no staff; room suggestion climbs the same way.
 */
import type { RoutingGridNode } from './routing.types';

/**
 * The nodes of one town by id. A duplicated id keeps its first node, so lookups never
 * depend on which copy a caller happened to pass later.
 */
export function townNodesById<N extends RoutingGridNode>(
  nodes: readonly N[],
  townId: string,
): ReadonlyMap<string, N> {
  const byId = new Map<string, N>();
  for (const node of nodes) {
    if (node.townId === townId && !byId.has(node._id)) byId.set(node._id, node);
  }
  return byId;
}

/**
 * The node and its ancestors, nearest first, ending at the town root. The climb stops at a
 * missing parent or a parent of another town (`byId` holds one town only) and at a cycle,
 * so broken grid data shortens the path instead of looping.
 */
export function pathToRoot<N extends RoutingGridNode>(
  byId: ReadonlyMap<string, N>,
  startId: string,
): N[] {
  const path: N[] = [];
  const seen = new Set<string>();
  let current = byId.get(startId);
  while (current !== undefined && !seen.has(current._id)) {
    path.push(current);
    seen.add(current._id);
    current = current.parentId === null ? undefined : byId.get(current.parentId);
  }
  return path;
}
