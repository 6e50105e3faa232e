/**
 * The CloudBase store (云开发数据库): the store port on `@cloudbase/node-sdk`'s database, for a town
 * or county that runs on Tencent CloudBase (docs/architecture.md, docs/domain.md §4). The embedded twin is sqlite.store.ts;
 * both pass test/store/store.contract.ts.
 *
 * Layout: one CloudBase collection per declared collection (the deployment creates them and their
 * indexes, see `toCloudbaseIndexes`); a document is stored as `{ _id, _version, ...body }`.
 *
 * Writes are by id only — CloudBase's `where().update()` / `.remove()` touch every match, so the
 * store never sends one whose condition is not `_id` (plus `_version`), always with
 * `multiple: false`:
 * - insert: `add({ _id, _version: 1, ...body })`; DATABASE_DUPLICATE_WRITE → CONFLICT.
 * - update / replace (optimistic concurrency, 乐观锁): read the document, then
 *   `where({ _id, _version: read }).options({ multiple: false }).update(…)` with the changed fields
 *   under `_.set` (so objects are replaced whole, not merged) and removed ones under `_.remove()`,
 *   and `_version + 1`. `updated: 0` means someone changed or removed it in between: read again —
 *   a given `ifVersion` is then stale (CONFLICT) or the document gone (NOT_FOUND); without one the
 *   change is applied again on top of the other writer's, so no update is lost.
 * - remove: `doc(id).remove()`, or with `ifVersion` the same `_id` + `_version` where-remove.
 *
 * Transactions run in `db.runTransaction`, by id only (CloudBase's own rule). Reads see the
 * transaction's snapshot and its own writes; a write to a document another writer changed or holds
 * fails with DATABASE_TRANSACTION_CONFLICT, which the SDK retries (3 times, at once) and this store
 * then retries with jittered exponential backoff before answering CONFLICT. An Err returned by the
 * callback, or a throw, rolls back. Inside a callback the store itself may not be used (the same
 * guard as SQLite's, so code that works on one backend works on the other).
 *
 * Queries: the plan (store.query.ts, the same index rule as SQLite) becomes `where` + `orderBy`
 * (field, then `_id`) + an explicit `limit` — one more than the page, to learn whether another
 * follows — and keyset conditions after a cursor (cloudbase.query.ts). At the 1000 maximum the SDK
 * cannot fetch one more, so a full page probes with `limit(1)`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { appError } from '../../shared/kernel/errors';
import { err, ok } from '../../shared/kernel/result';
import type { AppError } from '../../shared/kernel/errors';
import type { Err, Result } from '../../shared/kernel/result';
import { COLLECTIONS } from './collections';
import { encodeCursor } from './store.cursor';
import type { CursorPosition } from './store.cursor';
import { assertDocId, mergePatch, prepareBody, withMeta } from './store.doc';
import type { Body } from './store.doc';
import { duplicateIdError, missingDocError, staleVersionError } from './store.errors';
import { ID_PATH, planCount, planQuery } from './store.query';
import type { QueryPlan } from './store.query';
import { checkCollectionSpecs, declaredSpec } from './store.declare';
import { MAX_QUERY_LIMIT, StoreUsageError } from './store.port';
import type {
  CollectionSpec,
  DocBody,
  DocPatch,
  NewDoc,
  Page,
  Query,
  Store,
  StoreTx,
  StoredDoc,
  Where,
  WriteOptions,
} from './store.port';
import { pageOrder, pageWhere, sortValue, termsWhere } from './cloudbase.query';
import {
  assertNoErrorCode,
  isDuplicateWrite,
  isTransactionConflict,
  resultField,
  transactionConflict,
} from './cloudbase.sdk';
import type { CloudbaseCommand, CloudbaseDb, CloudbaseQuery } from './cloudbase.sdk';

export type { CloudbaseDb } from './cloudbase.sdk';
export { toCloudbaseIndexes } from './cloudbase.query';
export type { CloudbaseIndex, CloudbaseIndexKey } from './cloudbase.query';

/** How `transaction` retries once the SDK's own retries of a conflict are spent. */
export interface TransactionRetry {
  /** Runs of `db.runTransaction` (each itself up to 4 tries) before answering CONFLICT. */
  readonly attempts: number;
  /** Full-jitter backoff before run n+1: a random wait below min(maxDelayMs, baseDelayMs·2^(n−1)). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface CloudbaseStoreOptions {
  /** Declared collections; defaults to the product's (functions/store/collections.ts). */
  readonly collections?: readonly CollectionSpec[];
  /** Defaults: 8 runs, 50 ms base, 1 s cap (at most ~3.6 s of waiting in all). */
  readonly transactionRetry?: TransactionRetry;
}

