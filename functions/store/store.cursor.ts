/**
 * Keyset cursors (游标分页): an opaque string holding the last row's sort value and `_id`, plus
 * the collection and sort it belongs to, so a cursor from another query is refused instead of
 * silently skipping documents. Cursors are per backend (each stores the value as its own engine
 * compares it) and carry no secrets — only a value the caller has already seen.
 */
import { StoreUsageError } from './store.port';
import type { Query } from './store.port';

/** Where the previous page ended. */
export interface CursorPosition {
  /** The last row's sort value as the backend compares it; null when absent or null. */
  readonly value: string | number | null;
  readonly id: string;
}

const CURSOR_FORMAT = 1;

type Fingerprint = { readonly collection: string; readonly path: string; readonly order: string };

function fingerprint(collection: string, query: Query | undefined): Fingerprint {
  return {
    collection,
    path: query?.orderBy?.path ?? '_id',
    order: query?.orderBy?.order ?? 'asc',
  };
}

/** Encodes the position after the last row of a page of `query`. */
export function encodeCursor(
  collection: string,
  query: Query | undefined,
  position: CursorPosition,
): string {
  const f = fingerprint(collection, query);
  const payload = [CURSOR_FORMAT, f.collection, f.path, f.order, position.value, position.id];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

function tryDecode(
  collection: string,
  query: Query | undefined,
  cursor: string,
): CursorPosition | null {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(payload) || payload.length !== 6) return null;
  const [format, c, path, order, value, id] = payload as unknown[];
  const f = fingerprint(collection, query);
  const valueOk =
    value === null ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value));
  if (
    format !== CURSOR_FORMAT ||
    c !== f.collection ||
    path !== f.path ||
    order !== f.order ||
    !valueOk ||
    typeof id !== 'string' ||
    id.length === 0
  ) {
    return null;
  }
  return { value: value as CursorPosition['value'], id };
}

/**
 * Decodes `query.cursor` for `collection`; null when the query has none. Throws a
 * `StoreUsageError` for a malformed cursor or one made by a different collection or sort.
 */
export function decodeCursor(collection: string, query: Query | undefined): CursorPosition | null {
  const cursor = query?.cursor;
  if (cursor === undefined || cursor === null) return null;
  const position = tryDecode(collection, query, cursor);
  if (position === null) {
    throw new StoreUsageError(
      `${collection}: the cursor is malformed or belongs to another collection or sort order`,
    );
  }
  return position;
}

/**
 * True when `query.cursor` is absent or was made for this collection and sort. An entry that
 * passes a client's cursor through checks it here first and answers VALIDATION_FAILED if not.
 */
export function cursorFits(collection: string, query: Query): boolean {
  const cursor = query.cursor;
  return cursor === undefined || cursor === null || tryDecode(collection, query, cursor) !== null;
}
