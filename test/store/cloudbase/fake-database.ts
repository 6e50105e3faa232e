/**
 * A fake CloudBase document database that answers the requests `@cloudbase/database` (the
 * database layer of `@cloudbase/node-sdk`) sends — `database.insertDocument`, `getDocument`,
 * `modifyDocument`, `removeDocument`, `calculateDocument`, `startTransaction`,
 * `commitTransaction`, `abortTransaction` — from in-memory collections, with the reply shapes the
 * SDK reads. There is no official emulator (docs/platform.md), so this stands in for the service.
 *
 * Transactions follow MongoDB's (CloudBase's engine) documented behaviour: reads see a snapshot
 * taken at start plus the transaction's own writes; a write to a document that another
 * transaction holds, or that anyone committed after the snapshot, fails with
 * DATABASE_TRANSACTION_CONFLICT and aborts the transaction; any failed write aborts it; a write
 * outside transactions to a document a transaction holds waits until that transaction ends.
 * Collections must exist (the deployment creates them): others answer DATABASE_COLLECTION_NOT_EXIST.
 */
import { applyUpdate, decodeEjson, encodeEjson, matches, sameValue, sortDocs } from './mongo';
import type { Doc, Filter } from './mongo';

/** One request as the database layer hands it to node-sdk's requester: its params plus `action`. */
export type SentRequest = { readonly action: string } & { readonly [key: string]: unknown };

/** A reply body; `code` marks an error, which the SDK's requester throws. */
export type Reply = { readonly requestId: string } & { readonly [key: string]: unknown };

/** Runs before a request is handled; a returned reply is sent instead of handling it. */
export type Interceptor = (
  request: SentRequest,
  fake: FakeCloudbaseDatabase,
) => Reply | undefined | Promise<Reply | undefined>;

interface Version {
  readonly seq: number;
  readonly doc: Doc | null;
}

interface Transaction {
  readonly id: string;
  readonly snapshot: number;
  state: 'active' | 'committed' | 'aborted';
  readonly writes: Map<string, { collection: string; id: string; doc: Doc | null }>;
}

class FakeDbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 100;

const keyOf = (collection: string, id: string): string => `${collection}\u0000${id}`;

function asString(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new FakeDbError('INVALID_PARAM', `${what} must be a string`);
  return value;
}

function filterOf(request: SentRequest): Filter {
  if (request.query === undefined) return {};
  return decodeEjson(asString(request.query, 'query')) as Filter;
}

export class FakeCloudbaseDatabase {
  /** Every request received, in order. */
  readonly requests: SentRequest[] = [];
  /** Transactions aborted by a write conflict. */
  conflicts = 0;
  private readonly data = new Map<string, Map<string, Version[]>>();
  private readonly locks = new Map<string, Transaction>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private readonly transactions = new Map<string, Transaction>();
  private readonly interceptors: Interceptor[] = [];
  private seq = 0;
  private counter = 0;

  constructor(collections: readonly string[]) {
    for (const name of collections) this.data.set(name, new Map());
  }

  /** Adds an interceptor; returns its removal. */
  intercept(interceptor: Interceptor): () => void {
    this.interceptors.push(interceptor);
    return () => {
      const i = this.interceptors.indexOf(interceptor);
      if (i >= 0) this.interceptors.splice(i, 1);
    };
  }

  /** Answers one request, after a turn of the event loop (so concurrent callers interleave). */
  async handle(request: SentRequest): Promise<Reply> {
    this.requests.push(request);
    const requestId = `fake-${(this.counter += 1)}`;
    await new Promise((resolve) => setImmediate(resolve));
    for (const interceptor of [...this.interceptors]) {
      const replaced = await interceptor(request, this);
      if (replaced !== undefined) return replaced;
    }
    try {
      return { requestId, ...(await this.dispatch(request)) };
    } catch (e) {
      if (e instanceof FakeDbError) return { requestId, code: e.code, message: e.message };
      throw e;
    }
  }

