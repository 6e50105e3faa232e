/**
 * Store benchmark (not a unit test: timings depend on the machine). `runStoreBench()` measures
 * the SQLite adapter through the port on temporary files and returns the figures; a runner
 * prints them. Documents are ~1 KB of JSON, like a concern with its description.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ok } from '../../shared/kernel/result';
import { openSqliteStore } from '../../functions/store/sqlite.store';
import type { SqliteStore } from '../../functions/store/sqlite.store';
import type { Query } from '../../functions/store/store.port';

const DESCRIPTION =
  '村东头排水沟堵塞，下雨后积水漫进院子，已经影响三户人家出行，希望尽快清理。'.repeat(8);
const STATUSES = ['submitted', 'assigned', 'accepted', 'in_progress', 'resolved', 'archived'];

/** A deterministic pseudo-random sequence, so runs compare. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function concern(i: number, next: () => number): { _id: string } & Record<string, unknown> {
  const day = Math.floor(next() * 365);
  const at = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000 + (i % 86_400) * 1000).toISOString();
  return {
    _id: `c${String(i).padStart(7, '0')}`,
    townId: `t${i % 5}`,
    status: STATUSES[Math.floor(next() * STATUSES.length)],
    reporterId: `v${Math.floor(next() * 5000)}`,
    place: { gridNodeId: `g${Math.floor(next() * 62)}` },
    kind: 'complaint',
    createdAt: at,
    dueAt: at.slice(0, 10), // many ties: a day's worth of concerns share a due date
    description: DESCRIPTION,
  };
}

async function insertsPerSecond(
  path: string,
  synchronous: 'FULL' | 'NORMAL',
  count: number,
  asTransaction: boolean,
): Promise<number> {
  const store = openSqliteStore({ path, synchronous });
  const next = random(1);
  try {
    const start = performance.now();
    for (let i = 0; i < count; i += 1) {
      const doc = concern(i, next);
      const result = asTransaction
        ? await store.transaction((tx) => tx.insert('concerns', doc))
        : await store.insert('concerns', doc);
      if (!result.ok) throw new Error(result.error.message);
    }
    return count / ((performance.now() - start) / 1000);
  } finally {
    await store.close();
  }
}

async function load(store: SqliteStore, count: number): Promise<void> {
  const next = random(2);
  for (let i = 0; i < count; i += 1000) {
    const result = await store.transaction(async (tx) => {
      for (let j = i; j < Math.min(i + 1000, count); j += 1) {
        const inserted = await tx.insert('concerns', concern(j, next));
        if (!inserted.ok) return inserted;
      }
      return ok(null);
    });
    if (!result.ok) throw new Error(result.error.message);
  }
}

/** Mean microseconds per call of `fn` over `runs` calls (after a short warm-up). */
async function meanMicros(runs: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i += 1) await fn(i);
  const start = performance.now();
  for (let i = 0; i < runs; i += 1) await fn(i);
  return ((performance.now() - start) * 1000) / runs;
}

/**
 * Runs the benchmark and returns its figures: single-row insert transactions per second with
 * synchronous FULL and NORMAL (plain `insert` and through `transaction`), and on 100,000
 * documents: get by id, indexed lookups, a first page, a count, and paging through ~20,000
 * documents 100 at a time.
 */
export async function runStoreBench(): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'hehe-store-bench-'));
  const figures: Record<string, number> = {};
  try {
    figures.insertPerSec_FULL = await insertsPerSecond(join(dir, 'full.db'), 'FULL', 2000, false);
    figures.insertPerSec_NORMAL = await insertsPerSecond(
      join(dir, 'normal.db'),
      'NORMAL',
      10_000,
      false,
    );
    figures.txInsertPerSec_FULL = await insertsPerSecond(
      join(dir, 'txfull.db'),
      'FULL',
      2000,
      true,
    );
    figures.txInsertPerSec_NORMAL = await insertsPerSecond(
      join(dir, 'txnormal.db'),
      'NORMAL',
      10_000,
      true,
    );

    const store = openSqliteStore({ path: join(dir, 'big.db'), synchronous: 'NORMAL' });
    try {
      const total = 100_000;
      const loadStart = performance.now();
      await load(store, total);
      figures.load100kMs_1000perTx = performance.now() - loadStart;

      const next = random(3);
      figures.getByIdUs = await meanMicros(2000, () =>
        store.get('concerns', `c${String(Math.floor(next() * total)).padStart(7, '0')}`),
      );
      figures.lookupByReporterUs = await meanMicros(2000, (i) =>
        store.query('concerns', {
          where: { townId: `t${i % 5}`, reporterId: `v${Math.floor(next() * 5000)}` },
          orderBy: { path: 'createdAt', order: 'desc' },
          limit: 20,
        }),
      );
      figures.firstPage20ByStatusDueUs = await meanMicros(2000, (i) =>
        store.query('concerns', {
          where: { townId: `t${i % 5}`, status: STATUSES[i % STATUSES.length] as string },
          orderBy: { path: 'dueAt', order: 'asc' },
          limit: 20,
        }),
      );
      figures.firstPage20OpenStatusesInUs = await meanMicros(200, (i) =>
        store.query('concerns', {
          where: { townId: `t${i % 5}`, status: { in: ['submitted', 'assigned', 'accepted'] } },
          orderBy: { path: 'dueAt', order: 'asc' },
          limit: 20,
        }),
      );
      figures.countTownStatusUs = await meanMicros(200, (i) =>
        store.count('concerns', { townId: `t${i % 5}`, status: 'submitted' }),
      );

      const query: Query = {
        where: { townId: 't1' },
        orderBy: { path: 'createdAt', order: 'asc' },
        limit: 100,
      };
      const pageStart = performance.now();
      let pages = 0;
      let docs = 0;
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<SqliteStore['query']>> = await store.query('concerns', {
          ...query,
          cursor,
        });
        pages += 1;
        docs += page.docs.length;
        cursor = page.nextCursor;
      } while (cursor !== null);
      const pageMs = performance.now() - pageStart;
      figures.paginateDocs = docs;
      figures.paginateTotalMs = pageMs;
      figures.paginatePerPageUs = (pageMs * 1000) / pages;
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
