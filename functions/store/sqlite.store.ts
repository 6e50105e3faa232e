/**
 * The embedded store (内置存储): one SQLite file through better-sqlite3 — the local host's
 * default and the backend of integration tests (docs/domain.md §3).
 *
 * Layout: one table per collection, `(id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT
 * NULL)`, where `doc` is the JSON body without `_id` / `_version`. Each declared index becomes an
 * expression index over `json_extract(doc, '$.path')` with `id` appended, so `ORDER BY field, id`
 * (the keyset order) is read straight off the index. Indexes are created at start-up; an index
 * on a declared collection's table that is no longer declared is dropped (tables and rows are
 * never dropped).
 *
 * Durability: WAL with `synchronous=FULL` by default, so an acknowledged write survives power
 * loss; NORMAL is ~4× faster and may lose the last commits (never corrupt) on power loss.
 *
 * Concurrency: better-sqlite3 is synchronous and its `db.transaction()` cannot span an `await`,
 * so `transaction` issues BEGIN IMMEDIATE / COMMIT / ROLLBACK around the awaited callback, and
 * every operation goes through one FIFO queue: while a transaction is open, everything else on
 * this store waits. Calling the store itself (instead of `tx`) inside the callback would wait
 * for ever, so it throws instead (detected with AsyncLocalStorage).
 *
 * Type honesty: `json_extract` turns JSON true/false into 1/0 and SQLite compares across types
 * (numbers < text), where CloudBase compares within a type. So conditions on numbers and
 * booleans also check `json_type`, and a string range gets a `>= ''` floor: `1`, `'1'` and
 * `true` never match each other and a string range never matches numbers, as on CloudBase.
 * Conditions on strings (ids, statuses, ISO dates — nearly all of them) stay index-only.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { err, ok } from '../../shared/kernel/result';
import type { AppError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { COLLECTIONS } from './collections';
import { encodeCursor } from './store.cursor';
import { assertDocId, mergePatch, prepareBody, withMeta } from './store.doc';
import type { Body } from './store.doc';
import type { StorageProblem } from './store.errors';
import {
  StorageUnavailableError,
  duplicateIdError,
  missingDocError,
  staleVersionError,
} from './store.errors';
import { ID_PATH, planCount, planQuery } from './store.query';
import { SerialQueue } from './store.queue';
import type { QueryPlan, Term } from './store.query';
import { checkCollectionSpecs, declaredSpec } from './store.declare';
import { StoreUsageError } from './store.port';
import type {
  CollectionSpec,
  DocBody,
  DocPatch,
  IndexSpec,
  NewDoc,
  Page,
  Query,
  Store,
  StoreTx,
  StoredDoc,
  Where,
  WriteOptions,
} from './store.port';

export interface SqliteStoreOptions {
  /** Database file (its folder is created if missing), or ':memory:'. */
  readonly path: string;
  /** Declared collections; defaults to the product's (functions/store/collections.ts). */
  readonly collections?: readonly CollectionSpec[];
  /** FULL (default): acknowledged writes survive power loss. NORMAL: faster, see above. */
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** How long to wait for another connection's write lock before failing; default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

/** One row of SQLite's EXPLAIN QUERY PLAN. */
export interface ExplainRow {
  readonly id: number;
  readonly parent: number;
  readonly notused: number;
  readonly detail: string;
}

/** The connection settings in force, for a health page and tests. */
export interface SqlitePragmas {
  readonly journalMode: string;
  readonly synchronous: 'OFF' | 'NORMAL' | 'FULL' | 'EXTRA';
  readonly busyTimeoutMs: number;
}

type Row = {
  readonly id: string;
  readonly version: number;
  readonly doc: string;
  readonly k?: unknown;
};
type Sql = { readonly sql: string; readonly params: readonly unknown[] };
type TxContext = { open: boolean };

const SYNCHRONOUS_NAMES = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
const STATEMENT_CACHE_SIZE = 500;

const quote = (name: string): string => `"${name}"`;

/**
 * The storage failure behind a SQLite error, or null for anything else (a bug stays a bug):
 * a full disk, a read-only file or folder, an I/O error, a damaged file.
 */