  /** The committed documents of a collection, in insertion order (for assertions). */
  committed(collection: string): Doc[] {
    const docs: Doc[] = [];
    for (const versions of this.collection(collection).values()) {
      const doc = versions[versions.length - 1]?.doc;
      if (doc) docs.push(structuredClone(doc));
    }
    return docs;
  }

  /** Writes a document as another client would, committed at once (null removes it). */
  put(collection: string, id: string, doc: Doc | null): void {
    this.commitVersion(collection, id, doc === null ? null : structuredClone(doc), ++this.seq);
  }

  /** Transactions started and neither committed nor aborted. */
  openTransactions(): string[] {
    return [...this.transactions.values()].filter((t) => t.state === 'active').map((t) => t.id);
  }

  private async dispatch(request: SentRequest): Promise<Record<string, unknown>> {
    switch (request.action) {
      case 'database.startTransaction':
        return this.startTransaction();
      case 'database.commitTransaction':
        return this.endTransaction(request, 'committed');
      case 'database.abortTransaction':
        return this.endTransaction(request, 'aborted');
      case 'database.getDocument':
        return this.getDocument(request);
      case 'database.insertDocument':
        return this.insertDocument(request);
      case 'database.modifyDocument':
        return this.modifyDocument(request);
      case 'database.removeDocument':
        return this.removeDocument(request);
      case 'database.calculateDocument':
        return this.calculateDocument(request);
      default:
        throw new FakeDbError('INVALID_PARAM', `fake CloudBase does not serve ${request.action}`);
    }
  }

  // ---- storage ----

  private collection(name: unknown): Map<string, Version[]> {
    const collection = typeof name === 'string' ? this.data.get(name) : undefined;
    if (collection === undefined) {
      throw new FakeDbError(
        'DATABASE_COLLECTION_NOT_EXIST',
        `collection ${String(name)} does not exist`,
      );
    }
    return collection;
  }

  private latest(collection: string, id: string): Version | undefined {
    const versions = this.collection(collection).get(id);
    return versions?.[versions.length - 1];
  }

  /** The document as `tx` sees it (its snapshot and own writes), or as committed now. */
  private read(collection: string, id: string, tx: Transaction | null): Doc | null {
    if (tx !== null) {
      const own = tx.writes.get(keyOf(collection, id));
      if (own !== undefined) return own.doc;
    }
    const versions = this.collection(collection).get(id) ?? [];
    for (let i = versions.length - 1; i >= 0; i -= 1) {
      const version = versions[i] as Version;
      if (tx === null || version.seq <= tx.snapshot) return version.doc;
    }
    return null;
  }

  /** Every document `tx` (or a reader outside transactions) sees, in insertion order. */
  private scan(collection: string, tx: Transaction | null): Doc[] {
    const ids = new Set(this.collection(collection).keys());
    if (tx !== null) {
      for (const write of tx.writes.values())
        if (write.collection === collection) ids.add(write.id);
    }
    const docs: Doc[] = [];
    for (const id of ids) {
      const doc = this.read(collection, id, tx);
      if (doc !== null) docs.push(doc);
    }
    return docs;
  }

  private commitVersion(collection: string, id: string, doc: Doc | null, seq: number): void {
    const versions = this.collection(collection);
    const list = versions.get(id) ?? [];
    list.push({ seq, doc });
    versions.set(id, list);
  }

  /** A key among these documents that an active transaction holds, if any. */
  private heldKey(collection: string, ids: readonly string[]): string | undefined {
    return ids.map((id) => keyOf(collection, id)).find((key) => this.locks.has(key));
  }

  /** Resolves when the transaction holding `key` ends (MongoDB blocks such writes until then). */
  private unlocked(key: string): Promise<void> {
    return new Promise((resolve) => {
      const list = this.waiters.get(key) ?? [];
      list.push(resolve);
      this.waiters.set(key, list);
    });
  }

  // ---- transactions ----

  private startTransaction(): Record<string, unknown> {
    const tx: Transaction = {
      id: `fake-tx-${this.transactions.size + 1}`,
      snapshot: this.seq,
      state: 'active',
      writes: new Map(),
    };
    this.transactions.set(tx.id, tx);
    return { transactionId: tx.id };
  }

