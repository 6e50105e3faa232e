/**
 * `GET /api/health` (健康检查): whether this host can do its work right now, honestly — a write
 * probe that commits to the database, the free disk under the data folder, the WAL's size, the
 * outbox's backlog and its oldest due entry, when each timer last ran, the last backup and
 * integrity check, and the version. 200 when ready, 503 when not (writes fail, the disk is
 * all but full), each problem in Chinese and English.
 */
import { statSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { instantMs } from '../../shared/calendar/china-time';
import type { AppContext } from '../runtime/context';
import { OUTBOX } from '../store/collections';
import type { SqliteStore } from '../store/sqlite.store';
import { DATABASE_FILE } from './data-folder';
import { sendOk } from './host.replies';
import type { TimerStatus } from './timers';

/** Below this much free disk the host reports not ready: a write may fail any moment. */
export const MIN_FREE_DISK_BYTES = 64 * 1024 * 1024;
/** An outbox entry due longer than this is a problem (pushes are not going out). */
export const OUTBOX_LAG_LIMIT_MS = 5 * 60 * 1000;

/** A problem the health check found. */
export interface HealthProblem {
  readonly check: string;
  readonly zh: string;
  readonly en: string;
}

/** What the host knows about its maintenance (scheduled backup, integrity check). */
export interface MaintenanceStatus {
  readonly lastBackup: { readonly at: string; readonly path: string } | null;
  readonly lastBackupError: string | null;
  readonly lastIntegrityCheck: { readonly at: string; readonly problems: number } | null;
}

export interface HealthDeps {
  readonly ctx: AppContext;
  readonly store: SqliteStore;
  readonly dataDir: string;
  readonly version: string;
  readonly functions: readonly string[];
  readonly timers: () => readonly TimerStatus[];
  readonly maintenance: () => MaintenanceStatus;
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Runs every check; answers the report and whether the host is ready. */
export async function checkHealth(deps: HealthDeps) {
  const { ctx } = deps;
  const problems: HealthProblem[] = [];
  const nowIso = ctx.clock.nowIso();

  let writable = true;
  const probeStarted = performance.now();
  try {
    await deps.store.probeWrite(nowIso);
  } catch (thrown) {
    writable = false;
    problems.push({
      check: 'write',
      zh: `数据库写入失败：${String(thrown)}`,
      en: `a write to the database failed: ${String(thrown)}`,
    });
  }
  const writeMs = performance.now() - probeStarted;

  let freeBytes: number | null = null;
  try {
    const fs = statfsSync(deps.dataDir);
    freeBytes = fs.bavail * fs.bsize;
    if (freeBytes < MIN_FREE_DISK_BYTES) {
      problems.push({
        check: 'disk',
        zh: `数据目录所在磁盘只剩 ${Math.floor(freeBytes / 1048576)} MB，请尽快清理或扩容`,
        en: `only ${Math.floor(freeBytes / 1048576)} MB free on the data folder's disk`,
      });
    }
  } catch {
    freeBytes = null;
  }

  const due = { status: 'pending', nextAttemptAt: { lte: nowIso } };
  const [backlog, oldest] = await Promise.all([
    OUTBOX.count(ctx.store, due),
    OUTBOX.query(ctx.store, {
      where: due,
      orderBy: { path: 'nextAttemptAt', order: 'asc' },
      limit: 1,
    }),
  ]);
  const head = oldest.docs[0];
  const oldestDueMs = head === undefined ? null : ctx.clock.nowMs() - instantMs(head.nextAttemptAt);
  if (oldestDueMs !== null && oldestDueMs > OUTBOX_LAG_LIMIT_MS) {
    problems.push({
      check: 'outbox',
      zh: `有 ${backlog} 条推送积压，最早的已等待 ${Math.round(oldestDueMs / 60000)} 分钟`,
      en: `${backlog} pushes waiting, the oldest for ${Math.round(oldestDueMs / 60000)} min`,
    });
  }

  const timers = deps.timers();
  const maintenance = deps.maintenance();
  if (maintenance.lastIntegrityCheck !== null && maintenance.lastIntegrityCheck.problems > 0) {
    problems.push({
      check: 'integrity',
      zh: '定期完整性检查发现数据库损坏，请尽快从备份恢复',
      en: 'the scheduled integrity check found damage; restore from a backup',
    });
  }
  if (maintenance.lastBackupError !== null) {
    problems.push({
      check: 'backup',
      zh: `最近一次自动备份失败：${maintenance.lastBackupError}`,
      en: `the last scheduled backup failed: ${maintenance.lastBackupError}`,
    });
  }
  const ready = writable && (freeBytes === null || freeBytes >= MIN_FREE_DISK_BYTES);
  return {
    ready,
    report: {
      status: ready ? (problems.length === 0 ? 'ok' : 'degraded') : 'failing',
      time: nowIso,
      version: deps.version,
      pid: process.pid,
      uptimeSeconds: Math.round(process.uptime()),
      problems,
      database: {
        writable,
        writeMs: Math.round(writeMs * 100) / 100,
        bytes: sizeOf(join(deps.dataDir, DATABASE_FILE)),
        walBytes: sizeOf(join(deps.dataDir, `${DATABASE_FILE}-wal`)),
        synchronous: deps.store.pragmas().synchronous,
      },
      disk: { freeBytes },
      outbox: { backlog, oldestDueMs },
      timers,
      maintenance,
      functions: deps.functions,
    },
  };
}

/** Registers /api/health. */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  app.get('/api/health', async (_request, reply) => {
    const { ready, report } = await checkHealth(deps);
    if (!ready) reply.code(503);
    return ready ? sendOk(reply, report) : reply.send({ ok: true, data: report });
  });
}
