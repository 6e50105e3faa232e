/**
 * "The same place" for matching reports (疑似重复, 我也遇到了): the same natural village (自然村)
 * — the node itself, its streets and lanes — and, when both reports carry map coordinates,
 * how far apart they are.
 */
import type { Coordinates } from '../validation/primitives';
import type { GridNode } from './grid.schema';

/** Two map points further apart than this are not the same place. */
export const NEARBY_RADIUS_METERS = 500;

const EARTH_RADIUS_METERS = 6_371_000;

/** Great-circle distance in metres (haversine); GCJ-02's offset cancels out at this scale. */
export function distanceMeters(a: Coordinates, b: Coordinates): number {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * The grid nodes that count as "the same place" as `placeId`: its natural village and every
 * node under it. A place above village level (a community, the town) stands for itself only,
 * or a whole community would be one place.
 */
export function samePlaceNodeIds(
  grid: readonly Pick<GridNode, '_id' | 'level' | 'ancestorIds'>[],
  placeId: string,
): string[] {
  const place = grid.find((n) => n._id === placeId);
  if (place === undefined) return [placeId];
  const village =
    place.level === 'village'
      ? place
      : grid.find((n) => n.level === 'village' && place.ancestorIds.includes(n._id));
  if (village === undefined) return [place._id];
  const under = grid.filter((n) => n.ancestorIds.includes(village._id)).map((n) => n._id);
  return [village._id, ...under];
}

/** A report's place as matching reads it. */
export interface PlaceToMatch {
  readonly gridNodeId: string;
  readonly coordinates?: Coordinates | undefined;
}

/**
 * Whether two reports are about the same place: within NEARBY_RADIUS_METERS when both carry
 * coordinates, else in the same natural village. The rule reads alike from either side.
 */
export function isNearby(
  grid: readonly Pick<GridNode, '_id' | 'level' | 'ancestorIds'>[],
  a: PlaceToMatch,
  b: PlaceToMatch,
): boolean {
  if (a.coordinates !== undefined && b.coordinates !== undefined) {
    return distanceMeters(a.coordinates, b.coordinates) <= NEARBY_RADIUS_METERS;
  }
  return samePlaceNodeIds(grid, a.gridNodeId).includes(b.gridNodeId);
}
