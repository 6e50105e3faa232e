/** The records the administrator keeps (管理员): towns, the grid and the rule sets. */
import { ok } from '../../shared/kernel/result';
import { touchDirectory } from '../runtime/directory';
import { GRID_NODES, RULES, TOWNS } from '../store/collections';
import { writerOf } from '../store/store.writer';

export const townWriter = writerOf('admin', TOWNS);
/** A write of a grid node bumps its town's roster revision (cached directories read again). */
export const gridNodeWriter = writerOf('admin', GRID_NODES, {
  async afterWrite(db, { before, after }) {
    const towns = new Set<string>();
    for (const doc of [before, after]) if (doc !== null) towns.add(doc.townId);
    for (const townId of towns) {
      const touched = await touchDirectory(null, db, townId);
      if (!touched.ok) return touched;
    }
    return ok(undefined);
  },
});
export const rulesWriter = writerOf('admin', RULES);
