/**
 * The embedded runtime (docs/domain.md §3, "embedded default"): SQLite under the data folder, the live
 * inbox for pushes, a word list for content checks, pino for logs. The local host and the
 * tests build it directly; a function's `main` gets it through adapters/select.ts when the
 * environment is not CloudBase. CloudBase bundles replace this module with a stub
 * (scripts/build-functions.ts), so SQLite and pino never reach them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { createCalendarSource } from '../runtime/calendars';
import type { AppContext } from '../runtime/context';
import type { Limits } from '../runtime/limits';
import { limitsFromEnv } from '../runtime/limits';
import type { Clock, ContentCheck, Logger } from '../runtime/ports';
import type { SqliteStore } from '../store/sqlite.store';
import { openSqliteStore } from '../store/sqlite.store';
import { systemClock } from './local/clock';
import { createWordListCheck } from './local/content-check';
import type { LocalFiles } from './local/files';
import { createLocalFiles } from './local/files';
import { createIdGenerator } from './local/ids';
import { InboxPush } from './local/push';
import { asDb } from '../store/store.raw';

export interface EmbeddedOptions {
  /** Folder for the SQLite file and uploads; ':memory:' keeps the store in memory (tests). */
  readonly dataDir: string;
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly contentCheck?: ContentCheck;
  readonly synchronous?: 'FULL' | 'NORMAL';
  /** Rate limits; DEFAULT_LIMITS changed by HEHE_LIMITS unless given. */
  readonly limits?: Limits;
}

export interface EmbeddedRuntime {
  readonly ctx: AppContext;
  readonly store: SqliteStore;
  readonly push: InboxPush;
  /** Photos: the host's upload and download routes sign and check links with it. */
  readonly files: LocalFiles;
  close(): Promise<void>;
}

/** Builds the embedded runtime: one SQLite store and the local adapters. */
export function createEmbeddedRuntime(options: EmbeddedOptions): EmbeddedRuntime {
  const clock = options.clock ?? systemClock;
  let path = ':memory:';
  if (options.dataDir !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true });
    path = join(options.dataDir, 'hehe.sqlite');
  }
  const store = openSqliteStore({ path, synchronous: options.synchronous ?? 'FULL' });
  const push = new InboxPush();
  const files = createLocalFiles({ store, clock });
  const log = options.log ?? pino({ name: 'hehe' });
  const ctx: AppContext = {
    store: asDb(store),
    clock,
    ids: createIdGenerator(clock),
    contentCheck: options.contentCheck ?? createWordListCheck(),
    push,
    files,
    calendars: createCalendarSource(asDb(store), log),
    log,
    limits: options.limits ?? limitsFromEnv(process.env),
  };
  return { ctx, store, push, files, close: () => store.close() };
}
