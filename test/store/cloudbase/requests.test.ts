/**
 * The exact requests the CloudBase store makes node-sdk send (recorded at the SDK's transport, see
 * recorder.ts), what it does with the answers — races, conflicts, SDK errors — and the index
 * declarations it hands the deployment.
 */
import { ok } from '../../../shared/kernel/result';
import { COLLECTIONS } from '../../../functions/store/collections';
import { createCloudbaseStore, toCloudbaseIndexes } from '../../../functions/store/cloudbase.store';
import type { TransactionRetry } from '../../../functions/store/cloudbase.store';
import { defineCollection } from '../../../functions/store/store.declare';
import { MAX_DOC_BYTES, StoreUsageError } from '../../../functions/store/store.port';
import type { IndexSpec, Query, Store, StoreTx } from '../../../functions/store/store.port';
import { FakeCloudbaseDatabase } from './fake-database';
import type { SentRequest } from './fake-database';
import { decodeEjson } from './mongo';
import { connectSdkTo } from './recorder';

const SPECS = [
  defineCollection('notes', ['townId', 'at'], ['townId', 'status', 'dueAt']),
  defineCollection('counters'),
];

const NO_WAIT: TransactionRetry = { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 };

function open(transactionRetry?: TransactionRetry): {
  fake: FakeCloudbaseDatabase;
  store: Store;
  /** The requests `act` made the SDK send. */
  sent: (act: () => Promise<unknown>) => Promise<SentRequest[]>;
} {
  const fake = new FakeCloudbaseDatabase(SPECS.map((s) => s.name));
  const store = createCloudbaseStore(connectSdkTo(fake).db, {
    collections: SPECS,
    ...(transactionRetry === undefined ? {} : { transactionRetry }),
  });
  const sent = async (act: () => Promise<unknown>): Promise<SentRequest[]> => {
    const from = fake.requests.length;
    await act();
    return fake.requests.slice(from);
  };
  return { fake, store, sent };
}