  private transactionOf(request: SentRequest): Transaction | null {
    if (request.transactionId === undefined) return null;
    const tx = this.transactions.get(asString(request.transactionId, 'transactionId'));
    if (tx === undefined || tx.state !== 'active') {
      throw new FakeDbError(
        'DATABASE_REQUEST_FAILED',
        `[NoSuchTransaction] transaction ${String(request.transactionId)} is not active`,
      );
    }
    return tx;
  }

  private release(tx: Transaction, state: 'committed' | 'aborted'): void {
    tx.state = state;
    for (const key of tx.writes.keys()) {
      if (this.locks.get(key) !== tx) continue;
      this.locks.delete(key);
      for (const wake of this.waiters.get(key) ?? []) wake();
      this.waiters.delete(key);
    }
  }

  private endTransaction(
    request: SentRequest,
    state: 'committed' | 'aborted',
  ): Record<string, unknown> {
    const tx = this.transactionOf(request);
    if (tx === null) throw new FakeDbError('INVALID_PARAM', 'transactionId is required');
    if (state === 'committed') {
      const seq = ++this.seq;
      for (const write of tx.writes.values()) {
        this.commitVersion(write.collection, write.id, write.doc, seq);
      }
    }
    this.release(tx, state);
    return {};
  }

  /** Fails `tx` (MongoDB aborts a transaction on any failed operation) with this error. */
  private fail(tx: Transaction, error: FakeDbError): never {
    this.release(tx, 'aborted');
    throw error;
  }

  /** A write inside `tx`: conflicts when another transaction holds it or it changed since the snapshot. */
  private writeInTransaction(
    tx: Transaction,
    collection: string,
    id: string,
    doc: Doc | null,
  ): void {
    const key = keyOf(collection, id);
    const holder = this.locks.get(key);
    const latest = this.latest(collection, id);
    if (
      (holder !== undefined && holder !== tx) ||
      (latest !== undefined && latest.seq > tx.snapshot)
    ) {
      this.conflicts += 1;
      this.fail(
        tx,
        new FakeDbError(
          'DATABASE_TRANSACTION_CONFLICT',
          '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others.',
        ),
      );
    }
    this.locks.set(key, tx);
    tx.writes.set(key, { collection, id, doc });
  }

  // ---- documents ----

  private matching(request: SentRequest, tx: Transaction | null): Doc[] {
    const collection = asString(request.collectionName, 'collectionName');
    const filter = filterOf(request);
    if (request.queryType === 'DOC') {
      const doc = this.read(collection, asString(filter._id, 'query._id'), tx);
      return doc === null ? [] : [doc];
    }
    if (request.queryType !== 'WHERE')
      throw new FakeDbError('INVALID_PARAM', 'queryType must be DOC or WHERE');
    return this.scan(collection, tx).filter((doc) => matches(doc, filter));
  }

