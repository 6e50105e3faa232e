/**
 * The SQLite adapter: the port's contract (in memory and on a file), then what only SQLite has —
 * the declared indexes really serve their queries, the file keeps data and indexes across
 * reopening, pragmas, and the guards around async transactions.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ok } from '../../shared/kernel/result';
import { COLLECTIONS } from '../../functions/store/collections';
import { encodeCursor } from '../../functions/store/store.cursor';
import { defineCollection } from '../../functions/store/store.declare';
import { StoreUsageError } from '../../functions/store/store.port';
import type { CollectionSpec, IndexSpec, Query } from '../../functions/store/store.port';
import { openSqliteStore } from '../../functions/store/sqlite.store';
import type { ExplainRow, SqliteStore } from '../../functions/store/sqlite.store';
import { describeStoreContract } from './store.contract';

const tempDirs: string[] = [];

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hehe-store-'));
  tempDirs.push(dir);
  return join(dir, 'nested', 'store.db');
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describeStoreContract('SQLite in memory', async (collections) => {
  const store = openSqliteStore({ path: ':memory:', collections });
  return { store, cleanup: () => store.close() };
});

describeStoreContract('SQLite file, synchronous NORMAL', async (collections) => {
  const path = tempFile();
  const store = openSqliteStore({ path, collections, synchronous: 'NORMAL' });
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(path, { force: true });
    },
  };
});

/** SEARCH/SCAN rows of a plan: the table accesses. */
const accesses = (plan: readonly ExplainRow[]): string[] =>
  plan.map((r) => r.detail).filter((d) => /^(SEARCH|SCAN)\b/.test(d));

const usesIndex = (name: string) => new RegExp(`USING (COVERING )?INDEX ${name}\\b`);

/** A query on exactly an index's fields: equality on all but the last, which is sorted on. */
function queryFor(index: IndexSpec, extra: Partial<Query> = {}): Query {
  const fields = index.fields.map((f) => f.path);
  const last = fields[fields.length - 1] as string;
  const where = Object.fromEntries(fields.slice(0, -1).map((path) => [path, 'x']));
  return { where, orderBy: { path: last, order: 'asc' }, limit: 20, ...extra };
}

describe('SQLite declared indexes', () => {
  let store: SqliteStore;

  beforeAll(() => {
    store = openSqliteStore({ path: ':memory:' });
  });

  afterAll(async () => {
    await store.close();
  });

  const cases = COLLECTIONS.flatMap((c) =>
    c.indexes.map((index) => [c.name, index.name, index] as const),
  );

  it.each(cases)(
    '%s: a query on the fields of %s is served by that index, without a sort',
    (collection, name, index) => {
      for (const order of ['asc', 'desc'] as const) {
        const query = queryFor(index, {
          orderBy: { path: index.fields[index.fields.length - 1]?.path ?? '', order },
        });
        const rows = accesses(store.explainQuery(collection, query));
        expect(rows.length).toBeGreaterThan(0);
        for (const row of rows) expect(row).toMatch(usesIndex(name));
        const details = store.explainQuery(collection, query).map((r) => r.detail);
        expect(details.join('\n')).not.toMatch(/TEMP B-TREE/);
      }
    },
  );

  it.each(cases)(
    '%s: every keyset page of %s (range and cursor) reads that index',
    (collection, name, index) => {
      const lastPath = index.fields[index.fields.length - 1]?.path ?? '';
      for (const order of ['asc', 'desc'] as const) {
        const base = queryFor(index, { orderBy: { path: lastPath, order } });
        const ranged: Query = {
          ...base,
          where: { ...base.where, [lastPath]: { gte: 'a', lt: 'z' } },
        };
        for (const value of ['m', null]) {
          const query = { ...base, cursor: encodeCursor(collection, base, { value, id: 'id-1' }) };
          for (const row of accesses(store.explainQuery(collection, query))) {
            // SEARCH seeks; a SCAN here walks the index in order and stops at the limit.
            expect(row).toMatch(usesIndex(name));
          }
        }
        const rangedWithCursor = {
          ...ranged,
          cursor: encodeCursor(collection, ranged, { value: 'm', id: 'id-1' }),
        };
        for (const row of accesses(store.explainQuery(collection, rangedWithCursor))) {
          expect(row).toMatch(usesIndex(name));
        }
      }
    },
  );

  it('serves _id queries and plain listings from the primary key', () => {
    for (const query of [
      {},
      { where: { _id: { in: ['a', 'b'] } } },
      { where: { _id: { gt: 'a' } } },
    ]) {
      for (const row of accesses(store.explainQuery('concerns', query))) {
        expect(row).toMatch(
          /USING (COVERING )?INDEX sqlite_autoindex_concerns_1|USING PRIMARY KEY/,
        );
      }
    }
  });

  it('creates every declared index at start-up', () => {
    const path = tempFile();
    const opened = openSqliteStore({ path });
    const db = new Database(path, { readonly: true });
    try {
      const names = new Set(
        db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'index'")
          .all()
          .map((r) => (r as { name: string }).name),
      );
      for (const [, name] of cases) expect(names.has(name)).toBe(true);
    } finally {
      db.close();
    }
    return opened.close();
  });
});

