/**
 * Checked plans (store.query.ts) in CloudBase's terms: `where` conditions built with `db.command`,
 * keyset (游标) conditions after a cursor, the sort, and the index declarations the deployment
 * creates so that every one of these queries is read off an index.
 *
 * Keyset order is (field, `_id`), both in the query's direction. CloudBase (MongoDB) sorts null and
 * absent values first ascending and last descending, and compares only within a type (a range on
 * numbers never matches strings nor null) — the port's rules, so a page after `(v, id)` is:
 *   asc,  v a value: [field = v, _id > id] or [field > v]
 *   asc,  v null:    [field null, _id > id] or [field not null]
 *   desc, v a value: [field = v, _id < id] or [field < v] or [field null]
 *   desc, v null:    [field null, _id < id]
 * Each alternative carries the whole `where`, so each is one index range (`$or` of index scans).
 */
import { StoreUsageError } from './store.port';
import type { CollectionSpec, IndexSpec } from './store.port';
import type { CursorPosition } from './store.cursor';
import { ID_PATH } from './store.query';
import type { QueryPlan, Term } from './store.query';
import type { CloudbaseCommand, CloudbaseCommandValue } from './cloudbase.sdk';

/** A `where` argument: field paths (dotted allowed) to values or `db.command` conditions. */
export type CloudbaseWhere = Record<string, unknown>;

/** The `where` of a plan's terms; `{}` when there are none. */
export function termsWhere(_: CloudbaseCommand, terms: readonly Term[]): CloudbaseWhere {
  const where: CloudbaseWhere = {};
  for (const term of terms) {
    if (term.kind === 'eq') {
      // A bare null matches null or absent, as the port says.
      where[term.path] = term.value;
    } else if (term.kind === 'in') {
      where[term.path] = _.in([...term.values]);
    } else {
      const bounds = [
        term.gt === undefined ? null : _.gt(term.gt),
        term.gte === undefined ? null : _.gte(term.gte),
        term.lt === undefined ? null : _.lt(term.lt),
        term.lte === undefined ? null : _.lte(term.lte),
      ].filter((b): b is CloudbaseCommandValue => b !== null);
      where[term.path] = bounds.length === 1 ? bounds[0] : _.and(...bounds);
    }
  }
  return where;
}

const isEmpty = (where: CloudbaseWhere): boolean => Object.keys(where).length === 0;

/** The keyset alternatives after `cursor` (see the file comment); empty when nothing can follow. */
function afterCursor(
  _: CloudbaseCommand,
  plan: QueryPlan,
  cursor: CursorPosition,
): CloudbaseWhere[] {
  const { path, order } = plan.order;
  const asc = order === 'asc';
  const idAfter = (): unknown => (asc ? _.gt(cursor.id) : _.lt(cursor.id));
  if (path === ID_PATH) return [{ [ID_PATH]: idAfter() }];
  const onField = plan.terms.filter((t) => t.path === path);
  // Which of the null block and the values the where leaves possible (as in the SQLite adapter).
  const mayBeNull = onField.every((t) => t.kind === 'eq' && t.value === null);
  const mayBeValue = !onField.some((t) => t.kind === 'eq' && t.value === null);
  const alternatives: (CloudbaseWhere | false)[] =
    cursor.value === null
      ? asc
        ? [
            mayBeNull && { [path]: null, [ID_PATH]: idAfter() },
            mayBeValue && { [path]: _.neq(null) },
          ]
        : [mayBeNull && { [path]: null, [ID_PATH]: idAfter() }]
      : [
          { [path]: cursor.value, [ID_PATH]: idAfter() },
          { [path]: asc ? _.gt(cursor.value) : _.lt(cursor.value) },
          !asc && mayBeNull && { [path]: null },
        ];
  return alternatives.filter((a): a is CloudbaseWhere => a !== false);
}

/**
 * The `where` of one page: the plan's terms, and after a cursor the keyset alternatives.
 * `undefined`: no condition at all; `null`: nothing can follow the cursor (send no request).
 */
export function pageWhere(
  _: CloudbaseCommand,
  plan: QueryPlan,
  cursor: CursorPosition | null,
): object | undefined | null {
  const base = (): CloudbaseWhere => termsWhere(_, plan.terms);
  if (cursor === null) return isEmpty(base()) ? undefined : base();
  const parts = afterCursor(_, plan, cursor).map((alternative) =>
    isEmpty(base()) ? alternative : _.and([base(), alternative]),
  );
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0] : _.or(parts);
}

/** The sort of a plan: its field, then `_id` in the same direction. */
export function pageOrder(plan: QueryPlan): [string, 'asc' | 'desc'][] {
  const { path, order } = plan.order;
  return path === ID_PATH
    ? [[ID_PATH, order]]
    : [
        [path, order],
        [ID_PATH, order],
      ];
}

/** The value a cursor keeps for `doc`'s sort field (null when absent or null). */
export function sortValue(collection: string, doc: object, path: string): string | number | null {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    value =
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)[part]
        : undefined;
  }
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new StoreUsageError(
    `${collection}: orderBy ${path} met a ${Array.isArray(value) ? 'list' : typeof value}; sort only on string or number fields`,
  );
}

/** One field of a CloudBase index as `@cloudbase/manager-node`'s `updateCollection` takes it. */
export interface CloudbaseIndexKey {
  readonly Name: string;
  /** '1' ascending, '-1' descending. */
  readonly Direction: '1' | '-1';
}

/** One entry of `updateCollection(name, { CreateIndexes })` (manager-node's `CreateIndex`). */
export interface CloudbaseIndex {
  readonly IndexName: string;
  readonly MgoKeySchema: {
    readonly MgoIndexKeys: readonly CloudbaseIndexKey[];
    readonly MgoIsUnique: boolean;
  };
}

function toIndex(index: IndexSpec): CloudbaseIndex {
  const direction = (order: 'asc' | 'desc'): '1' | '-1' => (order === 'asc' ? '1' : '-1');
  const last = index.fields[index.fields.length - 1]?.order ?? 'asc';
  return {
    IndexName: index.name,
    MgoKeySchema: {
      MgoIndexKeys: [
        ...index.fields.map((f) => ({ Name: f.path, Direction: direction(f.order) })),
        // Every page sorts by (field, _id): with _id in the index the sort is read off it,
        // instead of sorting all matches in memory (as SQLite's indexes append the id).
        { Name: ID_PATH, Direction: direction(last) },
      ],
      MgoIsUnique: false,
    },
  };
}

/**
 * The indexes CloudBase needs for a declared collection, in the shape manager-node's
 * `database.updateCollection(spec.name, { CreateIndexes: toCloudbaseIndexes(spec) })` takes.
 * Names are the declared (globally unique) names; uniqueness is always by `_id`, never an index.
 */
export function toCloudbaseIndexes(spec: CollectionSpec): CloudbaseIndex[] {
  return spec.indexes.map(toIndex);
}