  private getDocument(request: SentRequest): Record<string, unknown> {
    const tx = this.transactionOf(request);
    let docs = this.matching(request, tx);
    if (request.queryType === 'WHERE') {
      if (request.order !== undefined) {
        docs = sortDocs(
          docs,
          decodeEjson(asString(request.order, 'order')) as Record<string, unknown>,
        );
      }
      const offset = typeof request.offset === 'number' ? request.offset : 0;
      const limit = request.limit === undefined ? DEFAULT_LIMIT : request.limit;
      if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
        throw new FakeDbError('INVALID_PARAM', `limit must be 1..${MAX_LIMIT}`);
      }
      docs = docs.slice(offset, offset + limit);
    }
    return { data: { list: docs.map((doc) => encodeEjson(doc)) } };
  }

  private async insertDocument(request: SentRequest): Promise<Record<string, unknown>> {
    const tx = this.transactionOf(request);
    const collection = asString(request.collectionName, 'collectionName');
    if (!Array.isArray(request.data)) throw new FakeDbError('INVALID_PARAM', 'data must be a list');
    const docs = request.data.map((item) => {
      const parsed = decodeEjson(asString(item, 'data[]')) as Record<string, unknown>;
      const id =
        parsed._id === undefined ? `auto-${(this.counter += 1)}` : asString(parsed._id, '_id');
      return { ...parsed, _id: id } as Doc;
    });
    const ids = docs.map((d) => d._id);
    let held = tx === null ? this.heldKey(collection, ids) : undefined;
    while (held !== undefined) {
      await this.unlocked(held);
      held = this.heldKey(collection, ids);
    }
    // From here on synchronous: nothing interleaves between the check and the write.
    const seq = tx === null ? ++this.seq : 0;
    for (const doc of docs) {
      if (this.read(collection, doc._id, tx) !== null) {
        const duplicate = new FakeDbError(
          'DATABASE_DUPLICATE_WRITE',
          `E11000 duplicate key error collection: ${collection} index: _id_ dup key: { _id: "${doc._id}" }`,
        );
        if (tx !== null) this.fail(tx, duplicate);
        throw duplicate;
      }
      if (tx !== null) this.writeInTransaction(tx, collection, doc._id, doc);
      else this.commitVersion(collection, doc._id, doc, seq);
    }
    return { data: { insertedIds: docs.map((d) => d._id) } };
  }

  /**
   * The documents a write targets (all matches, or the first when `multi` is false) — or, outside
   * transactions, the key of one a transaction holds, to wait for before looking again. Callers
   * write right after the look that found none held, with no `await` in between.
   */
  private targets(request: SentRequest, tx: Transaction | null): Doc[] | string {
    const collection = asString(request.collectionName, 'collectionName');
    const found = this.matching(request, tx);
    const targets = request.multi === false ? found.slice(0, 1) : found;
    if (tx !== null) return targets;
    const upsert = targets.length === 0 && request.upsert === true;
    const ids = upsert ? [asString(filterOf(request)._id, 'query._id')] : targets.map((d) => d._id);
    return this.heldKey(collection, ids) ?? targets;
  }

  private async modifyDocument(request: SentRequest): Promise<Record<string, unknown>> {
    const tx = this.transactionOf(request);
    const collection = asString(request.collectionName, 'collectionName');
    const update = decodeEjson(asString(request.data, 'data')) as Record<string, unknown>;
    const merge = request.merge !== false;
    let targets = this.targets(request, tx);
    while (typeof targets === 'string') {
      await this.unlocked(targets);
      targets = this.targets(request, tx);
    }
    const seq = tx === null ? ++this.seq : 0;
    const write = (id: string, doc: Doc): void => {
      if (tx !== null) this.writeInTransaction(tx, collection, id, doc);
      else this.commitVersion(collection, id, doc, seq);
    };
    const apply = (doc: Doc): Doc => {
      try {
        return applyUpdate(doc, update, merge);
      } catch (e) {
        const error = new FakeDbError('DATABASE_REQUEST_FAILED', (e as Error).message);
        if (tx !== null) this.fail(tx, error);
        throw error;
      }
    };
    if (targets.length === 0 && request.upsert === true) {
      const id = asString(filterOf(request)._id, 'query._id');
      write(id, apply({ _id: id }));
      return { data: { updated: 0, upsert_id: id } };
    }
    let updated = 0;
    for (const doc of targets) {
      const next = apply(doc);
      // MongoDB counts documents actually changed.
      if (sameValue(doc, next)) continue;
      write(doc._id, next);
      updated += 1;
    }
    return { data: { updated } };
  }

  private async removeDocument(request: SentRequest): Promise<Record<string, unknown>> {
    const tx = this.transactionOf(request);
    const collection = asString(request.collectionName, 'collectionName');
    let targets = this.targets(request, tx);
    while (typeof targets === 'string') {
      await this.unlocked(targets);
      targets = this.targets(request, tx);
    }
    const seq = tx === null ? ++this.seq : 0;
    for (const doc of targets) {
      if (tx !== null) this.writeInTransaction(tx, collection, doc._id, null);
      else this.commitVersion(collection, doc._id, null, seq);
    }
    return { data: { deleted: targets.length } };
  }

  private calculateDocument(request: SentRequest): Record<string, unknown> {
    return { data: { total: this.matching(request, this.transactionOf(request)).length } };
  }
}