describe('SQLite file', () => {
  const specs: CollectionSpec[] = [defineCollection('notes', ['townId', 'at'], ['author'])];

  it('keeps documents and versions across close and reopen', async () => {
    const path = tempFile();
    const first = openSqliteStore({ path, collections: specs });
    expect(
      (await first.insert('notes', { _id: 'n1', townId: 't1', at: '2025-01-01', text: '调解成功' }))
        .ok,
    ).toBe(true);
    expect((await first.update('notes', 'n1', { at: '2025-01-02' })).ok).toBe(true);
    await first.close();
    const second = openSqliteStore({ path, collections: specs });
    expect(await second.get('notes', 'n1')).toEqual({
      _id: 'n1',
      _version: 2,
      townId: 't1',
      at: '2025-01-02',
      text: '调解成功',
    });
    const page = await second.query('notes', {
      where: { townId: 't1' },
      orderBy: { path: 'at', order: 'asc' },
    });
    expect(page.docs.map((d) => d._id)).toEqual(['n1']);
    await second.close();
  });

  it('keeps its indexes across reopening, and they still serve queries', async () => {
    const path = tempFile();
    await openSqliteStore({ path, collections: specs }).close();
    const reopened = openSqliteStore({ path, collections: specs });
    const rows = accesses(
      reopened.explainQuery('notes', {
        where: { townId: 't' },
        orderBy: { path: 'at', order: 'asc' },
      }),
    );
    for (const row of rows) expect(row).toMatch(usesIndex('notes_by_townId_at'));
    await reopened.close();
    const db = new Database(path, { readonly: true });
    const names = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notes' AND sql IS NOT NULL",
      )
      .all()
      .map((r) => (r as { name: string }).name)
      .sort();
    db.close();
    expect(names).toEqual(['notes_by_author', 'notes_by_townId_at']);
  });

  it('drops an index no longer declared and rebuilds one whose definition changed, keeping every row', async () => {
    const path = tempFile();
    const before = openSqliteStore({ path, collections: specs });
    expect((await before.insert('notes', { _id: 'n1', townId: 't1', author: 'a' })).ok).toBe(true);
    await before.close();
    const changed: CollectionSpec[] = [
      {
        name: 'notes',
        indexes: [
          {
            name: 'notes_by_townId_at',
            fields: [
              { path: 'townId', order: 'asc' },
              { path: 'at', order: 'desc' },
            ],
          },
        ],
      },
    ];
    const after = openSqliteStore({ path, collections: changed });
    await after.close();
    const db = new Database(path, { readonly: true });
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notes' AND sql IS NOT NULL",
      )
      .all() as { name: string; sql: string }[];
    const rows = db.prepare('SELECT count(*) AS n FROM notes').get() as { n: number };
    db.close();
    expect(indexes.map((i) => i.name)).toEqual(['notes_by_townId_at']);
    expect(indexes[0]?.sql).toMatch(/DESC/);
    expect(rows.n).toBe(1);
  });

  it('keeps the table of a collection no longer declared', async () => {
    const path = tempFile();
    const before = openSqliteStore({ path, collections: specs });
    expect((await before.insert('notes', { _id: 'n1' })).ok).toBe(true);
    await before.close();
    await openSqliteStore({ path, collections: [defineCollection('other')] }).close();
    const again = openSqliteStore({ path, collections: specs });
    expect(await again.get('notes', 'n1')).not.toBeNull();
    await again.close();
  });

  it('runs in WAL with synchronous FULL by default, NORMAL on request, and the busy timeout given', async () => {
    const full = openSqliteStore({ path: tempFile(), collections: specs });
    expect(full.pragmas()).toEqual({
      journalMode: 'wal',
      synchronous: 'FULL',
      busyTimeoutMs: 5000,
    });
    await full.close();
    const normal = openSqliteStore({
      path: tempFile(),
      collections: specs,
      synchronous: 'NORMAL',
      busyTimeoutMs: 250,
    });
    expect(normal.pragmas()).toEqual({
      journalMode: 'wal',
      synchronous: 'NORMAL',
      busyTimeoutMs: 250,
    });
    await normal.close();
  });

  it('refuses a file that is not a SQLite database, leaving it as it was', () => {
    const path = tempFile();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, "not a database, but somebody's notes ".repeat(200));
    expect(() => openSqliteStore({ path, collections: specs })).toThrow(/not a database/);
    expect(readFileSync(path, 'utf8')).toMatch(/^not a database/);
  });

  it('refuses unsound declarations before opening', () => {
    const path = tempFile();
    expect(() =>
      openSqliteStore({ path, collections: [defineCollection('notes', ['a'], ['a', 'b'])] }),
    ).toThrow(StoreUsageError);
  });
});