const DEFAULT_TRANSACTION_RETRY: TransactionRetry = {
  attempts: 8,
  baseDelayMs: 50,
  maxDelayMs: 1000,
};

/** Read-write rounds of one by-id write that keeps losing to other writers before CONFLICT. */
const MAX_REWRITE_ATTEMPTS = 5;

type TxContext = { open: boolean };

/** A document as read: its version and its body (without `_id` / `_version`). */
interface Row {
  readonly id: string;
  readonly version: number;
  readonly body: Body;
}

/** Where by-id operations go: the database itself, or a running transaction. */
interface CollectionSource {
  collection(name: string): ReturnType<CloudbaseDb['collection']>;
}

/** CONFLICT: the document (or transaction) kept meeting other writers; trying later helps. */
function contentionError(details: Record<string, unknown>): AppError {
  return appError('CONFLICT', '这条记录正被别人修改，请稍后再试', details);
}

function checkIfVersion(collection: string, options: WriteOptions | undefined): void {
  const v = options?.ifVersion;
  if (v !== undefined && !(Number.isInteger(v) && v >= 1)) {
    throw new StoreUsageError(
      `${collection}: ifVersion must be a positive integer, got ${String(v)}`,
    );
  }
}

const hasOwn = (object: object, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(object, key);

/**
 * A stored document as the store hands it out. The JSON round trip makes a private copy and
 * undoes the SDK's decoding of GeoJSON-shaped objects into its Point classes.
 */
function toRow(collection: string, raw: unknown, expectedId?: string): Row {
  const plain: unknown = JSON.parse(JSON.stringify(raw));
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) {
    throw new Error(`${collection}: CloudBase returned a document that is not an object`);
  }
  const { _id: id, _version: version, ...body } = plain as Record<string, unknown>;
  if (
    typeof id !== 'string' ||
    (expectedId !== undefined && id !== expectedId) ||
    typeof version !== 'number' ||
    !Number.isInteger(version) ||
    version < 1
  ) {
    throw new Error(
      `${collection}/${String(id)}: stored document lacks a valid _id or _version; write documents through the store`,
    );
  }
  return { id, version, body };
}

/** The fields `patch` names: their merged values under `_.set`, removed ones under `_.remove()`. */
function patchChanges(_: CloudbaseCommand, patch: object, next: Body): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(patch)) {
    if (key === '_id' || key === '_version') continue;
    changes[key] = hasOwn(next, key) ? _.set(next[key]) : _.remove();
  }
  return changes;
}

/** Every field of `next` under `_.set`, every stored field it lacks under `_.remove()`. */
function replaceChanges(_: CloudbaseCommand, stored: Body, next: Body): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(stored)) {
    if (!hasOwn(next, key)) changes[key] = _.remove();
  }
  for (const [key, value] of Object.entries(next)) changes[key] = _.set(value);
  return changes;
}

/** The by-id operations, against the database or inside a transaction. */
class ByIdOperations {
  constructor(
    private readonly _: CloudbaseCommand,
    private readonly source: CollectionSource,
    private readonly inTransaction: boolean,
    private readonly spec: (collection: string) => CollectionSpec,
  ) {}

  /** The document with this id, or null. */
  async read(collection: string, id: string): Promise<Row | null> {
    const result = await this.source.collection(collection).doc(id).get();
    assertNoErrorCode(result, `${collection}.doc(${id}).get`);
    // A list outside transactions, the document itself (or null) inside one.
    const data = resultField(result, 'data');
    const raw: unknown = Array.isArray(data) ? data[0] : data;
    return raw === undefined || raw === null ? null : toRow(collection, raw, id);
  }

  async get<T extends object>(collection: string, id: string): Promise<StoredDoc<T> | null> {
    this.spec(collection);
    assertDocId(collection, id);
    const row = await this.read(collection, id);
    return row === null ? null : withMeta<T>(id, row.version, row.body);
  }

  async insert<T extends object>(
    collection: string,
    doc: NewDoc<T>,
  ): Promise<Result<StoredDoc<T>, AppError>> {
    this.spec(collection);
    const id: unknown = (doc as { _id?: unknown } | null)?._id;
    assertDocId(collection, id);
    const body = JSON.parse(prepareBody(collection, id, doc).json) as Body;
    // A failed write aborts a CloudBase transaction, so inside one an existing id is found first.
    if (this.inTransaction && (await this.read(collection, id)) !== null) {
      return err(duplicateIdError(collection, id));
    }
    try {
      const result = await this.source
        .collection(collection)
        .add({ _id: id, _version: 1, ...body });
      assertNoErrorCode(result, `${collection}.add`);
    } catch (e) {
      if (isDuplicateWrite(e)) return err(duplicateIdError(collection, id));
      throw e;
    }
    return ok(withMeta<T>(id, 1, body));
  }

