/**
 * Keyset paging with filters no index serves (kind, village, status in a villager's list):
 * whole store pages are read and filtered, so the cursor always points after a store page
 * and no record is skipped or repeated. A page may hold fewer items than asked for; the
 * client keeps going while `nextCursor` is not null.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { AppContext } from '../runtime/context';
import { cursorFits } from '../store/store.cursor';
import type { Query, StoredDoc } from '../store/store.port';

/** Store pages read at most per request, so a rare filter cannot scan a whole town. */
const MAX_ROUNDS = 5;

/** The refusal for a cursor that does not belong to this list. */
export function badCursor() {
  const message = '翻页位置不对，请从第一页重新查看';
  return appError('VALIDATION_FAILED', message, { fields: [{ field: 'cursor', message }] });
}

/** A page of documents and where the next one starts (null: no more). */
export interface FilteredPage<T extends object> {
  readonly docs: StoredDoc<T>[];
  readonly nextCursor: string | null;
}

/** Reads up to `limit` documents matching `query` and `keep`. */
export async function filteredPage<T extends object>(
  ctx: AppContext,
  collection: string,
  query: Query & { readonly limit: number },
  keep: (doc: StoredDoc<T>) => boolean,
): Promise<Result<FilteredPage<T>>> {
  if (!cursorFits(collection, query)) return err(badCursor());
  const docs: StoredDoc<T>[] = [];
  let cursor = query.cursor ?? null;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const page = await ctx.store.query<T>(collection, {
      ...query,
      limit: query.limit - docs.length,
      cursor,
    });
    docs.push(...page.docs.filter(keep));
    cursor = page.nextCursor;
    if (cursor === null || docs.length >= query.limit) break;
  }
  return ok({ docs, nextCursor: cursor });
}
