/**
 * One writer per collection: every declared collection names the folder that owns it, and
 * its write handle is made exactly once, in that folder's `<folder>.collections.ts`
 * (depcruise keeps those files private to their folder and `writerOf` itself only importable
 * from them). This test finds every such file, loads it and checks what it hands out.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { COLLECTIONS } from '../../functions/store/collections';
import type { Writer } from '../../functions/store/store.writer';
import { writerOf } from '../../functions/store/store.writer';
import type { DocMeta } from '../../functions/store/store.port';

const FUNCTIONS = resolve(__dirname, '..', '..', 'functions');

function writersIn(folder: string): Writer<DocMeta>[] {
  const file = join(FUNCTIONS, folder, `${folder}.collections.ts`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = require(file) as Record<string, unknown>;
  return Object.values(exported).filter(
    (v): v is Writer<DocMeta> => typeof v === 'object' && v !== null && 'collection' in v,
  );
}

const folders = readdirSync(FUNCTIONS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .filter((name) => readdirSync(join(FUNCTIONS, name)).includes(`${name}.collections.ts`));

describe('one writer per collection', () => {
  it('each folder makes writers only for the collections it owns', () => {
    for (const folder of folders) {
      for (const writer of writersIn(folder)) {
        expect({
          folder,
          collection: writer.collection.name,
          owner: writer.collection.owner,
        }).toEqual({ folder, collection: writer.collection.name, owner: folder });
      }
    }
  });

  it('every collection written at all has exactly one writer', () => {
    const counts = new Map<string, number>();
    for (const folder of folders) {
      for (const writer of writersIn(folder)) {
        counts.set(writer.collection.name, (counts.get(writer.collection.name) ?? 0) + 1);
      }
    }
    for (const [name, n] of counts) expect({ name, writers: n }).toEqual({ name, writers: 1 });
    // The records every pipeline depends on are written by their own concept (tasks: runtime).
    const owners = Object.fromEntries(COLLECTIONS.map((c) => [c.name, c.owner]));
    expect({
      concerns: owners.concerns,
      clues: owners.clues,
      bookings: owners.bookings,
      tasks: owners.tasks,
    }).toEqual({ concerns: 'concern', clues: 'clue', bookings: 'mediation', tasks: 'runtime' });
    for (const name of ['concerns', 'clues', 'bookings', 'tasks']) expect(counts.get(name)).toBe(1);
  });

  it('a writer for another folder’s collection is refused when it is made', () => {
    const concerns = COLLECTIONS.find((c) => c.name === 'concerns')!;
    expect(() => writerOf('mediation', concerns)).toThrow(/mediation may not write concerns/);
  });
});