  update<T extends object>(
    collection: string,
    id: string,
    patch: DocPatch<T>,
    options: WriteOptions | undefined,
  ): Promise<Result<StoredDoc<T>, AppError>> {
    return this.rewrite<T>(
      collection,
      id,
      options,
      (stored) => mergePatch(collection, id, stored, patch),
      (_stored, next) => patchChanges(this._, patch as object, next),
    );
  }

  replace<T extends object>(
    collection: string,
    id: string,
    doc: T,
    options: WriteOptions | undefined,
  ): Promise<Result<StoredDoc<T>, AppError>> {
    return this.rewrite<T>(
      collection,
      id,
      options,
      () => doc,
      (stored, next) => replaceChanges(this._, stored, next),
    );
  }

  /** Read, check `ifVersion`, write the changes if the version read is still current. */
  private async rewrite<T extends object>(
    collection: string,
    id: string,
    options: WriteOptions | undefined,
    next: (stored: Body) => unknown,
    changes: (stored: Body, next: Body) => Record<string, unknown>,
  ): Promise<Result<StoredDoc<T>, AppError>> {
    this.spec(collection);
    assertDocId(collection, id);
    checkIfVersion(collection, options);
    for (let attempt = 1; ; attempt += 1) {
      const stored = await this.read(collection, id);
      if (stored === null) return err(missingDocError(collection, id));
      const expected = options?.ifVersion;
      if (expected !== undefined && expected !== stored.version) {
        return err(staleVersionError(collection, id, expected, stored.version));
      }
      const body = JSON.parse(prepareBody(collection, id, next(stored.body)).json) as Body;
      const version = stored.version + 1;
      const data = { ...changes(stored.body, body), _version: version };
      if (await this.writeIfVersion(collection, id, stored.version, data)) {
        return ok(withMeta<T>(id, version, body));
      }
      if (attempt >= MAX_REWRITE_ATTEMPTS) {
        return err(contentionError({ collection, id, attempts: attempt }));
      }
    }
  }

  /** Applies `data` if the document still has `version`; false when it has not (or is gone). */
  private async writeIfVersion(
    collection: string,
    id: string,
    version: number,
    data: object,
  ): Promise<boolean> {
    const target = this.source.collection(collection);
    if (this.inTransaction) {
      // The snapshot read `version`; CloudBase refuses the write if anyone changed it since.
      const result = await target.doc(id).update(data);
      assertNoErrorCode(result, `${collection}.doc(${id}).update`);
      if (resultField(result, 'updated') !== 1) {
        throw transactionConflict(`${collection}/${id} changed during the transaction`);
      }
      return true;
    }
    const result = await target
      .where({ _id: id, _version: version })
      .options({ multiple: false })
      .update(data);
    assertNoErrorCode(result, `${collection}.where(_id, _version).update`);
    return resultField(result, 'updated') === 1;
  }

  async remove(
    collection: string,
    id: string,
    options: WriteOptions | undefined,
  ): Promise<Result<void, AppError>> {
    this.spec(collection);
    assertDocId(collection, id);
    checkIfVersion(collection, options);
    const target = this.source.collection(collection);
    const expected = options?.ifVersion;
    if (this.inTransaction) {
      const stored = await this.read(collection, id);
      if (stored === null) return err(missingDocError(collection, id));
      if (expected !== undefined && expected !== stored.version) {
        return err(staleVersionError(collection, id, expected, stored.version));
      }
      const result = await target.doc(id).remove();
      assertNoErrorCode(result, `${collection}.doc(${id}).remove`);
      if (resultField(result, 'deleted') !== 1) {
        throw transactionConflict(`${collection}/${id} changed during the transaction`);
      }
      return ok(undefined);
    }
    if (expected === undefined) {
      const result = await target.doc(id).remove();
      assertNoErrorCode(result, `${collection}.doc(${id}).remove`);
      return resultField(result, 'deleted') === 1
        ? ok(undefined)
        : err(missingDocError(collection, id));
    }
    for (let attempt = 1; ; attempt += 1) {
      const result = await target
        .where({ _id: id, _version: expected })
        .options({ multiple: false })
        .remove();
      assertNoErrorCode(result, `${collection}.where(_id, _version).remove`);
      if (resultField(result, 'deleted') === 1) return ok(undefined);
      const stored = await this.read(collection, id);
      if (stored === null) return err(missingDocError(collection, id));
      if (stored.version !== expected) {
        return err(staleVersionError(collection, id, expected, stored.version));
      }
      // Removed and inserted again at this very version in between: try once more.
      if (attempt >= MAX_REWRITE_ATTEMPTS) {
        return err(contentionError({ collection, id, attempts: attempt }));
      }
    }
  }
}

