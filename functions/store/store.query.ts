/**
 * Query planning shared by every adapter: checks a `Query` against the port's rules and the
 * collection's declared indexes, and normalises it. The index rule keeps both backends honest:
 * the equality / `in` fields, then the range / orderBy field, must form a prefix of one declared
 * index — so no query works on SQLite that would crawl (or be refused) on CloudBase.
 */
import { decodeCursor } from './store.cursor';
import type { CursorPosition } from './store.cursor';
import { isFieldPath } from './store.declare';
import { DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT, StoreUsageError } from './store.port';
import type { CollectionSpec, IndexSpec, Query, Scalar, Where } from './store.port';

/** The primary key, which serves `_id` queries and unfiltered listings. */
export const ID_PATH = '_id';

export type EqTerm = { readonly kind: 'eq'; readonly path: string; readonly value: Scalar };
export type InTerm = {
  readonly kind: 'in';
  readonly path: string;
  readonly values: readonly (string | number | boolean)[];
};
export type RangeTerm = {
  readonly kind: 'range';
  readonly path: string;
  readonly gt?: string | number;
  readonly gte?: string | number;
  readonly lt?: string | number;
  readonly lte?: string | number;
};
export type Term = EqTerm | InTerm | RangeTerm;

/** A checked count: its terms and the index (null: the primary key) that serves them. */
export interface CountPlan {
  readonly collection: string;
  readonly terms: readonly Term[];
  readonly index: IndexSpec | null;
}

/** A checked query. `order.path` is `_id` when the caller gave no orderBy. */
export interface QueryPlan extends CountPlan {
  readonly order: { readonly path: string; readonly order: 'asc' | 'desc' };
  readonly limit: number;
  readonly cursor: CursorPosition | null;
}

const RANGE_KEYS = ['gt', 'gte', 'lt', 'lte'] as const;

function fail(collection: string, message: string): never {
  throw new StoreUsageError(`${collection}: ${message}`);
}

function isScalar(value: unknown): value is Scalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function toTerm(collection: string, path: string, condition: unknown): Term {
  if (isScalar(condition)) return { kind: 'eq', path, value: condition };
  if (typeof condition !== 'object' || Array.isArray(condition)) {
    fail(
      collection,
      `condition on ${path} must be a scalar, {eq}, {in} or a range, got ${String(condition)}`,
    );
  }
  const c = condition as Record<string, unknown>;
  const keys = Object.keys(c);
  if (keys.length === 1 && keys[0] === 'eq') {
    if (!isScalar(c.eq)) fail(collection, `eq on ${path} needs a string, number, boolean or null`);
    return { kind: 'eq', path, value: c.eq };
  }
  if (keys.length === 1 && keys[0] === 'in') {
    const values = c.in;
    const type = Array.isArray(values) ? typeof values[0] : undefined;
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      !(type === 'string' || type === 'number' || type === 'boolean') ||
      !values.every((v) => typeof v === type && isScalar(v))
    ) {
      fail(
        collection,
        `in on ${path} needs a non-empty list of strings, numbers or booleans (one type)`,
      );
    }
    return { kind: 'in', path, values: values as (string | number | boolean)[] };
  }
  const unknownKey = keys.find((k) => !(RANGE_KEYS as readonly string[]).includes(k));
  if (keys.length === 0 || unknownKey !== undefined) {
    fail(collection, `condition on ${path} has unknown operator ${unknownKey ?? '(none)'}`);
  }
  if ((c.gt !== undefined && c.gte !== undefined) || (c.lt !== undefined && c.lte !== undefined)) {
    fail(collection, `range on ${path} gives both gt and gte, or both lt and lte`);
  }
  const operands = RANGE_KEYS.map((k) => c[k]).filter((v) => v !== undefined);
  const type = typeof operands[0];
  if (
    operands.length === 0 ||
    !(type === 'string' || type === 'number') ||
    !operands.every((v) => typeof v === type && isScalar(v))
  ) {
    fail(collection, `range on ${path} needs string or number operands, all of one type`);
  }
  const range: { -readonly [K in keyof RangeTerm]: RangeTerm[K] } = { kind: 'range', path };
  for (const k of RANGE_KEYS) {
    const v = c[k];
    if (v !== undefined) range[k] = v as string | number;
  }
  return range;
}