export function storageProblemOf(thrown: unknown): StorageProblem | null {
  const code = (thrown as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM') {
    return 'readonly';
  }
  if (code.startsWith('SQLITE_IOERR')) return 'io';
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') return 'corrupt';
  return null;
}

/** Runs `fn`, turning a storage failure into a StorageUnavailableError. */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (thrown) {
    const problem = storageProblemOf(thrown);
    if (problem !== null) throw new StorageUnavailableError(problem, thrown);
    throw thrown;
  }
}

/** The SQL expression of a field: the primary key for `_id`, json_extract otherwise. */
function fieldSql(path: string): string {
  return path === ID_PATH ? 'id' : `json_extract(doc, '$.${path}')`;
}

/** better-sqlite3 binds no booleans; json_extract yields 1/0 for them. */
function bindable(value: string | number | boolean): string | number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/**
 * The check that keeps a comparison within the operand's JSON type, or null when none is needed.
 * json_extract yields TEXT only for strings (and for arrays/objects, which the port says never
 * to query), so strings need no check — their ranges get an index-friendly `>= ''` floor instead,
 * since every number sorts below every text. Numbers and booleans both come out as INTEGER
 * (true/false as 1/0), so they are told apart by json_type, which reads the row.
 */
function typeGuard(path: string, sample: string | number | boolean): string | null {
  const t = `json_type(doc, '$.${path}')`;
  if (typeof sample === 'string' || path === ID_PATH) return null;
  if (typeof sample === 'number') return `${t} IN ('integer', 'real')`;
  return `${t} IN ('true', 'false')`;
}

function termSql(term: Term, where: string[], params: unknown[]): void {
  const field = fieldSql(term.path);
  const guard = (sample: string | number | boolean): void => {
    const check = typeGuard(term.path, sample);
    if (check !== null) where.push(check);
  };
  if (term.kind === 'eq') {
    if (term.value === null) {
      where.push(`${field} IS NULL`);
      return;
    }
    where.push(`${field} = ?`);
    params.push(bindable(term.value));
    guard(term.value);
    return;
  }
  if (term.kind === 'in') {
    where.push(`${field} IN (${term.values.map(() => '?').join(', ')})`);
    params.push(...term.values.map(bindable));
    guard(term.values[0] as string | number | boolean);
    return;
  }
  const ops = [
    ['>', term.gt],
    ['>=', term.gte],
    ['<', term.lt],
    ['<=', term.lte],
  ] as const;
  let sample: string | number = '';
  for (const [op, value] of ops) {
    if (value === undefined) continue;
    where.push(`${field} ${op} ?`);
    params.push(value);
    sample = value;
  }
  if (typeof sample === 'string' && term.gt === undefined && term.gte === undefined) {
    where.push(`${field} >= ''`);
  }
  guard(sample);
}

function termsSql(terms: readonly Term[]): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const term of terms) termSql(term, where, params);
  return { where, params };
}

/**
 * The statements that together read one page, in order; each ends with `LIMIT ?` (not in
 * `params`). Keyset pagination over `(field, id)` is split into index seeks because SQLite does
 * not use row-value comparisons on expression indexes:
 *   asc:  [field IS NULL, by id] [field = last value, id after last] [field > last value]
 *   desc: [field = last value, id before last] [field < last value] [field IS NULL, by id]
 * Null (or absent) values sort first ascending and last descending, as in CloudBase.
 */