/** Thrown out of the SDK's transaction callback to roll back and hand the callback's Err back. */
class Rollback {
  constructor(readonly result: Err<AppError>) {}
}

function isResult(value: unknown): value is Result<unknown, AppError> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === 'boolean'
  );
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class CloudbaseStore implements Store {
  private readonly specs: ReadonlyMap<string, CollectionSpec>;
  private readonly txScope = new AsyncLocalStorage<TxContext>();
  private readonly retry: TransactionRetry;
  private readonly direct: ByIdOperations;

  constructor(
    private readonly db: CloudbaseDb,
    options: CloudbaseStoreOptions,
  ) {
    const collections = options.collections ?? COLLECTIONS;
    checkCollectionSpecs(collections);
    this.specs = new Map(collections.map((c) => [c.name, c]));
    this.retry = options.transactionRetry ?? DEFAULT_TRANSACTION_RETRY;
    if (!(Number.isInteger(this.retry.attempts) && this.retry.attempts >= 1)) {
      throw new StoreUsageError('transactionRetry.attempts must be a positive integer');
    }
    this.direct = new ByIdOperations(db.command, db, false, (c) => this.spec(c));
  }

  private spec(collection: string): CollectionSpec {
    return declaredSpec(this.specs, collection);
  }

  /** Throws inside a transaction callback: there, only its tx may be used. */
  private assertUsable(operation: string): void {
    if (this.txScope.getStore()?.open === true) {
      throw new StoreUsageError(
        `store.${operation} called inside a transaction callback; use the callback's tx (by-id operations only)`,
      );
    }
  }

  // ---- by id ----

  async get<T extends object = DocBody>(
    collection: string,
    id: string,
  ): Promise<StoredDoc<T> | null> {
    this.assertUsable('get');
    return this.direct.get<T>(collection, id);
  }

  async insert<T extends object = DocBody>(
    collection: string,
    doc: NewDoc<T>,
  ): Promise<Result<StoredDoc<T>, AppError>> {
    this.assertUsable('insert');
    return this.direct.insert<T>(collection, doc);
  }

  async update<T extends object = DocBody>(
    collection: string,
    id: string,
    patch: DocPatch<T>,
    options?: WriteOptions,
  ): Promise<Result<StoredDoc<T>, AppError>> {
    this.assertUsable('update');
    return this.direct.update<T>(collection, id, patch, options);
  }

  async replace<T extends object = DocBody>(
    collection: string,
    id: string,
    doc: T,
    options?: WriteOptions,
  ): Promise<Result<StoredDoc<T>, AppError>> {
    this.assertUsable('replace');
    return this.direct.replace<T>(collection, id, doc, options);
  }

  async remove(
    collection: string,
    id: string,
    options?: WriteOptions,
  ): Promise<Result<void, AppError>> {
    this.assertUsable('remove');
    return this.direct.remove(collection, id, options);
  }

  // ---- queries ----

  /** See `Store.query`: keyset pagination over (field, `_id`). */
  async query<T extends object = DocBody>(collection: string, query?: Query): Promise<Page<T>> {
    this.assertUsable('query');
    const plan = planQuery(this.spec(collection), query);
    const wanted = plan.limit < MAX_QUERY_LIMIT ? plan.limit + 1 : plan.limit;
    const found = await this.page(collection, plan, plan.cursor, wanted);
    const rows = found.slice(0, plan.limit);
    const last = rows[rows.length - 1];
    let more = found.length > plan.limit;
    if (!more && last !== undefined && found.length === MAX_QUERY_LIMIT) {
      // The SDK fetches at most 1000: whether anything follows a full page takes one more look.
      more =
        (await this.page(collection, plan, this.position(collection, plan, last), 1)).length > 0;
    }
    return {
      docs: rows.map((r) => withMeta<T>(r.id, r.version, r.body)),
      nextCursor:
        more && last !== undefined
          ? encodeCursor(collection, query, this.position(collection, plan, last))
          : null,
    };
  }

  private position(collection: string, plan: QueryPlan, row: Row): CursorPosition {
    const path = plan.order.path;
    return { value: path === ID_PATH ? row.id : sortValue(collection, row.body, path), id: row.id };
  }

  private async page(
    collection: string,
    plan: QueryPlan,
    cursor: CursorPosition | null,
    limit: number,
  ): Promise<Row[]> {
    const where = pageWhere(this.db.command, plan, cursor);
    if (where === null) return [];
    let request: CloudbaseQuery = this.db.collection(collection);
    if (where !== undefined) request = request.where(where);
    for (const [path, order] of pageOrder(plan)) request = request.orderBy(path, order);
    const result = await request.limit(limit).get();
    assertNoErrorCode(result, `${collection} query`);
    const data = resultField(result, 'data');
    if (!Array.isArray(data))
      throw new Error(`${collection}: CloudBase answered a query without a list`);
    return data.map((raw: unknown) => toRow(collection, raw));
  }

  /** See `Store.count`. */
  async count(collection: string, where?: Where): Promise<number> {
    this.assertUsable('count');
    const plan = planCount(this.spec(collection), where);
    const condition = termsWhere(this.db.command, plan.terms);
    const target = this.db.collection(collection);
    const result = await (
      Object.keys(condition).length === 0 ? target : target.where(condition)
    ).count();
    assertNoErrorCode(result, `${collection} count`);
    const total = resultField(result, 'total');
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
      throw new Error(`${collection}: CloudBase answered a count without a total`);
    }
    return total;
  }

  // ---- transactions ----

  /** See `Store.transaction`. */
  async transaction<T>(
    fn: (tx: StoreTx) => Promise<Result<T, AppError>>,
  ): Promise<Result<T, AppError>> {
    this.assertUsable('transaction');
    for (let run = 1; ; run += 1) {
      try {
        return await this.runOnce(fn);
      } catch (e) {
        if (!isTransactionConflict(e)) throw e;
        if (run >= this.retry.attempts) {
          return err(contentionError({ reason: 'transaction conflict', runs: run }));
        }
        const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (run - 1));
        await sleep(Math.random() * ceiling);
      }
    }
  }

  private async runOnce<T>(
    fn: (tx: StoreTx) => Promise<Result<T, AppError>>,
  ): Promise<Result<T, AppError>> {
    try {
      return (await this.db.runTransaction(async (transaction) => {
        const context: TxContext = { open: true };
        const operations = new ByIdOperations(this.db.command, transaction, true, (c) =>
          this.spec(c),
        );
        try {
          const result: unknown = await this.txScope.run(context, () =>
            fn(this.txHandle(operations, context)),
          );
          if (!isResult(result)) {
            throw new StoreUsageError('a transaction callback must return a Result (ok/err)');
          }
          if (!result.ok) throw new Rollback(result);
          return result;
        } catch (e) {
          // The SDK runs the callback again on a conflict without ending this transaction;
          // left open, it would hold its locks until the server times it out and make every
          // retry conflict again. So end it here first.
          if (isTransactionConflict(e)) await transaction.rollback?.().catch(() => undefined);
          throw e;
        } finally {
          context.open = false;
        }
      })) as Result<T, AppError>;
    } catch (e) {
      if (e instanceof Rollback) return e.result;
      throw e;
    }
  }

  private txHandle(operations: ByIdOperations, context: TxContext): StoreTx {
    const run = <R>(operation: string, fn: () => Promise<R>): Promise<R> =>
      context.open
        ? fn()
        : Promise.reject(
            new StoreUsageError(
              `tx.${operation} after its transaction ended (an un-awaited promise?)`,
            ),
          );
    return {
      get: <T extends object = DocBody>(collection: string, id: string) =>
        run('get', () => operations.get<T>(collection, id)),
      insert: <T extends object = DocBody>(collection: string, doc: NewDoc<T>) =>
        run('insert', () => operations.insert<T>(collection, doc)),
      update: <T extends object = DocBody>(
        collection: string,
        id: string,
        patch: DocPatch<T>,
        options?: WriteOptions,
      ) => run('update', () => operations.update<T>(collection, id, patch, options)),
      replace: <T extends object = DocBody>(
        collection: string,
        id: string,
        doc: T,
        options?: WriteOptions,
      ) => run('replace', () => operations.replace<T>(collection, id, doc, options)),
      remove: (collection: string, id: string, options?: WriteOptions) =>
        run('remove', () => operations.remove(collection, id, options)),
    };
  }
}

/**
 * The store on a CloudBase database — `db` is `app.database()` of `@cloudbase/node-sdk`
 * (`tcb.init({ env })`). Throws a `StoreUsageError` for unsound collection declarations.
 */
export function createCloudbaseStore(db: CloudbaseDb, options: CloudbaseStoreOptions = {}): Store {
  return new CloudbaseStore(db, options);
}
