/**
 * Backups of a data folder (备份与恢复): one `.tar.gz` holding a consistent copy of the
 * database (SQLite's `VACUUM INTO` from a second, read-only connection: a snapshot of every
 * transaction committed before it began, taken while the host goes on writing), the cookie
 * secret and the photos, with `manifest.json` listing each file's size and SHA-256. A restore
 * checks every checksum and the copy's `quick_check` before it writes anything, and refuses a
 * folder that holds a database already or whose host is running.
 *
 * The snapshot runs in a worker thread (better-sqlite3 is synchronous), so the host's event
 * loop keeps serving while a large database is copied. `npm run backup` / `npm run restore`
 * (scripts/) and the host's scheduled backup (host/maintenance.ts) use this module.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import {
  copyFile,
  link,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import * as tar from 'tar';
import { COOKIE_SECRET_FILE, DATABASE_FILE, FILES_DIR, MARKER_FILE } from './data-folder';

export const BACKUP_FORMAT = 'hehe-backup/1';
export const MANIFEST_FILE = 'manifest.json';
/** The host writes its process id here while it runs (restore refuses a live folder). */
export const PID_FILE = 'host.pid';

export interface ManifestEntry {
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  /** When the database snapshot began: every write acknowledged before it is inside. */
  readonly snapshotAt: string;
  readonly createdAt: string;
  readonly version: string;
  readonly files: readonly ManifestEntry[];
}

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.source, { readonly: true, fileMustExist: true });
try {
  if (workerData.target) db.prepare('VACUUM INTO ?').run(workerData.target);
  const problems = workerData.check
    ? db.pragma(workerData.check).map((row) => String(Object.values(row)[0]))
    : ['ok'];
  parentPort.postMessage({ problems });
} finally {
  db.close();
}
`;

/** Runs SQLite work on a second connection in a worker thread. */
function inWorker(data: {
  readonly source: string;
  readonly target?: string;
  readonly check?: 'quick_check' | 'integrity_check';
}): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: require.resolve('better-sqlite3'), ...data },
    });
    let answered = false;
    worker.once('message', (message: { problems: string[] }) => {
      answered = true;
      resolve(message.problems);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`database worker exited with ${code}`));
    });
  });
}

/** The problems `integrity_check` (thorough) or `quick_check` finds in a database file. */
export async function checkDatabaseFile(path: string, thorough: boolean): Promise<string[]> {
  const found = await inWorker({
    source: path,
    check: thorough ? 'integrity_check' : 'quick_check',
  });
  return found.length === 1 && found[0] === 'ok' ? [] : found;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function listFiles(root: string, under: string): Promise<string[]> {
  const dir = join(root, under);
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = join(under, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(root, rel)));
    else if (entry.isFile() && !entry.name.endsWith('.part')) out.push(rel);
  }
  return out;
}

export interface BackupResult {
  readonly path: string;
  readonly manifest: BackupManifest;
}

/**
 * Writes a backup of `dataDir` to `out` (a `.tar.gz`; written aside and renamed, so a
 * half-written archive never carries the final name). Fails when the snapshot does not pass
 * its own `quick_check`.
 */
export async function createBackup(
  dataDir: string,
  out: string,
  version: string,
): Promise<BackupResult> {
  await mkdir(dirname(out), { recursive: true });
  const stage = await mkdtemp(join(dirname(out), '.staging-'));
  try {
    const snapshotAt = new Date().toISOString();
    const source = join(dataDir, DATABASE_FILE);
    if (!existsSync(source)) throw new Error(`no database at ${source}`);
    await inWorker({ source, target: join(stage, DATABASE_FILE) });
    const problems = await checkDatabaseFile(join(stage, DATABASE_FILE), false);
    if (problems.length > 0) throw new Error(`the snapshot fails quick_check: ${problems[0]}`);
    const names = [DATABASE_FILE];
    for (const name of [COOKIE_SECRET_FILE, MARKER_FILE]) {
      if (existsSync(join(dataDir, name))) {
        await copyFile(join(dataDir, name), join(stage, name));
        names.push(name);
      }
    }
    for (const rel of await listFiles(dataDir, FILES_DIR)) {
      await mkdir(dirname(join(stage, rel)), { recursive: true });
      // A hard link costs nothing on the same disk; a copy elsewhere.
      await link(join(dataDir, rel), join(stage, rel)).catch(() =>
        copyFile(join(dataDir, rel), join(stage, rel)),
      );
      names.push(rel.split(sep).join('/'));
    }
    const files: ManifestEntry[] = [];
    for (const name of names) {
      const path = join(stage, name);
      files.push({ path: name, bytes: (await stat(path)).size, sha256: await sha256Of(path) });
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      snapshotAt,
      createdAt: new Date().toISOString(),
      version,
      files,
    };
    await writeFile(join(stage, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const partial = `${out}.part`;
    await tar.create({ gzip: true, file: partial, cwd: stage, portable: true }, [
      MANIFEST_FILE,
      ...names,
    ]);
    await rename(partial, out);
    return { path: out, manifest };
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
}

/** Why an archive was refused. */
export class BackupRefused extends Error {
  override readonly name = 'BackupRefused';
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
  }
}

/** Extracts and checks an archive into `into` (an empty folder); answers its manifest. */
async function extractVerified(archive: string, into: string): Promise<BackupManifest> {
  await tar.extract({ file: archive, cwd: into, strict: true });
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(into, MANIFEST_FILE), 'utf8')) as BackupManifest;
  } catch {
    throw new BackupRefused(
      '备份文件里没有可读的清单（manifest.json）',
      'the archive has no readable manifest.json',
    );
  }
  if (manifest.format !== BACKUP_FORMAT) {
    throw new BackupRefused(
      `不认识的备份格式：${String(manifest.format)}`,
      `unknown backup format ${String(manifest.format)}`,
    );
  }
  for (const entry of manifest.files) {
    const path = join(into, entry.path);
    if (relative(into, path).startsWith('..')) {
      throw new BackupRefused(
        `清单里的路径不对：${entry.path}`,
        `a manifest path leaves the archive: ${entry.path}`,
      );
    }
    const present = existsSync(path);
    const sum = present ? await sha256Of(path) : null;
    if (!present || sum !== entry.sha256 || (await stat(path)).size !== entry.bytes) {
      throw new BackupRefused(
        `备份文件已损坏：${entry.path} 的校验和不对`,
        `the archive is damaged: ${entry.path} does not match its checksum`,
      );
    }
  }
  const problems = await checkDatabaseFile(join(into, DATABASE_FILE), false);
  if (problems.length > 0) {
    throw new BackupRefused(
      `备份里的数据库检查出损坏：${problems[0]}`,
      `the archive's database fails quick_check: ${problems[0]}`,
    );
  }
  return manifest;
}

