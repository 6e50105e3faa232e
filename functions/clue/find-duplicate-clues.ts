/**
 * Possible duplicates (疑似重复线索): before a new clue reaches the prosecutor, open clues of
 * the same domain reported in the same place are linked to it, and it to them (both ways, in
 * the submission's transaction: submit-clue.ts), so one polluting outfall
 * reported by five villagers is reviewed once. "The same place" is the same natural village
 * (自然村) — the node itself, its streets and lanes — and, when both clues carry map
 * coordinates, no more than ~500 m apart. Linking never merges or rejects anything: the
 * prosecutor decides.
 */
import { CLUE_DOMAIN_LABELS } from '../../shared/clue/clue.catalog';
import type { ClueDomainCode } from '../../shared/clue/clue.catalog';
import { isPendingReview } from '../../shared/clue/clue.machine';
import type { Clue } from '../../shared/clue/clue.schema';
import type { GridNode } from '../../shared/grid/grid.schema';
import { distanceMeters, NEARBY_RADIUS_METERS, samePlaceNodeIds } from '../../shared/grid/nearby';
import type { AppContext } from '../runtime/context';
import type { ClueDoc } from './clue.records';
import { CLUES } from '../store/collections';

/** Two map points further apart than this are not the same place. */
export const DUPLICATE_RADIUS_METERS = NEARBY_RADIUS_METERS;
/** A clue keeps at most this many links (the schema's limit). */
export const MAX_DUPLICATE_LINKS = 20;
/** How many recent clues of the place are compared. */
const CANDIDATES_SCANNED = 200;

export type DuplicateCandidate = Clue['duplicateCandidates'][number];

/**
 * The open clues among `others` that may report the same thing as a new clue of `domain` at
 * `place`, nearest first. `others` must already be of the same domain and place (the query's
 * job); this keeps the open ones and applies the distance rule.
 */
export function pickDuplicates(
  domain: ClueDomainCode,
  place: Pick<Clue['place'], 'coordinates'>,
  others: readonly Pick<Clue, '_id' | 'status' | 'place'>[],
  placeName: (gridNodeId: string) => string,
): DuplicateCandidate[] {
  const found: DuplicateCandidate[] = [];
  for (const other of others) {
    if (!isPendingReview(other)) continue;
    const here = place.coordinates;
    const there = other.place.coordinates;
    const distance =
      here === undefined || there === undefined ? undefined : distanceMeters(here, there);
    if (distance !== undefined && distance > DUPLICATE_RADIUS_METERS) continue;
    const where = `同在${placeName(other.place.gridNodeId)}`;
    const near = distance === undefined ? '' : `，相距约 ${Math.round(distance)} 米`;
    found.push({
      clueId: other._id,
      ...(distance === undefined ? {} : { distanceMeters: Math.round(distance) }),
      reason: `同为「${CLUE_DOMAIN_LABELS[domain]}」线索，${where}${near}`,
    });
  }
  // Nearest first; links without a distance (no map point) after those with one.
  found.sort(
    (a, b) =>
      (a.distanceMeters ?? Number.POSITIVE_INFINITY) -
      (b.distanceMeters ?? Number.POSITIVE_INFINITY),
  );
  return found.slice(0, MAX_DUPLICATE_LINKS);
}

/** Loads the recent clues of the same domain in the same place and picks the possible duplicates. */
export async function findDuplicates(
  ctx: AppContext,
  townId: string,
  domain: ClueDomainCode,
  place: Clue['place'],
  grid: readonly GridNode[],
): Promise<DuplicateCandidate[]> {
  const page = await CLUES.query(ctx.store, {
    where: {
      townId,
      domain,
      'place.gridNodeId': { in: samePlaceNodeIds(grid, place.gridNodeId) },
    },
    orderBy: { path: 'createdAt', order: 'desc' },
    limit: CANDIDATES_SCANNED,
  });
  const names = new Map(grid.map((n) => [n._id, n.name]));
  return pickDuplicates(domain, place, page.docs as ClueDoc[], (id) => names.get(id) ?? '同一地点');
}