const actions = (requests: readonly SentRequest[]): string[] => requests.map((r) => r.action);

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`expected Ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('CloudBase store: by-id requests', () => {
  it('inserts with one insertDocument carrying the caller’s _id and _version 1, numbers typed as the SDK types them', async () => {
    const { store, sent } = open();
    const requests = await sent(() =>
      store.insert('notes', {
        _id: 'n1',
        _version: 9,
        townId: 't1',
        title: '院墙漏水',
        count: 3,
        ratio: 0.5,
        tags: ['噪音'],
        party: { name: '张三' },
        note: null,
      }),
    );
    expect(requests).toEqual([
      {
        action: 'database.insertDocument',
        collectionName: 'notes',
        data: [
          '{"_id":"n1","_version":{"$numberInt":"1"},"townId":"t1","title":"院墙漏水",' +
            '"count":{"$numberInt":"3"},"ratio":{"$numberDouble":"0.5"},"tags":["噪音"],' +
            '"party":{"name":"张三"},"note":null}',
        ],
      },
    ]);
  });

  it('maps DATABASE_DUPLICATE_WRITE of a second insert to CONFLICT, after that one request', async () => {
    const { store, sent } = open();
    unwrap(await store.insert('notes', { _id: 'seat-1', holder: 'a' }));
    let result: Awaited<ReturnType<Store['insert']>> | undefined;
    const requests = await sent(async () => {
      result = await store.insert('notes', { _id: 'seat-1', holder: 'b' });
    });
    expect(actions(requests)).toEqual(['database.insertDocument']);
    expect(result?.ok === false && result.error.code).toBe('CONFLICT');
  });

  it('gets by id with a DOC getDocument', async () => {
    const { store, sent } = open();
    expect(await sent(() => store.get('notes', 'n1'))).toEqual([
      {
        action: 'database.getDocument',
        collectionName: 'notes',
        query: '{"_id":"n1"}',
        queryType: 'DOC',
        multi: false,
      },
    ]);
  });

  it('updates by reading, then modifying where _id and the version read match, one document, fields under $set/$unset', async () => {
    const { store, sent } = open();
    unwrap(
      await store.insert('notes', {
        _id: 'n1',
        status: 'new',
        title: 't',
        party: { name: 'a', x: 1 },
      }),
    );
    const requests = await sent(() =>
      store.update('notes', 'n1', { status: 'assigned', party: { name: 'b' }, title: undefined }),
    );
    expect(requests).toEqual([
      {
        action: 'database.getDocument',
        collectionName: 'notes',
        query: '{"_id":"n1"}',
        queryType: 'DOC',
        multi: false,
      },
      {
        action: 'database.modifyDocument',
        collectionName: 'notes',
        queryType: 'WHERE',
        query: '{"_id":"n1","_version":{"$numberInt":"1"}}',
        multi: false,
        merge: true,
        upsert: false,
        data:
          '{"$set":{"status":"assigned","party":{"name":"b"},"_version":{"$numberInt":"2"}},' +
          '"$unset":{"title":""}}',
      },
    ]);
  });

  it('replaces by $set of every new field and $unset of every stored field the new document lacks', async () => {
    const { store, sent } = open();
    unwrap(await store.insert('notes', { _id: 'n1', a: 1, b: 2 }));
    const requests = await sent(() => store.replace('notes', 'n1', { b: 3, c: { d: [] } }));
    expect(requests[1]).toMatchObject({
      action: 'database.modifyDocument',
      query: '{"_id":"n1","_version":{"$numberInt":"1"}}',
      multi: false,
      data:
        '{"$unset":{"a":""},"$set":{"b":{"$numberInt":"3"},"c":{"d":[]},' +
        '"_version":{"$numberInt":"2"}}}',
    });
  });

  it('removes by id with a DOC removeDocument, and with ifVersion by _id and _version, one document', async () => {
    const { store, sent } = open();
    unwrap(await store.insert('notes', { _id: 'n1' }));
    unwrap(await store.insert('notes', { _id: 'n2' }));
    expect(await sent(() => store.remove('notes', 'n1'))).toEqual([
      {
        action: 'database.removeDocument',
        collectionName: 'notes',
        query: '{"_id":"n1"}',
        queryType: 'DOC',
        multi: false,
      },
    ]);
    expect(await sent(() => store.remove('notes', 'n2', { ifVersion: 1 }))).toEqual([
      {
        action: 'database.removeDocument',
        collectionName: 'notes',
        query: '{"_id":"n2","_version":{"$numberInt":"1"}}',
        queryType: 'WHERE',
        multi: false,
      },
    ]);
  });

  it('sends nothing for input the port refuses', async () => {
    const { store, sent } = open();
    const requests = await sent(async () => {
      const refused = [
        store.insert('notes', { _id: 'big', text: 'x'.repeat(MAX_DOC_BYTES) }),
        store.insert('notes', { _id: 'x', at: new Date() }),
        store.insert('undeclared', { _id: 'x' }),
        store.get('notes', ''),
        store.update('notes', 'n1', { a: 1 }, { ifVersion: 0 }),
        store.query('notes', { where: { status: 'new' } }),
        store.count('notes', { unindexed: 1 }),
      ];
      for (const attempt of refused) await expect(attempt).rejects.toThrow(StoreUsageError);
    });
    expect(requests).toEqual([]);
  });
});

describe('CloudBase store: writes that race another writer', () => {
  /** Before the first modifyDocument is handled, another client bumps n1 to version 2. */
  function raceFirstWrite(fake: FakeCloudbaseDatabase): void {
    const stop = fake.intercept((request) => {
      if (request.action !== 'database.modifyDocument') return undefined;
      stop();
      fake.put('notes', 'n1', { _id: 'n1', _version: 2, status: 'assigned', other: 'kept' });
      return undefined;
    });
  }

  it('with ifVersion, answers CONFLICT after the conditional write matched nothing, writing nothing more', async () => {
    const { fake, store, sent } = open();
    unwrap(await store.insert('notes', { _id: 'n1', status: 'new' }));
    raceFirstWrite(fake);
    let result: Awaited<ReturnType<Store['update']>> | undefined;
    const requests = await sent(async () => {
      result = await store.update('notes', 'n1', { status: 'rejected' }, { ifVersion: 1 });
    });
    expect(actions(requests)).toEqual([
      'database.getDocument',
      'database.modifyDocument',
      'database.getDocument',
    ]);
    expect(result?.ok === false && result.error).toMatchObject({
      code: 'CONFLICT',
      details: { expectedVersion: 1, actualVersion: 2 },
    });
    expect(fake.committed('notes')).toEqual([
      { _id: 'n1', _version: 2, status: 'assigned', other: 'kept' },
    ]);
  });

  it('without ifVersion, applies the patch again on the new version, so neither write is lost', async () => {
    const { fake, store, sent } = open();
    unwrap(await store.insert('notes', { _id: 'n1', status: 'new' }));
    raceFirstWrite(fake);
    let result: Awaited<ReturnType<Store['update']>> | undefined;
    const requests = await sent(async () => {
      result = await store.update('notes', 'n1', { note: '已回访' });
    });
    const writes = requests.filter((r) => r.action === 'database.modifyDocument');
    expect(writes.map((w) => w.query)).toEqual([
      '{"_id":"n1","_version":{"$numberInt":"1"}}',
      '{"_id":"n1","_version":{"$numberInt":"2"}}',
    ]);
    const expected = { _id: 'n1', _version: 3, status: 'assigned', other: 'kept', note: '已回访' };
    expect(result).toEqual(ok(expected));
    expect(fake.committed('notes')).toEqual([expected]);
  });

  it('answers NOT_FOUND when the document was removed between the read and the write', async () => {
    const { fake, store } = open();
    unwrap(await store.insert('notes', { _id: 'n1' }));
    const stop = fake.intercept((request) => {
      if (request.action !== 'database.modifyDocument') return undefined;
      stop();
      fake.put('notes', 'n1', null);
      return undefined;
    });
    const result = await store.update('notes', 'n1', { a: 1 });
    expect(result.ok === false && result.error.code).toBe('NOT_FOUND');
    expect(fake.committed('notes')).toEqual([]);
  });

  it('lets SDK errors other than duplicates and conflicts through unchanged', async () => {
    const { fake, store } = open();
    fake.intercept((request) =>
      request.action === 'database.getDocument'
        ? { requestId: 'r1', code: 'DATABASE_PERMISSION_DENIED', message: 'permission denied' }
        : undefined,
    );
    await expect(store.get('notes', 'n1')).rejects.toMatchObject({
      code: 'DATABASE_PERMISSION_DENIED',
    });
  });
});

describe('CloudBase store: query requests', () => {
  async function seed(store: Store, docs: readonly Record<string, unknown>[]): Promise<void> {
    for (const doc of docs) unwrap(await store.insert('notes', doc as { _id: string }));
  }

  it('asks for one more than the page, ordered by the field then _id, and pages after the cursor by keyset', async () => {
    const { store, sent } = open();
    await seed(store, [
      { _id: 'n1', townId: 't1', at: '2025-01-01' },
      { _id: 'n2', townId: 't1', at: '2025-01-02' },
      { _id: 'n3', townId: 't1', at: '2025-01-02' },
    ]);
    const query: Query = {
      where: { townId: 't1', at: { gte: '2025-01-01' } },
      orderBy: { path: 'at', order: 'asc' },
      limit: 2,
    };
    let cursor: string | null = null;
    const first = await sent(async () => {
      cursor = (await store.query('notes', query)).nextCursor;
    });
    expect(first).toEqual([
      {
        action: 'database.getDocument',
        collectionName: 'notes',
        queryType: 'WHERE',
        query: '{"townId":"t1","at":{"$gte":"2025-01-01"}}',
        order: '{"at":{"$numberInt":"1"},"_id":{"$numberInt":"1"}}',
        limit: 3,
      },
    ]);
    const base = '{"townId":"t1","at":{"$gte":"2025-01-01"}}';
    const second = await sent(() => store.query('notes', { ...query, cursor }));
    expect(second).toEqual([
      {
        action: 'database.getDocument',
        collectionName: 'notes',
        queryType: 'WHERE',
        query:
          `{"$or":[{"$and":[${base},{"at":"2025-01-02","_id":{"$gt":"n2"}}]},` +
          `{"$and":[${base},{"at":{"$gt":"2025-01-02"}}]}]}`,
        order: '{"at":{"$numberInt":"1"},"_id":{"$numberInt":"1"}}',
        limit: 3,
      },
    ]);
  });

  it('pages descending into the null block after the values', async () => {
    const { store, sent } = open();
    await seed(store, [
      { _id: 'n1', townId: 't1', at: '2025-01-01' },
      { _id: 'n2', townId: 't1' },
    ]);
    const query: Query = {
      where: { townId: 't1' },
      orderBy: { path: 'at', order: 'desc' },
      limit: 1,
    };
    const first = await store.query('notes', query);
    expect(first.docs.map((d) => d._id)).toEqual(['n1']);
    let ids: string[] = [];
    const requests = await sent(async () => {
      ids = (await store.query('notes', { ...query, cursor: first.nextCursor })).docs.map(
        (d) => d._id,
      );
    });
    expect(ids).toEqual(['n2']);
    const where = decodeEjson(String(requests[0]?.query));
    expect(where).toEqual({
      $or: [
        { $and: [{ townId: 't1' }, { at: '2025-01-01', _id: { $lt: 'n1' } }] },
        { $and: [{ townId: 't1' }, { at: { $lt: '2025-01-01' } }] },
        { $and: [{ townId: 't1' }, { at: null }] },
      ],
    });
    expect(requests[0]?.order).toBe('{"at":{"$numberInt":"-1"},"_id":{"$numberInt":"-1"}}');
  });

  it('fetches 1000 at the maximum page size and probes with limit 1 for whether a page follows', async () => {
    const { fake, store, sent } = open();
    for (let i = 0; i < 1001; i += 1) {
      const id = `n${String(i).padStart(4, '0')}`;
      fake.put('notes', id, { _id: id, _version: 1, townId: 't1' });
    }
    let page: Awaited<ReturnType<Store['query']>> | undefined;
    const requests = await sent(async () => {
      page = await store.query('notes', { where: { townId: 't1' }, limit: 1000 });
    });
    expect(requests.map((r) => r.limit)).toEqual([1000, 1]);
    expect(decodeEjson(String(requests[1]?.query))).toEqual({
      $and: [{ townId: 't1' }, { _id: { $gt: 'n0999' } }],
    });
    expect(page?.docs).toHaveLength(1000);
    expect(page?.nextCursor).not.toBeNull();
    fake.put('notes', 'n1000', null);
    const exact = await store.query('notes', { where: { townId: 't1' }, limit: 1000 });
    expect(exact.nextCursor).toBeNull();
  });

  it('counts with calculateDocument under the same where, and without one for the whole collection', async () => {
    const { store, sent } = open();
    await seed(store, [{ _id: 'n1', townId: 't1', status: 'open' }]);
    const requests = await sent(async () => {
      expect(
        await store.count('notes', { townId: 't1', status: { in: ['open', 'assigned'] } }),
      ).toBe(1);
      expect(await store.count('notes')).toBe(1);
    });
    expect(requests).toEqual([
      {
        action: 'database.calculateDocument',
        collectionName: 'notes',
        queryType: 'WHERE',
        query: '{"townId":"t1","status":{"$in":["open","assigned"]}}',
      },
      { action: 'database.calculateDocument', collectionName: 'notes', queryType: 'WHERE' },
    ]);
  });

  it('refuses to page on a field holding booleans, which a cursor cannot carry', async () => {
    const { store } = open();
    await seed(store, [
      { _id: 'n1', townId: 't1', at: true },
      { _id: 'n2', townId: 't1', at: false },
    ]);
    await expect(
      store.query('notes', {
        where: { townId: 't1' },
        orderBy: { path: 'at', order: 'asc' },
        limit: 1,
      }),
    ).rejects.toThrow(/string or number/);
  });
});

describe('CloudBase store: transaction requests', () => {
  /** The committed counter, as another client would read it. */
  function counterIn(fake: FakeCloudbaseDatabase): { _version: number; n: number } {
    const [counter] = fake.committed('counters');
    if (counter === undefined) throw new Error('no counter');
    return counter as unknown as { _version: number; n: number };
  }

  async function seedCounter(store: Store): Promise<void> {
    unwrap(await store.insert('counters', { _id: 'c', n: 0 }));
  }

  const increment = (tx: StoreTx) =>
    tx
      .get<{ n: number }>('counters', 'c')
      .then((counter) =>
        tx.update(
          'counters',
          'c',
          { n: (counter?.n ?? 0) + 1 },
          { ifVersion: counter?._version ?? 0 },
        ),
      );

  it('starts, reads and writes by id carrying the transaction id, then commits', async () => {
    const { store, sent } = open();
    await seedCounter(store);
    const requests = await sent(() => store.transaction(increment));
    expect(actions(requests)).toEqual([
      'database.startTransaction',
      'database.getDocument',
      'database.getDocument',
      'database.modifyDocument',
      'database.commitTransaction',
    ]);
    const transactionId = requests[4]?.transactionId;
    expect(typeof transactionId).toBe('string');
    for (const request of requests.slice(1)) expect(request.transactionId).toBe(transactionId);
    expect(requests[3]).toEqual({
      action: 'database.modifyDocument',
      collectionName: 'counters',
      transactionId,
      query: '{"_id":"c"}',
      queryType: 'DOC',
      multi: false,
      merge: true,
      upsert: false,
      data: '{"$set":{"n":{"$numberInt":"1"},"_version":{"$numberInt":"2"}}}',
    });
  });

  it('aborts instead of committing when the callback returns an Err', async () => {
    const { fake, store, sent } = open();
    await seedCounter(store);
    const requests = await sent(() =>
      store.transaction(async (tx) => {
        unwrap(await increment(tx));
        return tx.insert('counters', { _id: 'c' });
      }),
    );
    expect(actions(requests)).toEqual([
      'database.startTransaction',
      'database.getDocument',
      'database.getDocument',
      'database.modifyDocument',
      // The existing id is found by a read: a failed insert would abort the transaction itself.
      'database.getDocument',
      'database.abortTransaction',
    ]);
    expect(actions(requests)).not.toContain('database.insertDocument');
    expect(actions(requests)).not.toContain('database.commitTransaction');
    expect(fake.committed('counters')).toEqual([{ _id: 'c', _version: 1, n: 0 }]);
  });

  it('retries a conflicting transaction — the SDK at once, then the store — and succeeds on fresh reads', async () => {
    const { fake, store, sent } = open(NO_WAIT);
    await seedCounter(store);
    let conflicts = 0;
    fake.intercept((request) => {
      if (request.action !== 'database.modifyDocument' || conflicts >= 5) return undefined;
      // Another client increments the counter just before this transaction writes it.
      conflicts += 1;
      const current = counterIn(fake);
      fake.put('counters', 'c', { _id: 'c', _version: current._version + 1, n: current.n + 1 });
      return undefined;
    });
    let result: Awaited<ReturnType<Store['transaction']>> | undefined;
    const requests = await sent(async () => {
      result = await store.transaction(increment);
    });
    // 4 tries per runTransaction (1 + the SDK's 3), the 6th try — the store's second run — wins.
    expect(actions(requests).filter((a) => a === 'database.startTransaction')).toHaveLength(6);
    expect(actions(requests).filter((a) => a === 'database.commitTransaction')).toHaveLength(1);
    expect(result?.ok).toBe(true);
    expect(fake.committed('counters')).toEqual([{ _id: 'c', _version: 7, n: 6 }]);
    expect(fake.openTransactions()).toEqual([]);
  });

  it('answers CONFLICT, in Chinese, when every run of the transaction conflicts', async () => {
    const { fake, store } = open(NO_WAIT);
    await seedCounter(store);
    fake.intercept((request) => {
      if (request.action !== 'database.modifyDocument') return undefined;
      const current = counterIn(fake);
      fake.put('counters', 'c', { ...current, _id: 'c', _version: current._version + 1 });
      return undefined;
    });
    const result = await store.transaction(increment);
    expect(result.ok === false && result.error.code).toBe('CONFLICT');
    expect(result.ok === false && result.error.message).toMatch(/[\u4e00-\u9fff]/);
    // 3 runs of 4 tries each.
    expect(fake.requests.filter((r) => r.action === 'database.startTransaction')).toHaveLength(12);
    expect(fake.openTransactions()).toEqual([]);
  });

  it('refuses the store itself and nested transactions inside a callback, and a tx after its end, rolling back', async () => {
    const { fake, store } = open();
    await seedCounter(store);
    await expect(
      store.transaction(async (tx) => {
        unwrap(await increment(tx));
        await store.get('counters', 'c');
        return ok(null);
      }),
    ).rejects.toThrow(/inside a transaction callback/);
    await expect(
      store.transaction(async () => store.transaction(async () => ok(1))),
    ).rejects.toThrow(StoreUsageError);
    let leaked: StoreTx | undefined;
    unwrap(
      await store.transaction(async (tx) => {
        leaked = tx;
        return ok(null);
      }),
    );
    await expect(leaked?.get('counters', 'c')).rejects.toThrow(/after its transaction ended/);
    await expect(
      store.transaction((async () => 'done') as unknown as Parameters<Store['transaction']>[0]),
    ).rejects.toThrow(/must return a Result/);
    expect(fake.committed('counters')).toEqual([{ _id: 'c', _version: 1, n: 0 }]);
    expect(fake.openTransactions()).toEqual([]);
  });
});

describe('CloudBase index declarations', () => {
  it('maps a declared index to manager-node’s CreateIndexes entry, _id last in the last field’s direction', () => {
    const spec = defineCollection('tasks', ['assigneeId', 'status', '-dueAt']);
    expect(toCloudbaseIndexes(spec)).toEqual([
      {
        IndexName: 'tasks_by_assigneeId_status_dueAt_desc',
        MgoKeySchema: {
          MgoIndexKeys: [
            { Name: 'assigneeId', Direction: '1' },
            { Name: 'status', Direction: '1' },
            { Name: 'dueAt', Direction: '-1' },
            { Name: '_id', Direction: '-1' },
          ],
          MgoIsUnique: false,
        },
      },
    ]);
  });

  /** A query on exactly an index's fields: equality on all but the last, sorted on the last. */
  function queryFor(index: IndexSpec, order: 'asc' | 'desc'): Query {
    const fields = index.fields.map((f) => f.path);
    const where = Object.fromEntries(fields.slice(0, -1).map((path) => [path, 'x']));
    return { where, orderBy: { path: fields[fields.length - 1] as string, order }, limit: 20 };
  }

  const cases = COLLECTIONS.flatMap((c) =>
    c.indexes.map((index) => [c.name, index.name, index] as const),
  );

  it.each(cases)(
    '%s: a query on the fields of %s filters on its leading keys and sorts on the rest, in its order or all reversed',
    async (collection, _name, index) => {
      const fake = new FakeCloudbaseDatabase(COLLECTIONS.map((c) => c.name));
      const store = createCloudbaseStore(connectSdkTo(fake).db);
      const declared = toCloudbaseIndexes(
        COLLECTIONS.find((c) => c.name === collection) ?? { name: collection, indexes: [] },
      ).find((i) => i.IndexName === index.name);
      const keys = declared?.MgoKeySchema.MgoIndexKeys ?? [];
      for (const order of ['asc', 'desc'] as const) {
        fake.requests.length = 0;
        await store.query(collection, queryFor(index, order));
        const request = fake.requests[0] as SentRequest;
        const filtered =
          request.query === undefined
            ? []
            : Object.keys(decodeEjson(String(request.query)) as object);
        const sorted = Object.entries(decodeEjson(String(request.order)) as Record<string, number>);
        expect(new Set(filtered)).toEqual(
          new Set(keys.slice(0, filtered.length).map((k) => k.Name)),
        );
        const rest = keys.slice(filtered.length);
        expect(sorted.map(([name]) => name)).toEqual(rest.map((k) => k.Name));
        const same = sorted.every(([, d], i) => String(d) === rest[i]?.Direction);
        const reversed = sorted.every(([, d], i) => String(-d) === rest[i]?.Direction);
        expect(same || reversed).toBe(true);
      }
    },
  );
});