/** Checks an archive without restoring it: every checksum and the database's quick_check. */
export async function verifyBackup(archive: string): Promise<BackupManifest> {
  const into = await mkdtemp(join(dirname(archive), '.verify-'));
  try {
    return await extractVerified(archive, into);
  } finally {
    await rm(into, { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (thrown) {
    return (thrown as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Restores `archive` into `dataDir`, after checking it whole. Refuses a folder whose host is
 * running or that already holds a non-empty database (move it aside first): a restore never
 * overwrites a live database.
 */
export async function restoreBackup(archive: string, dataDir: string): Promise<BackupManifest> {
  const pidText = await readFile(join(dataDir, PID_FILE), 'utf8').catch(() => null);
  const pid = pidText === null ? NaN : Number(pidText.trim());
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    throw new BackupRefused(
      `数据目录 ${dataDir} 的服务正在运行（进程 ${pid}），请先停止服务再恢复`,
      `the host of ${dataDir} is running (pid ${pid}); stop it before restoring`,
    );
  }
  const db = join(dataDir, DATABASE_FILE);
  if (existsSync(db) && (await stat(db)).size > 0) {
    throw new BackupRefused(
      `数据目录 ${dataDir} 里已经有数据库，恢复不会覆盖它；请先把它移走（例如改名为 ${basename(db)}.old）`,
      `${dataDir} already holds a database; a restore never overwrites one. Move it aside first.`,
    );
  }
  await mkdir(dataDir, { recursive: true });
  const into = await mkdtemp(join(dataDir, '.restore-'));
  try {
    const manifest = await extractVerified(archive, into);
    for (const stale of [`${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`, DATABASE_FILE]) {
      await rm(join(dataDir, stale), { force: true });
    }
    for (const entry of manifest.files) {
      const target = join(dataDir, entry.path);
      await mkdir(dirname(target), { recursive: true });
      await rename(join(into, entry.path), target);
    }
    return manifest;
  } finally {
    await rm(into, { recursive: true, force: true });
  }
}

/** The archive name for a backup taken at `at`. */
export function backupName(at: Date): string {
  return `hehe-backup-${at.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}.tar.gz`;
}

/** Deletes all but the newest `keep` archives in `dir`; answers the names deleted. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  if (!existsSync(dir)) return [];
  const archives = (await readdir(dir))
    .filter((n) => /^hehe-backup-\d{8}T\d{6}\.tar\.gz$/.test(n))
    .sort();
  const gone = archives.slice(0, Math.max(0, archives.length - keep));
  for (const name of gone) await rm(join(dir, name), { force: true });
  return gone;
}
