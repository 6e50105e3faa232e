/**
 * Write handles (写入句柄) of typed collections. Every write is checked against the
 * collection's schema before it reaches the store: an insert or replace as a whole record,
 * an update field by field; a field the schema does not know is refused. A failed check is a
 * programming error and throws (inside a transaction that rolls it back), so no record of a
 * shape its readers cannot parse is ever stored.
 *
 * Only a folder's `<folder>.collections.ts` imports this module, and only for the
 * collections that folder owns (depcruise rules and test/store/one-writer-per-collection):
 * one writer per collection.
 */
import type { AppError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import type { Collection, NewRecord, Owner, RecordPatch } from './store.collection';
import { CorruptRecordError } from './store.collection';
import type { Db, DocMeta, StoredDoc, Tx, WriteOptions } from './store.port';
import { StoreUsageError } from './store.port';
import { byIdOf } from './store.raw';

export interface Writer<R extends DocMeta> {
  readonly collection: Collection<R>;
  insert(db: Db | Tx, doc: NewRecord<R>): Promise<Result<R, AppError>>;
  update(
    db: Db | Tx,
    id: string,
    patch: RecordPatch<R>,
    options?: WriteOptions,
  ): Promise<Result<R, AppError>>;
  replace(
    db: Db | Tx,
    id: string,
    doc: Omit<R, '_id' | '_version'>,
    options?: WriteOptions,
  ): Promise<Result<R, AppError>>;
  remove(db: Db | Tx, id: string, options?: WriteOptions): Promise<Result<void, AppError>>;
  /**
   * Patches a record that no longer parses (its fields checked, the result not), so a queue
   * can take a corrupt entry out of the way; never for records that parse.
   */
  setAside(
    db: Db | Tx,
    id: string,
    patch: RecordPatch<R>,
    options?: WriteOptions,
  ): Promise<Result<void, AppError>>;
}

/** A write a writer made, for its `afterWrite` hook. */
export interface WriteChange<R extends DocMeta> {
  readonly id: string;
  /** The record as stored after the write; null after a remove. */
  readonly after: R | null;
  /** The record before a remove or update, when the hook needs it (read only then). */
  readonly before: R | null;
}

export interface WriterOptions<R extends DocMeta> {
  /**
   * Runs after every successful write, on the same handle (inside the same transaction), so
   * something derived from the collection (a town's roster revision) changes with it or not
   * at all. An Err fails the write.
   */
  readonly afterWrite?: (db: Db | Tx, change: WriteChange<R>) => Promise<Result<void, AppError>>;
}

function refuse(collection: string, id: string, what: string): never {
  throw new StoreUsageError(`write to ${collection}/${id} refused: ${what}`);
}

/**
 * The write handle of `collection`, for its owner: `owner` must be the collection's declared
 * owner (a typo or a borrowed collection throws at start-up).
 */
export function writerOf<R extends DocMeta>(
  owner: Owner,
  collection: Collection<R>,
  options: WriterOptions<R> = {},
): Writer<R> {
  if (collection.owner !== owner) {
    throw new StoreUsageError(
      `${owner} may not write ${collection.name}: it belongs to ${collection.owner}`,
    );
  }
  const { name, schema } = collection;
  const shape = schema.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>;

  const checkWhole = (id: string, doc: object) => {
    for (const key of Object.keys(doc)) {
      if (!(key in shape)) refuse(name, id, `unknown field ${key}`);
    }
    const parsed = schema.safeParse({ ...doc, _id: id, _version: 1 });
    if (!parsed.success) {
      refuse(
        name,
        id,
        `does not match its schema at ${parsed.error.issues
          .map((i) => i.path.join('.'))
          .slice(0, 5)
          .join(', ')}`,
      );
    }
  };

  const checkPatch = (id: string, patch: object) => {
    for (const [key, value] of Object.entries(patch)) {
      if (key === '_id' || key === '_version') continue;
      const field = shape[key];
      if (field === undefined) refuse(name, id, `unknown field ${key}`);
      if (!field.safeParse(value).success)
        refuse(name, id, `field ${key} does not match its schema`);
    }
  };

  const stored = (doc: StoredDoc): R => {
    const parsed = collection.parse(doc);
    if (!parsed.ok) throw new CorruptRecordError(name, doc._id, parsed.paths);
    return parsed.doc;
  };

  const { afterWrite } = options;
  const before = (db: Db | Tx, id: string) =>
    afterWrite === undefined ? Promise.resolve(null) : collection.get(db, id);
  const after = async (
    db: Db | Tx,
    change: WriteChange<R>,
    result: Result<R, AppError>,
  ): Promise<Result<R, AppError>> => {
    if (afterWrite === undefined) return result;
    const hooked = await afterWrite(db, change);
    return hooked.ok ? result : hooked;
  };

  return {
    collection,
    async insert(db, doc) {
      checkWhole(doc._id, doc);
      const inserted = await byIdOf(db).insert(name, doc);
      if (!inserted.ok) return inserted;
      const record = stored(inserted.value);
      return after(db, { id: doc._id, after: record, before: null }, ok(record));
    },
    async update(db, id, patch, options) {
      checkPatch(id, patch);
      const old = await before(db, id);
      const updated = await byIdOf(db).update(name, id, patch, options);
      if (!updated.ok) return updated;
      const record = stored(updated.value);
      return after(db, { id, after: record, before: old }, ok(record));
    },
    async replace(db, id, doc, options) {
      checkWhole(id, doc);
      const old = await before(db, id);
      const replaced = await byIdOf(db).replace(name, id, doc, options);
      if (!replaced.ok) return replaced;
      const record = stored(replaced.value);
      return after(db, { id, after: record, before: old }, ok(record));
    },
    async remove(db, id, options) {
      const old = await before(db, id);
      const removed = await byIdOf(db).remove(name, id, options);
      if (!removed.ok || afterWrite === undefined) return removed;
      const hooked = await afterWrite(db, { id, after: null, before: old });
      return hooked.ok ? removed : hooked;
    },
    async setAside(db, id, patch, options) {
      checkPatch(id, patch);
      const updated = await byIdOf(db).update(name, id, patch, options);
      return updated.ok ? ok(undefined) : updated;
    },
  };
}