describe('SQLite transactions', () => {
  let store: SqliteStore;
  const specs = [defineCollection('items', ['group', 'rank'])];

  beforeEach(() => {
    store = openSqliteStore({ path: ':memory:', collections: specs });
  });

  afterEach(async () => {
    await store.close();
  });

  it('throws when the callback calls the store instead of tx, and rolls back', async () => {
    await expect(
      store.transaction(async (tx) => {
        await tx.insert('items', { _id: 'a' });
        await store.get('items', 'a');
        return ok(null);
      }),
    ).rejects.toThrow(/inside a transaction callback/);
    await expect(
      store.transaction(async () => {
        await store.query('items');
        return ok(null);
      }),
    ).rejects.toThrow(StoreUsageError);
    expect(await store.get('items', 'a')).toBeNull();
  });

  it('refuses a nested transaction', async () => {
    await expect(
      store.transaction(async () => store.transaction(async () => ok(1))),
    ).rejects.toThrow(StoreUsageError);
  });

  it('refuses a tx used after its transaction ended', async () => {
    let leaked: Parameters<Parameters<SqliteStore['transaction']>[0]>[0] | undefined;
    await store.transaction(async (tx) => {
      leaked = tx;
      return ok(null);
    });
    await expect(leaked?.insert('items', { _id: 'late' })).rejects.toThrow(
      /after its transaction ended/,
    );
    expect(await store.get('items', 'late')).toBeNull();
  });

  it('rolls back and throws when the callback returns something other than a Result', async () => {
    await expect(
      store.transaction((async (tx: Parameters<Parameters<SqliteStore['transaction']>[0]>[0]) => {
        await tx.insert('items', { _id: 'a' });
        return 'done';
      }) as unknown as Parameters<SqliteStore['transaction']>[0]),
    ).rejects.toThrow(/must return a Result/);
    expect(await store.get('items', 'a')).toBeNull();
  });

  it('lets the store be used from a callback after its transaction ended', async () => {
    let later: Promise<unknown> = Promise.resolve();
    await store.transaction(async () => {
      later = new Promise((resolve) => setTimeout(resolve, 5)).then(() =>
        store.insert('items', { _id: 'after' }),
      );
      return ok(null);
    });
    await later;
    expect(await store.get('items', 'after')).not.toBeNull();
  });

  it('makes work issued during a transaction wait for it, in order', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transaction = store.transaction(async (tx) => {
      await tx.insert('items', { _id: 'a', n: 1 });
      await gate;
      events.push('tx done');
      return ok(null);
    });
    await new Promise((resolve) => setImmediate(resolve));
    const read = store.get<{ n: number }>('items', 'a').then((doc) => {
      events.push(`read ${doc?.n}`);
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(events).toEqual([]);
    release();
    await Promise.all([transaction, read]);
    expect(events).toEqual(['tx done', 'read 1']);
  });

  it('closes after an open transaction finishes and refuses work afterwards', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transaction = store.transaction(async (tx) => {
      await gate;
      return tx.insert('items', { _id: 'a' });
    });
    await new Promise((resolve) => setImmediate(resolve));
    const closing = store.close();
    await expect(store.get('items', 'a')).rejects.toThrow(/after close/);
    release();
    expect((await transaction).ok).toBe(true);
    await closing;
    await store.close(); // idempotent
    expect(() => store.explainQuery('items')).toThrow(/after close/);
    expect(() => store.pragmas()).toThrow(/after close/);
  });
});
