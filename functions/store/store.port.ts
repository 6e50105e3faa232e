/**
 * The document-store port (文档存储端口, docs/domain.md §3): a small subset of CloudBase's database that
 * both backends — CloudBase via @cloudbase/node-sdk and the embedded SQLite file — do honestly.
 * Use cases code against `Store` only; nothing here may depend on a backend.
 *
 * Rules every adapter keeps (the contract suite in test/store/store.contract.ts checks them):
 * - Documents are JSON objects. The store owns `_id` (chosen by the caller at insert) and
 *   `_version` (1 at insert, +1 on every update/replace). `_version` given on a write is ignored;
 *   use `ifVersion` for optimistic concurrency.
 * - Field names may not contain `.` nor start with `$` (both backends reserve them); values must be
 *   JSON (no Date, NaN, Infinity, bigint, functions, class instances); a document's JSON is at most
 *   512 KB (CloudBase's limit). Breaking these is a programmer error and throws.
 * - Expected failures are values: duplicate id, stale `ifVersion` → CONFLICT; missing id →
 *   NOT_FOUND (`Result` from shared/kernel/result.ts).
 * - There is no where-update and no where-remove, on purpose: CloudBase's `where().update()` and
 *   `.remove()` touch every match. Change documents one by one, by id.
 * - Every query and count must be served by a declared index (see `CollectionSpec`); otherwise the
 *   call throws a `StoreUsageError` naming the collection and fields.
 */