function pageStatements(table: string, plan: QueryPlan): Sql[] {
  const base = termsSql(plan.terms);
  const { path, order } = plan.order;
  const cursor = plan.cursor;
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  const after = order === 'asc' ? '>' : '<';
  const field = fieldSql(path);
  const select = path === ID_PATH ? 'id, version, doc' : `id, version, doc, ${field} AS k`;
  const make = (extra: string[], extraParams: unknown[], orderSql: string): Sql => {
    const where = [...base.where, ...extra];
    const sql =
      `SELECT ${select} FROM ${quote(table)}` +
      (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
      ` ORDER BY ${orderSql} LIMIT ?`;
    return { sql, params: [...base.params, ...extraParams] };
  };
  if (path === ID_PATH) {
    return [
      cursor === null
        ? make([], [], `id ${dir}`)
        : make([`id ${after} ?`], [cursor.id], `id ${dir}`),
    ];
  }
  const onField = plan.terms.filter((t) => t.path === path);
  const mayBeNull = onField.every((t) => t.kind === 'eq' && t.value === null);
  const mayBeValue = !onField.some((t) => t.kind === 'eq' && t.value === null);
  const byId = `id ${dir}`;
  const byField = `${field} ${dir}, id ${dir}`;
  const nulls = (): Sql[] => {
    if (!mayBeNull) return [];
    // Only a cursor inside the null block bounds it; one among the values precedes or follows it whole.
    if (cursor === null || cursor.value !== null) return [make([`${field} IS NULL`], [], byId)];
    return [make([`${field} IS NULL`, `id ${after} ?`], [cursor.id], byId)];
  };
  const values = (): Sql[] => {
    if (!mayBeValue) return [];
    if (cursor === null || cursor.value === null) {
      return [make([`${field} IS NOT NULL`], [], byField)];
    }
    return [
      make([`${field} = ?`, `id ${after} ?`], [cursor.value, cursor.id], byId),
      make([`${field} ${after} ?`], [cursor.value], byField),
    ];
  };
  if (order === 'asc') {
    // A cursor past the null block starts among the values.
    return cursor !== null && cursor.value !== null ? values() : [...nulls(), ...values()];
  }
  // Descending, a cursor in the null block has no values left after it.
  return cursor !== null && cursor.value === null ? nulls() : [...values(), ...nulls()];
}

/** The CREATE INDEX statement of a declared index (id appended, in the last field's order). */
function createIndexSql(table: string, index: IndexSpec): string {
  const columns = index.fields.map((f) => `${fieldSql(f.path)} ${f.order.toUpperCase()}`);
  const last = index.fields[index.fields.length - 1]?.order ?? 'asc';
  columns.push(`id ${last.toUpperCase()}`);
  return `CREATE INDEX ${quote(index.name)} ON ${quote(table)} (${columns.join(', ')})`;
}

/**
 * The SQLite adapter of the store port. Open it with `openSqliteStore`. Beyond the port it offers
 * `explainQuery`, `pragmas` and `close`, for tests, benchmarks and the local host only.
 */
export class SqliteStore implements Store {
  private readonly db: Db;
  private readonly specs: ReadonlyMap<string, CollectionSpec>;
  private readonly queue = new SerialQueue();
  private readonly txScope = new AsyncLocalStorage<TxContext>();
  private readonly statements = new Map<string, Statement>();
  private closed = false;

  constructor(options: SqliteStoreOptions) {
    const collections = options.collections ?? COLLECTIONS;
    checkCollectionSpecs(collections);
    this.specs = new Map(collections.map((c) => [c.name, c]));
    if (options.path !== ':memory:' && options.path !== '') {
      mkdirSync(dirname(options.path), { recursive: true });
    }
    this.db = new Database(options.path);
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous ?? 'FULL'}`);
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
      this.db.transaction(() => this.createSchema(collections)).immediate();
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  private createSchema(collections: readonly CollectionSpec[]): void {
    const existing = this.db.prepare<[string], { name: string; sql: string | null }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
    );
    for (const spec of collections) {
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS ${quote(spec.name)} ` +
          '(id TEXT PRIMARY KEY, version INTEGER NOT NULL, doc TEXT NOT NULL)',
      );
      const wanted = new Map(spec.indexes.map((i) => [i.name, createIndexSql(spec.name, i)]));
      for (const row of existing.all(spec.name)) {
        // Automatic (primary-key) indexes have no SQL; a changed definition is rebuilt.
        if (row.sql === null || wanted.get(row.name) === row.sql) continue;
        this.db.exec(`DROP INDEX ${quote(row.name)}`);
      }
      const present = new Set(existing.all(spec.name).map((r) => r.name));
      for (const [name, sql] of wanted) {
        if (!present.has(name)) this.db.exec(sql);
      }
    }
  }

  private spec(collection: string): CollectionSpec {
    return declaredSpec(this.specs, collection);
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.clear();
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Throws when the store is closed or the caller is inside a transaction callback. */
  private assertUsable(operation: string): void {
    if (this.closed) throw new StoreUsageError(`store.${operation} after close()`);
    if (this.txScope.getStore()?.open === true) {
      throw new StoreUsageError(
        `store.${operation} called inside a transaction callback; use the callback's tx (by-id operations only)`,
      );
    }
  }

  /** Queues a synchronous operation behind any open transaction. */
  private later<T>(operation: string, fn: () => T | Promise<T>): Promise<T> {
    try {
      this.assertUsable(operation);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.queue.run(async () => {
      try {
        return await fn();
      } catch (thrown) {
        const problem = storageProblemOf(thrown);
        if (problem !== null) throw new StorageUnavailableError(problem, thrown);
        throw thrown;
      }
    });
  }

  // ---- by-id operations (run directly; callers hold the queue) ----

  private readRow(collection: string, id: string): { version: number; doc: string } | undefined {
    return this.prepare(`SELECT version, doc FROM ${quote(collection)} WHERE id = ?`).get(id) as
      { version: number; doc: string } | undefined;
  }

  private getNow<T extends object>(collection: string, id: string): StoredDoc<T> | null {
    this.spec(collection);
    assertDocId(collection, id);
    const row = this.readRow(collection, id);
    return row === undefined ? null : withMeta<T>(id, row.version, JSON.parse(row.doc) as Body);
  }

  private insertNow<T extends object>(
    collection: string,
    doc: NewDoc<T>,
  ): Result<StoredDoc<T>, AppError> {
    this.spec(collection);
    const id: unknown = (doc as { _id?: unknown } | null)?._id;
    assertDocId(collection, id);
    const { body, json } = prepareBody(collection, id, doc);
    const info = this.prepare(
      `INSERT INTO ${quote(collection)} (id, version, doc) VALUES (?, 1, ?) ON CONFLICT (id) DO NOTHING`,
    ).run(id, json);
    return info.changes === 0
      ? err(duplicateIdError(collection, id))
      : ok(withMeta<T>(id, 1, body));
  }

  /** Read-check-write of one document, atomic even against other connections to the file. */
  private rewriteNow<T extends object>(
    collection: string,
    id: string,
    options: WriteOptions | undefined,
    next: (stored: Body) => unknown,
  ): Result<StoredDoc<T>, AppError> {
    this.spec(collection);
    assertDocId(collection, id);
    checkIfVersion(collection, options);
    const write = this.db.transaction((): Result<StoredDoc<T>, AppError> => {
      const row = this.readRow(collection, id);
      if (row === undefined) return err(missingDocError(collection, id));
      if (options?.ifVersion !== undefined && options.ifVersion !== row.version) {
        return err(staleVersionError(collection, id, options.ifVersion, row.version));
      }
      const { body, json } = prepareBody(collection, id, next(JSON.parse(row.doc) as Body));
      const version = row.version + 1;
      this.prepare(`UPDATE ${quote(collection)} SET version = ?, doc = ? WHERE id = ?`).run(
        version,
        json,
        id,
      );
      return ok(withMeta<T>(id, version, body));
    });
    return write.immediate();
  }

  private removeNow(
    collection: string,
    id: string,
    options: WriteOptions | undefined,
  ): Result<void, AppError> {
    this.spec(collection);
    assertDocId(collection, id);
    checkIfVersion(collection, options);
    const remove = this.db.transaction((): Result<void, AppError> => {
      const row = this.readRow(collection, id);
      if (row === undefined) return err(missingDocError(collection, id));
      if (options?.ifVersion !== undefined && options.ifVersion !== row.version) {
        return err(staleVersionError(collection, id, options.ifVersion, row.version));
      }
      this.prepare(`DELETE FROM ${quote(collection)} WHERE id = ?`).run(id);
      return ok(undefined);
    });
    return remove.immediate();
  }

  // ---- the port ----

  /** See `ByIdOperations.get`. */
  get<T extends object = DocBody>(collection: string, id: string): Promise<StoredDoc<T> | null> {
    return this.later('get', () => this.getNow<T>(collection, id));
  }

  /** See `ByIdOperations.insert`. */
  insert<T extends object = DocBody>(
    collection: string,
    doc: NewDoc<T>,
  ): Promise<Result<StoredDoc<T>, AppError>> {
    return this.later('insert', () => this.insertNow<T>(collection, doc));
  }

  /** See `ByIdOperations.update`: shallow merge, undefined removes a field. */
  update<T extends object = DocBody>(
    collection: string,
    id: string,
    patch: DocPatch<T>,
    options?: WriteOptions,
  ): Promise<Result<StoredDoc<T>, AppError>> {
    return this.later('update', () =>
      this.rewriteNow<T>(collection, id, options, (stored) =>
        mergePatch(collection, id, stored, patch),
      ),
    );
  }

  /** See `ByIdOperations.replace`. */
  replace<T extends object = DocBody>(
    collection: string,
    id: string,
    doc: T,
    options?: WriteOptions,
  ): Promise<Result<StoredDoc<T>, AppError>> {
    return this.later('replace', () => this.rewriteNow<T>(collection, id, options, () => doc));
  }

  /** See `ByIdOperations.remove`. */
  remove(collection: string, id: string, options?: WriteOptions): Promise<Result<void, AppError>> {
    return this.later('remove', () => this.removeNow(collection, id, options));
  }

  /** See `Store.query`: keyset pagination, `_id` the final tiebreak. */
  query<T extends object = DocBody>(collection: string, query?: Query): Promise<Page<T>> {
    return this.later('query', () => {
      const plan = planQuery(this.spec(collection), query);
      const want = plan.limit + 1; // one more than a page tells whether another page follows
      const rows: Row[] = [];
      for (const statement of pageStatements(collection, plan)) {
        if (rows.length >= want) break;
        const found = this.prepare(statement.sql).all(
          ...statement.params,
          want - rows.length,
        ) as Row[];
        rows.push(...found);
      }
      const pageRows = rows.slice(0, plan.limit);
      const docs = pageRows.map((r) => withMeta<T>(r.id, r.version, JSON.parse(r.doc) as Body));
      const last = pageRows[pageRows.length - 1];
      const nextCursor =
        rows.length > plan.limit && last !== undefined
          ? encodeCursor(collection, query, {
              value:
                plan.order.path === ID_PATH
                  ? last.id
                  : ((last.k ?? null) as string | number | null),
              id: last.id,
            })
          : null;
      return { docs, nextCursor };
    });
  }

  /** See `Store.count`. */
  count(collection: string, where?: Where): Promise<number> {
    return this.later('count', () => {
      const plan = planCount(this.spec(collection), where);
      const { where: terms, params } = termsSql(plan.terms);
      const sql =
        `SELECT count(*) AS n FROM ${quote(collection)}` +
        (terms.length > 0 ? ` WHERE ${terms.join(' AND ')}` : '');
      return (this.prepare(sql).get(...params) as { n: number }).n;
    });
  }

  /**
   * See `Store.transaction`. BEGIN IMMEDIATE takes the write lock up front, so the callback never
   * fails half-way for want of it; Ok commits, Err or a throw rolls back.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<Result<T, AppError>>): Promise<Result<T, AppError>> {
    return this.later('transaction', () => this.runTransaction(fn));
  }

  private async runTransaction<T>(
    fn: (tx: StoreTx) => Promise<Result<T, AppError>>,
  ): Promise<Result<T, AppError>> {
    const context: TxContext = { open: true };
    const tx = this.txHandle(context);
    this.db.exec('BEGIN IMMEDIATE');
    let result: Result<T, AppError>;
    try {
      result = await this.txScope.run(context, () => fn(tx));
      if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') {
        throw new StoreUsageError('a transaction callback must return a Result (ok/err)');
      }
    } catch (e) {
      context.open = false;
      this.rollback();
      throw e;
    }
    context.open = false;
    if (!result.ok) {
      this.rollback();
      return result;
    }
    try {
      this.db.exec('COMMIT');
    } catch (e) {
      this.rollback();
      throw e;
    }
    return result;
  }

  private rollback(): void {
    // SQLite may already have rolled back on its own (e.g. disk full).
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  private txHandle(context: TxContext): StoreTx {
    const run = <R>(operation: string, fn: () => R): Promise<R> => {
      if (!context.open) {
        return Promise.reject(
          new StoreUsageError(
            `tx.${operation} after its transaction ended (an un-awaited promise?)`,
          ),
        );
      }
      try {
        return Promise.resolve(guarded(fn));
      } catch (e) {
        return Promise.reject(e);
      }
    };
    return {
      get: <T extends object = DocBody>(collection: string, id: string) =>
        run('get', () => this.getNow<T>(collection, id)),
      insert: <T extends object = DocBody>(collection: string, doc: NewDoc<T>) =>
        run('insert', () => this.insertNow<T>(collection, doc)),
      update: <T extends object = DocBody>(
        collection: string,
        id: string,
        patch: DocPatch<T>,
        options?: WriteOptions,
      ) =>
        run('update', () =>
          this.rewriteNow<T>(collection, id, options, (stored) =>
            mergePatch(collection, id, stored, patch),
          ),
        ),
      replace: <T extends object = DocBody>(
        collection: string,
        id: string,
        doc: T,
        options?: WriteOptions,
      ) => run('replace', () => this.rewriteNow<T>(collection, id, options, () => doc)),
      remove: (collection: string, id: string, options?: WriteOptions) =>
        run('remove', () => this.removeNow(collection, id, options)),
    };
  }

  // ---- SQLite only ----

  /**
   * EXPLAIN QUERY PLAN rows of the statements `query` would run for this page (keyset
   * pagination may take up to three index seeks), in order.
   */
  explainQuery(collection: string, query?: Query): ExplainRow[] {
    if (this.closed) throw new StoreUsageError('explainQuery after close()');
    const plan = planQuery(this.spec(collection), query);
    return pageStatements(collection, plan).flatMap(
      (s) =>
        this.db
          .prepare(`EXPLAIN QUERY PLAN ${s.sql}`)
          .all(...s.params, plan.limit + 1) as ExplainRow[],
    );
  }

  /** The journal mode, synchronous level and busy timeout in force on this connection. */
  pragmas(): SqlitePragmas {
    if (this.closed) throw new StoreUsageError('pragmas after close()');
    const sync = this.db.pragma('synchronous', { simple: true }) as number;
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: SYNCHRONOUS_NAMES[sync] ?? 'FULL',
      busyTimeoutMs: Number(this.db.pragma('busy_timeout', { simple: true })),
    };
  }

  /**
   * `PRAGMA quick_check` (or the slower, thorough `integrity_check`): the problems it found,
   * none when the file is sound. Waits behind any open transaction.
   */
  checkFile(thorough = false): Promise<string[]> {
    return this.later('checkFile', () => {
      const rows = this.db.pragma(thorough ? 'integrity_check' : 'quick_check') as Record<
        string,
        string
      >[];
      const found = rows.map((r) => String(Object.values(r)[0]));
      return found.length === 1 && found[0] === 'ok' ? [] : found;
    });
  }

  /**
   * Commits one tiny write (a row in a table of its own, outside the declared collections),
   * so a health check knows writes reach the disk right now. Throws StorageUnavailableError
   * when they do not.
   */
  probeWrite(at: string): Promise<void> {
    return this.later('probeWrite', () => {
      this.db.exec('CREATE TABLE IF NOT EXISTS _health_probe (id INTEGER PRIMARY KEY, at TEXT)');
      this.db
        .transaction(() => {
          this.db.prepare('INSERT OR REPLACE INTO _health_probe (id, at) VALUES (1, ?)').run(at);
        })
        .immediate();
    });
  }

  /** Waits for queued operations (an open transaction included), then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.drain();
    this.statements.clear();
    this.db.close();
  }
}

function checkIfVersion(collection: string, options: WriteOptions | undefined): void {
  const v = options?.ifVersion;
  if (v !== undefined && !(Number.isInteger(v) && v >= 1)) {
    throw new StoreUsageError(
      `${collection}: ifVersion must be a positive integer, got ${String(v)}`,
    );
  }
}

/** Opens (creating if needed) a SQLite store and its declared tables and indexes. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}