function checkPath(collection: string, path: string): void {
  if (path !== ID_PATH && !isFieldPath(path)) {
    fail(collection, `${JSON.stringify(path)} is not a queryable field path`);
  }
}

function toTerms(collection: string, where: Where | undefined): Term[] {
  if (where === undefined) return [];
  return Object.entries(where).map(([path, condition]) => {
    checkPath(collection, path);
    return toTerm(collection, path, condition);
  });
}

/**
 * The declared index whose leading fields are exactly `prefix` (in any order) followed by
 * `next` (when given); null for the primary key. Throws when none serves.
 */
function servingIndex(
  spec: CollectionSpec,
  prefix: readonly string[],
  next: string | undefined,
): IndexSpec | null {
  if (prefix.length === 0 && next === undefined) return null;
  const wanted = new Set(prefix);
  const found = spec.indexes.find(
    (index) =>
      index.fields.length >= prefix.length + (next === undefined ? 0 : 1) &&
      index.fields.slice(0, prefix.length).every((f) => wanted.has(f.path)) &&
      (next === undefined || index.fields[prefix.length]?.path === next),
  );
  if (found !== undefined) return found;
  const fields = [...prefix, ...(next === undefined ? [] : [next])];
  return fail(
    spec.name,
    `no declared index serves equality/in on [${prefix.join(', ')}]` +
      (next === undefined ? '' : ` then range/order on ${next}`) +
      `; declare [${fields.join(', ')}] in functions/store/collections.ts`,
  );
}

function planTerms(
  spec: CollectionSpec,
  terms: readonly Term[],
  orderPath: string | undefined,
): IndexSpec | null {
  const collection = spec.name;
  if (terms.some((t) => t.path === ID_PATH)) {
    if (terms.length !== 1 || (orderPath !== undefined && orderPath !== ID_PATH)) {
      fail(collection, '_id may be queried only on its own, ordered by _id');
    }
    const t = terms[0] as Term;
    const operands =
      t.kind === 'eq' ? [t.value] : t.kind === 'in' ? t.values : [t.gt, t.gte, t.lt, t.lte];
    if (!operands.every((v) => v === undefined || typeof v === 'string')) {
      fail(collection, '_id conditions take strings');
    }
    return null;
  }
  const ranges = terms.filter((t) => t.kind === 'range');
  if (ranges.length > 1) {
    fail(collection, `a range on more than one field (${ranges.map((t) => t.path).join(', ')})`);
  }
  const rangePath = ranges[0]?.path;
  const order = orderPath === ID_PATH ? undefined : orderPath;
  if (rangePath !== undefined && order !== undefined && rangePath !== order) {
    fail(collection, `range on ${rangePath} but orderBy ${order}; they must be the same field`);
  }
  const prefix = terms.filter((t) => t.kind !== 'range').map((t) => t.path);
  let next = rangePath ?? order;
  // Ordering by a field pinned by equality is ordering by nothing.
  if (next !== undefined && prefix.includes(next)) next = undefined;
  return servingIndex(spec, prefix, next);
}

/** Checks and normalises a count's `where`; throws `StoreUsageError` on misuse. */
export function planCount(spec: CollectionSpec, where: Where | undefined): CountPlan {
  const terms = toTerms(spec.name, where);
  return { collection: spec.name, terms, index: planTerms(spec, terms, undefined) };
}

/** Checks and normalises a query, decoding its cursor; throws `StoreUsageError` on misuse. */
export function planQuery(spec: CollectionSpec, query: Query | undefined): QueryPlan {
  const collection = spec.name;
  const terms = toTerms(collection, query?.where);
  const orderBy = query?.orderBy;
  if (orderBy !== undefined) {
    checkPath(collection, orderBy.path);
    if (orderBy.order !== 'asc' && orderBy.order !== 'desc') {
      fail(collection, `orderBy ${orderBy.path} needs order 'asc' or 'desc'`);
    }
  }
  const limit = query?.limit ?? DEFAULT_QUERY_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_QUERY_LIMIT) {
    fail(collection, `limit must be an integer from 1 to ${MAX_QUERY_LIMIT}, got ${limit}`);
  }
  const index = planTerms(spec, terms, orderBy?.path);
  return {
    collection,
    terms,
    index,
    order: { path: orderBy?.path ?? ID_PATH, order: orderBy?.order ?? 'asc' },
    limit,
    cursor: decodeCursor(collection, query),
  };
}
