/**
 * The host's maintenance on its own timers (维护任务), beside the timer functions: a backup of
 * the data folder every BACKUP_EVERY_HOURS (default 24; 0 turns it off) into `backups/`,
 * keeping the newest BACKUP_KEEP (default 7); a thorough `integrity_check` once a day (on a
 * second connection in a worker thread); every hour, expired idempotency records and upload
 * parts an interrupted upload left (`*.part` older than an hour) are deleted. What each last
 * did shows on /api/health.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../runtime/context';
import { purgeExpiredReplies } from '../runtime/housekeeping';
import { backupName, checkDatabaseFile, createBackup, pruneBackups } from './backup';
import { BACKUPS_DIR, DATABASE_FILE, FILES_DIR } from './data-folder';
import type { MaintenanceStatus } from './health.routes';

const HOUR = 3600 * 1000;
/** An upload part older than this belongs to an upload that will never finish. */
export const ORPHAN_PART_AGE_MS = HOUR;

export interface MaintenanceOptions {
  readonly ctx: AppContext;
  readonly dataDir: string;
  readonly version: string;
  /** Hours between scheduled backups; 0: none. */
  readonly backupEveryHours: number;
  readonly backupKeep: number;
  readonly backupDir?: string;
}

export interface Maintenance {
  start(): void;
  stop(): Promise<void>;
  status(): MaintenanceStatus;
  /** Each job once, now (tests; the first run after start). */
  backupNow(): Promise<void>;
  integrityNow(): Promise<void>;
  sweepNow(): Promise<{ replies: number; parts: number }>;
}

/** Deletes `*.part` files under `root` older than `ageMs`; answers how many. */
export async function purgeOrphanParts(
  root: string,
  ageMs: number,
  nowMs: number,
): Promise<number> {
  let purged = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.name.endsWith('.part')) {
        const info = await stat(path).catch(() => null);
        if (info !== null && nowMs - info.mtimeMs > ageMs) {
          await rm(path, { force: true });
          purged += 1;
        }
      }
    }
  };
  await walk(root);
  return purged;
}

export function createMaintenance(options: MaintenanceOptions): Maintenance {
  const { ctx, dataDir } = options;
  const backupDir = options.backupDir ?? join(dataDir, BACKUPS_DIR);
  const handles: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();
  const state: {
    lastBackup: MaintenanceStatus['lastBackup'];
    lastBackupError: string | null;
    lastIntegrityCheck: MaintenanceStatus['lastIntegrityCheck'];
  } = { lastBackup: null, lastBackupError: null, lastIntegrityCheck: null };

  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };

  async function backupNow(): Promise<void> {
    try {
      const at = new Date();
      const done = await createBackup(dataDir, join(backupDir, backupName(at)), options.version);
      await pruneBackups(backupDir, options.backupKeep);
      state.lastBackup = { at: done.manifest.snapshotAt, path: done.path };
      state.lastBackupError = null;
      ctx.log.info({ path: done.path, files: done.manifest.files.length }, 'backup written');
    } catch (thrown) {
      state.lastBackupError = thrown instanceof Error ? thrown.message : String(thrown);
      ctx.log.error({ err: state.lastBackupError }, 'scheduled backup failed');
    }
  }

  async function integrityNow(): Promise<void> {
    try {
      const problems = await checkDatabaseFile(join(dataDir, DATABASE_FILE), true);
      state.lastIntegrityCheck = { at: new Date().toISOString(), problems: problems.length };
      if (problems.length > 0)
        ctx.log.error({ problems: problems.slice(0, 5) }, 'integrity check found damage');
    } catch (thrown) {
      state.lastIntegrityCheck = { at: new Date().toISOString(), problems: 1 };
      ctx.log.error({ err: String(thrown) }, 'integrity check failed');
    }
  }

  async function sweepNow() {
    const replies = await purgeExpiredReplies(ctx).catch((thrown: unknown) => {
      ctx.log.error({ err: String(thrown) }, 'idempotency purge failed');
      return 0;
    });
    const parts = await purgeOrphanParts(join(dataDir, FILES_DIR), ORPHAN_PART_AGE_MS, Date.now());
    if (replies + parts > 0) ctx.log.info({ replies, parts }, 'housekeeping purged');
    return { replies, parts };
  }

  const every = (ms: number, job: () => Promise<unknown>) => {
    const handle = setInterval(() => void track(job()), ms);
    handle.unref();
    handles.push(handle);
  };

  return {
    start() {
      every(HOUR, sweepNow);
      every(24 * HOUR, integrityNow);
      if (options.backupEveryHours > 0) every(options.backupEveryHours * HOUR, backupNow);
      void track(sweepNow());
    },
    async stop() {
      for (const handle of handles.splice(0)) clearInterval(handle);
      await Promise.allSettled([...running]);
    },
    status: () => ({ ...state }),
    backupNow: () => track(backupNow()),
    integrityNow: () => track(integrityNow()),
    sweepNow: () => track(sweepNow()),
  };
}
