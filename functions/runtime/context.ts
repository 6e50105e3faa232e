/**
 * What every use case receives: the ports and the per-town calendars. Built once per process
 * by the host (or per cold start on CloudBase) and shared by all functions.
 */
import type { Db } from '../store/store.port';
import type { CalendarSource } from './calendars';
import type { Limits } from './limits.rules';
import type { Clock, ContentCheck, FileStore, IdGenerator, Logger, PushSender } from './ports';

export interface AppContext {
  /** The store, through typed collection handles only (store/collections.ts). */
  readonly store: Db;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly contentCheck: ContentCheck;
  readonly push: PushSender;
  readonly files: FileStore;
  /** Each town's working-day calendar (library data + the town's table), current per call. */
  readonly calendars: CalendarSource;
  readonly log: Logger;
  /** Rate limits and quotas (runtime/limits.ts), DEFAULT_LIMITS unless the town changed them. */
  readonly limits: Limits;
}