import type { AppError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';

/** Default page size of `query` (CloudBase's `get()` default). */
export const DEFAULT_QUERY_LIMIT = 100;
/** Largest page size of `query` (CloudBase's `get()` maximum). */
export const MAX_QUERY_LIMIT = 1000;
/** Largest stored document, as UTF-8 JSON bytes (CloudBase's 512 KB limit). */
export const MAX_DOC_BYTES = 512 * 1024;
/** Largest `_id`, in characters. */
export const MAX_ID_LENGTH = 512;
/** CloudBase's quota of indexes per collection; declarations must stay within it. */
export const MAX_INDEXES_PER_COLLECTION = 20;

/** A document's own fields, without the store's `_id` and `_version`. */
export type DocBody = { readonly [field: string]: unknown };

/** The fields the store owns. */
export interface DocMeta {
  readonly _id: string;
  readonly _version: number;
}

/** A document as read back from the store. Parse it (zod) before trusting its shape. */
export type StoredDoc<T extends object = DocBody> = T & DocMeta;

/** A document to insert: its fields plus the caller-chosen `_id` (any `_version` is ignored). */
export type NewDoc<T extends object = DocBody> = T & {
  readonly _id: string;
  readonly _version?: number;
};

/**
 * A shallow patch for `update`: each top-level field given replaces the stored one wholesale
 * (nested objects are NOT merged), a field given as `undefined` is removed, fields not named are
 * kept. `_id`, if present, must equal the target id; `_version` is ignored.
 */
export type DocPatch<T extends object = DocBody> = { readonly [K in keyof T]?: T[K] | undefined };

/** Options of by-id writes. */
export interface WriteOptions {
  /** Apply only if the stored `_version` equals this; otherwise CONFLICT and nothing changes. */
  readonly ifVersion?: number;
}

/** A scalar a condition compares with. */
export type Scalar = string | number | boolean | null;

/** Equality. `null` matches a field that is null or absent (CloudBase/MongoDB semantics). */
export interface EqCondition {
  readonly eq: Scalar;
}

/** Membership in a non-empty list of one type (all strings, all numbers or all booleans). */
export interface InCondition {
  readonly in: readonly string[] | readonly number[] | readonly boolean[];
}

/**
 * A range on one field: any of gt/gte/lt/lte (not gt with gte, nor lt with lte), operands all
 * strings or all numbers. Matches only values of the operands' type: a string range never matches
 * a number, and no range matches null or an absent field. Strings compare by UTF-8 bytes.
 */
export interface RangeCondition {
  readonly gt?: string | number;
  readonly gte?: string | number;
  readonly lt?: string | number;
  readonly lte?: string | number;
}

/** A bare scalar is equality. */
export type Condition = Scalar | EqCondition | InCondition | RangeCondition;

/**
 * Conditions on top-level or dotted fields (`'party.idNumber'`), all of which must hold.
 * Conditions are for scalar fields: on a field holding an array or object the backends differ
 * (CloudBase matches array elements, SQLite does not), so never query such a field.
 * At most one field may carry a range, and it must be the `orderBy` field when both are given.
 * `_id` may be queried too (eq / in / range), but only on its own.
 */
export type Where = { readonly [path: string]: Condition };

/**
 * One sort field. `_id` is always the final tiebreak, in the same direction. Null or absent
 * values sort first ascending and last descending (as in CloudBase). The field should hold one
 * type across the collection (numbers before strings otherwise).
 */
export interface OrderBy {
  readonly path: string;
  readonly order: 'asc' | 'desc';
}

/** A page request. Without `orderBy`, documents come in `_id` order. */
export interface Query {
  readonly where?: Where;
  readonly orderBy?: OrderBy;
  /** 1..1000, default 100. */
  readonly limit?: number;
  /** `nextCursor` of the previous page of the same query (same collection and orderBy). */
  readonly cursor?: string | null;
}

/** A page. `nextCursor` is null exactly when no document follows this page. */
export interface Page<T extends object = DocBody> {
  readonly docs: StoredDoc<T>[];
  readonly nextCursor: string | null;
}

/** By-id operations, the only ones allowed inside a transaction (CloudBase's own rule). */
export interface ByIdOperations {
  /** The document, or null when there is none with this id. */
  get<T extends object = DocBody>(collection: string, id: string): Promise<StoredDoc<T> | null>;
  /** Inserts with the caller's `_id`; CONFLICT when that id exists. Returns the stored document. */
  insert<T extends object = DocBody>(
    collection: string,
    doc: NewDoc<T>,
  ): Promise<Result<StoredDoc<T>, AppError>>;
  /** Shallow-merges `patch` (see `DocPatch`); NOT_FOUND, or CONFLICT on a stale `ifVersion`. */
  update<T extends object = DocBody>(
    collection: string,
    id: string,
    patch: DocPatch<T>,
    options?: WriteOptions,
  ): Promise<Result<StoredDoc<T>, AppError>>;
  /** Replaces every field but `_id`; NOT_FOUND, or CONFLICT on a stale `ifVersion`. */
  replace<T extends object = DocBody>(
    collection: string,
    id: string,
    doc: T,
    options?: WriteOptions,
  ): Promise<Result<StoredDoc<T>, AppError>>;
  /** Deletes by id; NOT_FOUND, or CONFLICT on a stale `ifVersion`. */
  remove(collection: string, id: string, options?: WriteOptions): Promise<Result<void, AppError>>;
}

/** The handle a transaction callback receives. It is dead once the callback has settled. */
export type StoreTx = ByIdOperations;

export interface Store extends ByIdOperations {
  /** One page of documents matching `where`, in `orderBy` then `_id` order (keyset pagination). */
  query<T extends object = DocBody>(collection: string, query?: Query): Promise<Page<T>>;
  /** How many documents match `where` (same index rule as `query`). */
  count(collection: string, where?: Where): Promise<number>;
  /**
   * Runs `fn` atomically with by-id operations on `tx`. If `fn` returns an Err, or throws, nothing
   * it did remains: the Err is returned, the exception rethrown. On Ok everything commits.
   * Inside `fn` use `tx` only — never the store itself, and no nested transaction.
   * `fn` may run more than once (CloudBase retries on a transaction conflict), so it must have
   * no effects outside `tx`.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<Result<T, AppError>>): Promise<Result<T, AppError>>;
}

/** One field of an index. */
export interface IndexField {
  readonly path: string;
  readonly order: 'asc' | 'desc';
}

/** A declared index: SQLite creates it at start-up, the CloudBase deployment ensures it. */
export interface IndexSpec {
  /** Unique across all collections (SQLite index names share one namespace). */
  readonly name: string;
  readonly fields: readonly IndexField[];
}

/** A declared collection and the indexes its queries need. */
export interface CollectionSpec {
  readonly name: string;
  readonly indexes: readonly IndexSpec[];
}

/**
 * Thrown for misuse of the store — an undeclared collection, a query no index serves, a
 * non-JSON value, a foreign cursor. These are bugs, never expected failures.
 */
export class StoreUsageError extends Error {
  override readonly name = 'StoreUsageError';
}

declare const HANDLE: unique symbol;

/**
 * The store as use cases hold it (`AppContext.store`): opaque, so nothing outside store/
 * names a collection by a string or reads an unparsed row. Every read and write goes through
 * a typed collection handle (store/collections.ts, each folder's `<folder>.collections.ts`),
 * which parses what it reads and checks what it writes.
 */
export interface Db {
  readonly [HANDLE]: 'db';
}

/** A transaction as its callback holds it: by-id operations through typed handles only. */
export interface Tx {
  readonly [HANDLE]: 'tx';
}
