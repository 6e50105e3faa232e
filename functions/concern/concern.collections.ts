/** The records the concern concept (说事/诉求) owns and alone writes. */
import { CONCERN_FOLLOWS, CONCERN_STATS, CONCERNS } from '../store/collections';
import { writerOf } from '../store/store.writer';
import { applyConcernChange, rebuildConcernStats } from './concern.aggregates';
import type { AppContext } from '../runtime/context';

/** Daily and monthly totals; written only by the concern writer's hook and the rebuild. */
export const concernStatWriter = writerOf('concern', CONCERN_STATS);

/** Every concern write moves its town's totals in the same transaction. */
export const concernWriter = writerOf('concern', CONCERNS, {
  afterWrite: (db, { before, after }) => applyConcernChange(concernStatWriter, db, before, after),
});

/** Who joined which concern (我也遇到了). */
export const followWriter = writerOf('concern', CONCERN_FOLLOWS);

/** Counts a town's concern totals afresh (the local host at start). */
export function rebuildTownConcernStats(ctx: AppContext, townId: string): Promise<number> {
  return rebuildConcernStats(ctx, concernStatWriter, townId);
}
