/**
 * Reading many records through a typed collection: every page of a small set (`queryAll`),
 * a page with filters no index serves (`filteredPage`), and a timer's bounded scan that logs
 * and skips a row that does not parse (`scanParsed`) so one bad row cannot stop a sweep.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Collection } from '../store/store.collection';
import { cursorFits } from '../store/store.cursor';
import type { DocMeta, Query } from '../store/store.port';
import type { AppContext } from './context';

/** Reads every page of a query (for small, bounded sets: a town's grid or staff). */
export async function queryAll<R extends DocMeta>(
  ctx: Pick<AppContext, 'store'>,
  collection: Collection<R>,
  query: Query,
): Promise<R[]> {
  const out: R[] = [];
  let cursor: string | null = null;
  do {
    const page: { docs: R[]; nextCursor: string | null } = await collection.query(ctx.store, {
      ...query,
      limit: 1000,
      cursor,
    });
    out.push(...page.docs);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

/** Store pages read at most per request, so a rare filter cannot scan a whole town. */
const MAX_ROUNDS = 5;

/** The refusal for a cursor that does not belong to this list. */
export function badCursor() {
  const message = '翻页位置不对，请从第一页重新查看';
  return appError('VALIDATION_FAILED', message, { fields: [{ field: 'cursor', message }] });
}

/** A page of records and where the next one starts (null: no more). */
export interface FilteredPage<R> {
  readonly docs: R[];
  readonly nextCursor: string | null;
}

/**
 * Keyset paging with filters no index serves (kind, village, status in a villager's list):
 * whole store pages are read and filtered, so the cursor always points after a store page
 * and no record is skipped or repeated. A page may hold fewer items than asked for; the
 * client keeps going while `nextCursor` is not null.
 */
export async function filteredPage<R extends DocMeta>(
  ctx: Pick<AppContext, 'store'>,
  collection: Collection<R>,
  query: Query & { readonly limit: number },
  keep: (doc: R) => boolean,
): Promise<Result<FilteredPage<R>>> {
  if (!cursorFits(collection.name, query)) return err(badCursor());
  const docs: R[] = [];
  let cursor = query.cursor ?? null;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const page = await collection.query(ctx.store, {
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

/** Upper bound on the records one scan reads, so a timer run stays bounded. */
export const MAX_SCAN_DOCS = 20_000;

export interface ScanResult<R> {
  readonly docs: R[];
  /** Records that did not parse and were skipped (each logged). */
  readonly invalid: number;
  /** True when the scan stopped at `maxDocs` with more to read. */
  readonly truncated: boolean;
}

/**
 * Reads every page of `query` (1000 a page) for a timer. A record that does not parse is
 * skipped and logged (with its id and the failing paths, never its content).
 */
export async function scanParsed<R extends DocMeta>(
  ctx: Pick<AppContext, 'store' | 'log'>,
  collection: Collection<R>,
  query: Query,
  maxDocs: number = MAX_SCAN_DOCS,
): Promise<ScanResult<R>> {
  const docs: R[] = [];
  let invalid = 0;
  let cursor: string | null = null;
  let read = 0;
  do {
    const page = await collection.queryChecked(ctx.store, { ...query, limit: 1000, cursor });
    read += page.docs.length + page.invalid.length;
    docs.push(...page.docs);
    for (const bad of page.invalid) {
      invalid += 1;
      ctx.log.warn(
        { collection: collection.name, id: bad.id, paths: bad.paths },
        'skipped a record that does not match its schema',
      );
    }
    cursor = page.nextCursor;
    if (cursor !== null && read >= maxDocs) {
      ctx.log.warn(
        { collection: collection.name, read },
        'scan stopped at its bound; the rest waits for the next run',
      );
      return { docs, invalid, truncated: true };
    }
  } while (cursor !== null);
  return { docs, invalid, truncated: false };
}
