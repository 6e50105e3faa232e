/**
 * Declaring collections and their indexes, and checking the declarations. Adapters call
 * `checkCollectionSpecs` at start-up so a bad declaration fails loudly before any request.
 */
import { MAX_INDEXES_PER_COLLECTION, StoreUsageError } from './store.port';
import type { CollectionSpec, IndexField, IndexSpec } from './store.port';

/** Collection names: lower-case identifiers (table names in SQLite, collection names in CloudBase). */
const COLLECTION_NAME = /^(?!sqlite)[a-z][a-z0-9_]{0,62}$/;
/** Index names: identifiers, SQLite's own `sqlite_` prefix excluded. */
const INDEX_NAME = /^(?!sqlite_)[A-Za-z][A-Za-z0-9_]{0,127}$/;
/** Queryable field paths: identifiers joined by dots (`party.idNumber`). */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** True when `path` may be used in a where, an orderBy or an index (`_id` aside). */
export function isFieldPath(path: string): boolean {
  return FIELD_PATH.test(path) && path !== '_version' && !path.startsWith('_version.');
}

/** Index name derived from the collection and fields, e.g. `concerns_by_townId_status_dueAt`. */
function indexName(collection: string, fields: readonly IndexField[]): string {
  const parts = fields.map((f) => f.path.replace(/\./g, '_') + (f.order === 'desc' ? '_desc' : ''));
  return `${collection}_by_${parts.join('_')}`;
}

/**
 * Declares a collection in one line per index: each index is a list of field paths, a leading
 * `-` meaning descending (`['townId', 'status', 'dueAt']`, `['subjectId', '-at']`). Index names
 * are derived from the fields, so they are unique and stable.
 */
export function defineCollection<N extends string>(
  name: N,
  ...indexes: readonly (readonly string[])[]
): CollectionSpec & { readonly name: N } {
  const specs: IndexSpec[] = indexes.map((paths) => {
    const fields: IndexField[] = paths.map((p) =>
      p.startsWith('-') ? { path: p.slice(1), order: 'desc' } : { path: p, order: 'asc' },
    );
    return { name: indexName(name, fields), fields };
  });
  return { name, indexes: specs };
}

/**
 * Throws a `StoreUsageError` unless the declarations are sound: valid and unique collection
 * names, valid field paths (`_id` is implicit and may not be declared), globally unique index
 * names, at most CloudBase's 20 indexes per collection, no field twice in an index, and no index
 * whose fields are a prefix of another's in the same collection (it would be redundant, and the
 * SQLite planner could pick either).
 */
export function checkCollectionSpecs(specs: readonly CollectionSpec[]): void {
  const collections = new Set<string>();
  const indexNames = new Set<string>();
  for (const spec of specs) {
    if (!COLLECTION_NAME.test(spec.name)) {
      throw new StoreUsageError(
        `collection name ${JSON.stringify(spec.name)} is not a lower-case identifier`,
      );
    }
    if (collections.has(spec.name)) {
      throw new StoreUsageError(`collection ${spec.name} is declared twice`);
    }
    collections.add(spec.name);
    if (spec.indexes.length > MAX_INDEXES_PER_COLLECTION) {
      throw new StoreUsageError(
        `collection ${spec.name} declares ${spec.indexes.length} indexes; CloudBase allows ${MAX_INDEXES_PER_COLLECTION}`,
      );
    }
    for (const index of spec.indexes) {
      if (!INDEX_NAME.test(index.name) || indexNames.has(index.name)) {
        throw new StoreUsageError(
          `index name ${JSON.stringify(index.name)} is invalid or not unique`,
        );
      }
      indexNames.add(index.name);
      const paths = index.fields.map((f) => f.path);
      if (paths.length === 0 || new Set(paths).size !== paths.length) {
        throw new StoreUsageError(
          `index ${index.name} of ${spec.name} is empty or repeats a field`,
        );
      }
      for (const field of index.fields) {
        if (!isFieldPath(field.path) || field.path === '_id') {
          throw new StoreUsageError(
            `index ${index.name} of ${spec.name}: ${JSON.stringify(field.path)} is not a declarable field path`,
          );
        }
      }
    }
    for (const a of spec.indexes) {
      for (const b of spec.indexes) {
        if (
          a !== b &&
          a.fields.length <= b.fields.length &&
          a.fields.every((f, i) => f.path === b.fields[i]?.path)
        ) {
          throw new StoreUsageError(
            `index ${a.name} of ${spec.name} is a prefix of ${b.name}; drop it, ${b.name} serves its queries`,
          );
        }
      }
    }
  }
}

/** The declaration of `collection`; an undeclared one is a programming error, in every adapter. */
export function declaredSpec(
  specs: ReadonlyMap<string, CollectionSpec>,
  collection: string,
): CollectionSpec {
  const spec = specs.get(collection);
  if (spec === undefined) {
    throw new StoreUsageError(
      `collection ${JSON.stringify(collection)} is not declared (functions/store/collections.ts)`,
    );
  }
  return spec;
}
