/**
 * The data folder's start-up checks (数据目录检查), before the host opens its database and
 * again once it has: a folder that was used before but whose database is missing, empty or
 * not a database is refused (starting would re-seed the sample town over a lost town), a folder
 * the host cannot write is refused (it would start healthy and fail every write), and a
 * database whose `quick_check` finds damage is refused. Each refusal says what is wrong and
 * what to do, in Chinese and in English, and the host exits without touching anything.
 *
 * The folder has three parts: the database (`hehe.sqlite` with its `-wal` and `-shm`), the
 * cookie secret (`cookie-secret`) and the photos (`files/`); `backups/` holds the scheduled
 * backups. `DATA-FOLDER.json` marks a folder the host has used.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

export const DATABASE_FILE = 'hehe.sqlite';
export const MARKER_FILE = 'DATA-FOLDER.json';
export const COOKIE_SECRET_FILE = 'cookie-secret';
export const FILES_DIR = 'files';
export const BACKUPS_DIR = 'backups';

/** Why the host refuses to start on a data folder. */
export type DataFolderProblem =
  | 'database_missing'
  | 'database_empty'
  | 'not_a_database'
  | 'folder_read_only'
  | 'database_damaged';

/** A refusal to start, with its message in Chinese and English. */
export class DataFolderRefused extends Error {
  override readonly name = 'DataFolderRefused';
  constructor(
    readonly problem: DataFolderProblem,
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
  }
}

function refuse(problem: DataFolderProblem, dataDir: string, detail = ''): never {
  const db = join(dataDir, DATABASE_FILE);
  const texts: Record<DataFolderProblem, [string, string]> = {
    database_missing: [
      `数据目录 ${dataDir} 以前用过，但数据库文件 ${DATABASE_FILE} 不见了。为免在空库上重新开始（示例镇会被重新生成，真实数据看不见），服务没有启动。请用 npm run restore 从备份恢复，或把数据库文件放回原处。`,
      `The data folder ${dataDir} was used before, but its database ${DATABASE_FILE} is missing. The host did not start, so as not to begin again on an empty database. Restore it from a backup (npm run restore) or put the file back.`,
    ],
    database_empty: [
      `数据库文件 ${db} 是空的（0 字节），而这个数据目录以前用过。服务没有启动。请用 npm run restore 从备份恢复。`,
      `The database ${db} is empty (0 bytes) although this data folder was used before. The host did not start. Restore it from a backup (npm run restore).`,
    ],
    not_a_database: [
      `文件 ${db} 不是一个完整的数据库（文件头不对或被截断）。服务没有启动。请用 npm run restore 从备份恢复。`,
      `The file ${db} is not a whole SQLite database (bad header or truncated). The host did not start. Restore it from a backup (npm run restore).`,
    ],
    folder_read_only: [
      `数据目录 ${dataDir} 不能写入（只读，或没有权限）。服务没有启动：启动后每次保存都会失败。请检查磁盘挂载和目录权限。${detail}`,
      `The data folder ${dataDir} cannot be written (read-only, or no permission). The host did not start: every save would fail. Check the mount and the folder's permissions. ${detail}`,
    ],
    database_damaged: [
      `数据库文件 ${db} 检查出损坏（quick_check：${detail}）。服务没有启动。请用 npm run restore 从备份恢复。`,
      `The database ${db} is damaged (quick_check: ${detail}). The host did not start. Restore it from a backup (npm run restore).`,
    ],
  };
  const [zh, en] = texts[problem];
  throw new DataFolderRefused(problem, zh, en);
}

/** Whether the folder shows it was used before: the marker, the cookie secret or photos. */
export function showsPriorUse(dataDir: string): boolean {
  return [MARKER_FILE, COOKIE_SECRET_FILE, FILES_DIR, BACKUPS_DIR, `${DATABASE_FILE}-wal`].some(
    (name) => existsSync(join(dataDir, name)),
  );
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Checks before the database is opened: writable folder; a database that a used folder must
 * have, non-empty, with SQLite's header and a length that is a whole number of pages.
 * Throws DataFolderRefused.
 */
export function checkDataFolderBeforeOpen(dataDir: string): void {
  if (!existsSync(dataDir)) return; // a new folder: created on open
  const probe = join(dataDir, `.write-probe-${process.pid}`);
  try {
    writeFileSync(probe, 'ok');
    rmSync(probe, { force: true });
  } catch (thrown) {
    refuse(
      'folder_read_only',
      dataDir,
      `(${(thrown as NodeJS.ErrnoException).code ?? String(thrown)})`,
    );
  }
  const db = join(dataDir, DATABASE_FILE);
  if (!existsSync(db)) {
    if (showsPriorUse(dataDir)) refuse('database_missing', dataDir);
    return;
  }
  const size = statSync(db).size;
  if (size === 0) {
    if (showsPriorUse(dataDir)) refuse('database_empty', dataDir);
    return;
  }
  const head = Buffer.alloc(100);
  const fd = openSync(db, 'r');
  let read = 0;
  try {
    read = readSync(fd, head, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (read < 100 || !head.subarray(0, 16).equals(SQLITE_HEADER)) refuse('not_a_database', dataDir);
  // The page size is bytes 16-17 (1 means 65536); a file cut mid-page is truncated.
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = head.readUInt32BE(28);
  if (pageSize < 512 || size % pageSize !== 0) refuse('not_a_database', dataDir);
  // The header's page count is trusted only when it was written by this file's last writer.
  const valid = head.readUInt32BE(24) === head.readUInt32BE(92);
  if (valid && pages > 0 && size < pages * pageSize) refuse('not_a_database', dataDir);
}

/** After opening: the problems `quick_check` found (none: fine). Throws DataFolderRefused. */
export function refuseDamage(dataDir: string, problems: readonly string[]): void {
  if (problems.length > 0) refuse('database_damaged', dataDir, problems.slice(0, 3).join('; '));
}

/** Marks the folder as used (first start), with when and by which version. */
export function markDataFolder(dataDir: string, version: string): void {
  const path = join(dataDir, MARKER_FILE);
  if (existsSync(path)) return;
  writeFileSync(
    path,
    `${JSON.stringify({ createdAt: new Date().toISOString(), version }, null, 2)}\n`,
    { mode: 0o600 },
  );
}

/** Reads the marker, or null. */
export function readMarker(dataDir: string): { createdAt: string; version: string } | null {
  try {
    return JSON.parse(readFileSync(join(dataDir, MARKER_FILE), 'utf8')) as {
      createdAt: string;
      version: string;
    };
  } catch {
    return null;
  }
}
