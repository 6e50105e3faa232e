/**
 * Typed collections read what they parse and write what they check: a stored row that does
 * not match its schema is a loud CorruptRecordError on read (or set apart by a checked
 * query), and a write of a field the schema does not know, or of a wrong value, is refused
 * before it reaches the store.
 */
import { z } from 'zod';
import { openSqliteStore } from '../../functions/store/sqlite.store';
import type { SqliteStore } from '../../functions/store/sqlite.store';
import { CorruptRecordError, typedCollection } from '../../functions/store/store.collection';
import { asDb } from '../../functions/store/store.raw';
import { writerOf } from '../../functions/store/store.writer';

const NOTES = typedCollection(
  'notes',
  {
    owner: 'runtime',
    schema: z.object({
      _id: z.string(),
      _version: z.number(),
      townId: z.string(),
      text: z.string().min(2),
      done: z.boolean().default(false),
    }),
  },
  ['townId'],
);
const notes = writerOf('runtime', NOTES);

let store: SqliteStore;
beforeEach(() => {
  store = openSqliteStore({ path: ':memory:', collections: [NOTES] });
});
afterEach(() => store.close());

describe('reads', () => {
  it('parse each row, filling defaults', async () => {
    await store.insert('notes', { _id: 'n1', townId: 't', text: '你好' });
    expect(await NOTES.get(asDb(store), 'n1')).toEqual({
      _id: 'n1',
      _version: 1,
      townId: 't',
      text: '你好',
      done: false,
    });
  });

  it('throw CorruptRecordError naming the collection, id and path, never the value', async () => {
    await store.insert('notes', { _id: 'bad', townId: 't', text: 'x' });
    const read = NOTES.get(asDb(store), 'bad');
    await expect(read).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(read).rejects.toThrow(/notes\/bad .* at text$/);
    await expect(NOTES.query(asDb(store), { where: { townId: 't' } })).rejects.toThrow(
      CorruptRecordError,
    );
  });

  it('set bad rows apart in a checked query', async () => {
    await store.insert('notes', { _id: 'a', townId: 't', text: '好的' });
    await store.insert('notes', { _id: 'b', townId: 't', text: 'x' });
    const page = await NOTES.queryChecked(asDb(store), { where: { townId: 't' } });
    expect(page.docs.map((d) => d._id)).toEqual(['a']);
    expect(page.invalid).toEqual([{ id: 'b', version: 1, paths: ['text'] }]);
  });
});

describe('writes', () => {
  it('refuse a field the schema does not know, and a value it does not accept', async () => {
    const db = asDb(store);
    await expect(
      notes.insert(db, { _id: 'n', townId: 't', text: '好的', done: false, extra: 1 } as never),
    ).rejects.toThrow(/unknown field extra/);
    await expect(
      notes.insert(db, { _id: 'n', townId: 't', text: 'x', done: false }),
    ).rejects.toThrow(/does not match its schema at text/);
    await notes.insert(db, { _id: 'n', townId: 't', text: '好的', done: false });
    await expect(notes.update(db, 'n', { text: 'x' })).rejects.toThrow(/field text/);
    await expect(notes.update(db, 'n', { nope: 1 } as never)).rejects.toThrow(/unknown field nope/);
    expect(await store.get('notes', 'n')).toMatchObject({ text: '好的', _version: 1 });
  });

  it('a refused write inside a transaction rolls the whole transaction back', async () => {
    const db = asDb(store);
    await expect(
      store.transaction(async (tx) => {
        await notes.insert(tx as never, { _id: 'first', townId: 't', text: '好的', done: false });
        return notes.insert(tx as never, { _id: 'second', townId: 't', text: 'x', done: false });
      }),
    ).rejects.toThrow();
    expect(await NOTES.get(db, 'first')).toBeNull();
  });

  it('take a corrupt row out of the way with setAside (its fields still checked)', async () => {
    await store.insert('notes', { _id: 'bad', townId: 't', text: 'x' });
    const db = asDb(store);
    expect((await notes.setAside(db, 'bad', { done: true }, { ifVersion: 1 })).ok).toBe(true);
    expect(await store.get('notes', 'bad')).toMatchObject({ done: true, _version: 2 });
    await expect(notes.setAside(db, 'bad', { done: 'yes' as never })).rejects.toThrow(/field done/);
  });
});
