/**
 * The host refuses a data folder it must not start on, with a message in Chinese and English,
 * and exits 2 without touching anything: a used folder whose database is missing or empty
 * (it would re-seed the sample town over a lost town), a truncated database, a database with
 * a damaged page, and a folder it cannot write. A fresh folder starts and is marked as used.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore } from '../../functions/store/sqlite.store';
import { DATABASE_FILE, MARKER_FILE } from '../../functions/host/data-folder';
import type { HostProcess } from '../support/host-process';
import { startHost } from '../support/host-process';

jest.setTimeout(60_000);

let dataDir: string;
let host: HostProcess | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hehe-folder-'));
});
afterEach(async () => {
  if (host !== undefined && host.proc.exitCode === null) {
    host.proc.kill('SIGKILL');
    await host.exited;
  }
  host = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

/** A used data folder: the host ran on it once, wrote the sample town, and stopped. */
async function usedFolder(): Promise<void> {
  host = await startHost({ DATA_DIR: dataDir });
  await host.url();
  host.proc.kill('SIGTERM');
  expect((await host.exited).code).toBe(0);
  host = undefined;
  expect(existsSync(join(dataDir, MARKER_FILE))).toBe(true);
}

async function refusal(env: Record<string, string> = {}): Promise<string> {
  host = await startHost({ DATA_DIR: dataDir, ...env });
  const { code } = await host.exited;
  expect(code).toBe(2);
  expect(host.stderr()).not.toContain('local host running');
  return host.stderr();
}

test('a used folder whose database was deleted is refused, not re-seeded', async () => {
  await usedFolder();
  for (const name of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
    rmSync(join(dataDir, name), { force: true });
  }
  const text = await refusal();
  expect(text).toContain('数据库文件 hehe.sqlite 不见了');
  expect(text).toContain('is missing');
  expect(existsSync(join(dataDir, DATABASE_FILE))).toBe(false);
});

test('a zero-length database is refused and left as it is', async () => {
  await usedFolder();
  for (const name of [`${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
    rmSync(join(dataDir, name), { force: true });
  }
  writeFileSync(join(dataDir, DATABASE_FILE), '');
  const text = await refusal();
  expect(text).toContain('是空的（0 字节）');
  expect(text).toContain('is empty (0 bytes)');
  expect(statSync(join(dataDir, DATABASE_FILE)).size).toBe(0);
});

test('a truncated database is refused', async () => {
  await usedFolder();
  const path = join(dataDir, DATABASE_FILE);
  truncateSync(path, Math.floor(statSync(path).size / 2) + 100);
  const text = await refusal();
  expect(text).toContain('不是一个完整的数据库');
  expect(text).toContain('not a whole SQLite database');
});

test('a database with a damaged page is refused by quick_check', async () => {
  const path = join(dataDir, DATABASE_FILE);
  const store = openSqliteStore({ path });
  for (let i = 0; i < 400; i += 1) {
    const put = await store.insert('audit_events', {
      _id: `e${String(i).padStart(4, '0')}`,
      townId: 'town-a',
      at: `2025-11-17T09:00:${String(i % 60).padStart(2, '0')}.000+08:00`,
      note: '记录'.repeat(100),
    });
    expect(put.ok).toBe(true);
  }
  await store.close();
  writeFileSync(join(dataDir, MARKER_FILE), '{}\n');
  // Scribble over pages in the middle of the file (not the header page).
  const size = statSync(path).size;
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, Math.floor(size / 2 / 4096) * 4096);
  closeSync(fd);
  const text = await refusal();
  expect(text).toMatch(/检查出损坏|不是一个完整的数据库/);
  expect(text).toMatch(/damaged|not a whole SQLite database/);
});

test('a folder the host cannot write is refused', async () => {
  await usedFolder();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // Root writes through permission bits: make the folder a read-only mount instead.
    const copy = mkdtempSync(join(tmpdir(), 'hehe-folder-copy-'));
    execFileSync('cp', ['-a', `${dataDir}/.`, copy]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', dataDir]);
    try {
      execFileSync('cp', ['-a', `${copy}/.`, dataDir]);
      execFileSync('mount', ['-o', 'remount,ro', dataDir]);
      const text = await refusal();
      expect(text).toContain('不能写入');
      expect(text).toContain('cannot be written');
    } finally {
      execFileSync('umount', [dataDir]);
      rmSync(copy, { recursive: true, force: true });
    }
  } else {
    execFileSync('chmod', ['0555', dataDir]);
    try {
      const text = await refusal();
      expect(text).toContain('不能写入');
    } finally {
      execFileSync('chmod', ['0755', dataDir]);
    }
  }
});

test('a fresh folder starts, is marked as used, and answers an honest health check', async () => {
  host = await startHost({ DATA_DIR: dataDir });
  const url = await host.url();
  const marker = JSON.parse(readFileSync(join(dataDir, MARKER_FILE), 'utf8')) as {
    version: string;
  };
  expect(marker.version).toMatch(/^\d+\.\d+\.\d+/);
  const res = await fetch(`${url}/api/health`);
  expect(res.status).toBe(200);
  const body = (await res.json()) as {
    data: {
      disk: { freeBytes: number };
      database: { walBytes: number };
      timers: { timer: string }[];
    };
  };
  expect(body.data).toMatchObject({
    status: 'ok',
    version: marker.version,
    database: { writable: true, synchronous: 'FULL' },
    outbox: { backlog: 0 },
  });
  expect(body.data.disk.freeBytes).toBeGreaterThan(0);
  expect(body.data.database.walBytes).toBeGreaterThanOrEqual(0);
  expect(body.data.timers.map((t: { timer: string }) => t.timer)).toEqual([
    'outbox.deliver',
    'deadlines.sweep',
    'reminders.run',
  ]);
  host.proc.kill('SIGTERM');
  expect((await host.exited).code).toBe(0);
});
