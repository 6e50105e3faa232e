/**
 * The product's declarations (functions/store/collections.ts) and the rules every declaration
 * list must satisfy, plus the cursor check entries use on a client's cursor.
 */
import { COLLECTIONS } from '../../functions/store/collections';
import { cursorFits, encodeCursor } from '../../functions/store/store.cursor';
import { checkCollectionSpecs, defineCollection } from '../../functions/store/store.declare';
import { MAX_INDEXES_PER_COLLECTION, StoreUsageError } from '../../functions/store/store.port';
import type { CollectionSpec } from '../../functions/store/store.port';

const indexPaths = (name: string): string[][] =>
  (COLLECTIONS.find((c) => c.name === name)?.indexes ?? []).map((i) => i.fields.map((f) => f.path));

describe('declared collections', () => {
  it('declares every collection the product needs', () => {
    expect(COLLECTIONS.map((c) => c.name).sort()).toEqual(
      [
        'towns',
        'account_keys',
        'grid_nodes',
        'accounts',
        'staff_invitations',
        'sessions',
        'concerns',
        'concern_stats',
        'concern_follows',
        'tasks',
        'task_loads',
        'directory_stamps',
        'audit_events',
        'rooms',
        'slot_seats',
        'bookings',
        'agreements',
        'articles',
        'reading_progress',
        'lectures',
        'lecture_signups',
        'clues',
        'outbox',
        'idempotency',
        'rate_counters',
        'rules',
        'files',
        'content_words',
        'credentials',
        'lecture_seats',
        'household_status',
        'clue_codes',
        'timer_marks',
      ].sort(),
    );
  });

  it('passes its own soundness check (unique names, CloudBase quota, no redundant prefixes)', () => {
    expect(() => checkCollectionSpecs(COLLECTIONS)).not.toThrow();
    for (const c of COLLECTIONS) {
      expect(c.indexes.length).toBeLessThanOrEqual(MAX_INDEXES_PER_COLLECTION);
    }
  });

  it('has the indexes the design names for inboxes, timelines, timers and tracking codes', () => {
    expect(indexPaths('concerns')).toEqual(
      expect.arrayContaining([
        ['townId', 'status', 'dueAt'],
        ['townId', 'reporterId', 'createdAt'],
        ['townId', 'place.gridNodeId', 'createdAt'],
      ]),
    );
    expect(indexPaths('tasks')).toContainEqual(['assigneeId', 'status', 'dueAt']);
    expect(indexPaths('tasks')).toContainEqual(['subject.type', 'subject.id', 'createdAt']);
    expect(indexPaths('audit_events')).toContainEqual(['subjectType', 'subjectId', 'at']);
    expect(indexPaths('outbox')).toContainEqual(['status', 'nextAttemptAt']);
    expect(indexPaths('clues')).toEqual(
      expect.arrayContaining([['townId', 'status', 'createdAt'], ['trackingCode']]),
    );
  });

  it('scopes by town first in most indexes (multi-town tenancy)', () => {
    const all = COLLECTIONS.flatMap((c) => c.indexes);
    const townFirst = all.filter((i) => i.fields[0]?.path === 'townId');
    expect(townFirst.length / all.length).toBeGreaterThan(0.5);
  });
});

describe('defineCollection', () => {
  it('derives stable index names and reads a leading "-" as descending', () => {
    expect(defineCollection('audit', ['subject.id', '-at'])).toEqual({
      name: 'audit',
      indexes: [
        {
          name: 'audit_by_subject_id_at_desc',
          fields: [
            { path: 'subject.id', order: 'asc' },
            { path: 'at', order: 'desc' },
          ],
        },
      ],
    });
  });
});

describe('checkCollectionSpecs', () => {
  const index = (name: string, ...paths: string[]) => ({
    name,
    fields: paths.map((path) => ({ path, order: 'asc' as const })),
  });
  const unsound: [string, CollectionSpec[]][] = [
    ['an upper-case collection name', [{ name: 'Concerns', indexes: [] }]],
    ["SQLite's reserved prefix", [{ name: 'sqlite_stat', indexes: [] }]],
    ['a collection declared twice', [defineCollection('a'), defineCollection('a')]],
    [
      'more than 20 indexes',
      [defineCollection('a', ...Array.from({ length: 21 }, (_, i) => [`f${i}`]))],
    ],
    [
      'an index name used twice across collections',
      [
        { name: 'a', indexes: [index('same', 'x')] },
        { name: 'b', indexes: [index('same', 'y')] },
      ],
    ],
    ['an index name SQLite reserves', [{ name: 'a', indexes: [index('sqlite_x', 'x')] }]],
    ['an empty index', [{ name: 'a', indexes: [index('a_empty')] }]],
    ['a field twice in one index', [{ name: 'a', indexes: [index('a_x_x', 'x', 'x')] }]],
    ['_id declared as a field', [defineCollection('a', ['_id'])]],
    ['_version declared as a field', [defineCollection('a', ['_version'])]],
    ['a malformed path', [defineCollection('a', ['x..y'])]],
    ['an index that prefixes another', [defineCollection('a', ['x', 'y'], ['x', 'y', 'z'])]],
    ['two indexes on the same fields', [defineCollection('a', ['x', 'y'], ['x', '-y'])]],
  ];

  it.each(unsound)('refuses %s', (_what, specs) => {
    expect(() => checkCollectionSpecs(specs)).toThrow(StoreUsageError);
  });

  it('accepts indexes that share a start but diverge', () => {
    expect(() =>
      checkCollectionSpecs([defineCollection('a', ['x', 'y'], ['x', 'z'], ['y'])]),
    ).not.toThrow();
  });
});

describe('cursorFits', () => {
  const query = { orderBy: { path: 'at', order: 'asc' as const } };

  it('accepts no cursor and a cursor of the same collection and sort', () => {
    expect(cursorFits('concerns', query)).toBe(true);
    expect(cursorFits('concerns', { ...query, cursor: null })).toBe(true);
    const cursor = encodeCursor('concerns', query, { value: '2025-01-01', id: 'c1' });
    expect(cursorFits('concerns', { ...query, cursor })).toBe(true);
  });

  it('refuses a cursor of another collection or sort, or a forged one', () => {
    const cursor = encodeCursor('concerns', query, { value: 3, id: 'c1' });
    expect(cursorFits('tasks', { ...query, cursor })).toBe(false);
    expect(cursorFits('concerns', { orderBy: { path: 'at', order: 'desc' }, cursor })).toBe(false);
    expect(cursorFits('concerns', { cursor })).toBe(false);
    const forged = [
      'not base64 json',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from(JSON.stringify([1, 'concerns', 'at', 'asc', { x: 1 }, 'c1'])).toString(
        'base64url',
      ),
      Buffer.from(JSON.stringify([1, 'concerns', 'at', 'asc', 'v', ''])).toString('base64url'),
      Buffer.from(JSON.stringify([2, 'concerns', 'at', 'asc', 'v', 'c1'])).toString('base64url'),
    ];
    for (const f of forged) expect(cursorFits('concerns', { ...query, cursor: f })).toBe(false);
  });
});
