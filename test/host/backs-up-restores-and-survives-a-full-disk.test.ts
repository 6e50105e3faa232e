/**
 * Operating a town's host: `npm run backup` while the villager keeps submitting makes one
 * archive that, restored on a fresh folder, holds every write acknowledged before the backup
 * began (a copy of the file would not); a restore checks the archive whole and never
 * overwrites a live database; a full disk (a small tmpfs, as root) gives the specific
 * retryable error with nothing half-written, and the same request goes through once space
 * is back. Scheduled backups keep the newest few.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupName, createBackup, pruneBackups, verifyBackup } from '../../functions/host/backup';
import { openSqliteStore } from '../../functions/store/sqlite.store';
import type { Sent } from '../support/host-load';
import { freeSlots, load, signIn, stored, submit } from '../support/host-load';
import type { HostProcess } from '../support/host-process';
import { startHost } from '../support/host-process';

jest.setTimeout(90_000);

let dirs: string[] = [];
const hosts: HostProcess[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  for (const host of hosts.splice(0)) {
    if (host.proc.exitCode === null && host.proc.signalCode === null) {
      host.proc.kill('SIGKILL');
      await host.exited;
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

async function boot(dataDir: string): Promise<{ host: HostProcess; url: string }> {
  const host = await startHost({ DATA_DIR: dataDir });
  hosts.push(host);
  return { host, url: await host.url(30_000) };
}

/** Runs one of the compiled commands (backup, restore) to its end. */
async function command(entry: string, env: Record<string, string>, args: string[] = []) {
  const run = await startHost(env, entry, args);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

test('a backup under writes, restored on a fresh folder, holds every write acknowledged before it began', async () => {
  const dataDir = tempDir('hehe-live-');
  const { url } = await boot(dataDir);
  const cookie = await signIn(url);
  const burst = load(url, cookie, 4, await freeSlots(url, cookie));
  while (burst.acked() < 20) await new Promise((r) => setTimeout(r, 20));
  const ackedBefore: Sent[] = burst.sent.filter((s) => s.id !== undefined).map((s) => ({ ...s }));
  const archive = join(tempDir('hehe-archive-'), 'town.tar.gz');
  const backup = await command('backup', { DATA_DIR: dataDir }, ['--out', archive]);
  const ackedDuring = burst.acked() - ackedBefore.length;
  await burst.stop();
  expect(backup.code).toBe(0);
  expect(backup.stdout.trim()).toBe(archive);
  expect(ackedDuring).toBeGreaterThan(0); // writes went on while it ran

  // While the host runs, a restore into its folder is refused.
  const live = await command('restore', { DATA_DIR: dataDir }, [archive]);
  expect(live.code).toBe(1);
  expect(live.stderr).toContain('正在运行');

  const fresh = tempDir('hehe-restored-');
  const restored = await command('restore', { DATA_DIR: fresh }, [archive]);
  expect(restored.code).toBe(0);
  expect(readFileSync(join(fresh, 'cookie-secret'), 'utf8')).toBe(
    readFileSync(join(dataDir, 'cookie-secret'), 'utf8'),
  );
  const db = await stored(fresh);
  expect(ackedBefore.some((s) => s.kind === 'booking')).toBe(true);
  for (const s of ackedBefore) {
    const records = { concern: db.concerns, booking: db.bookings, clue: db.clues }[s.kind];
    expect(records.get(s.id!)).toBe(1);
  }
  // A second restore over the restored database is refused: restore never overwrites.
  const again = await command('restore', { DATA_DIR: fresh }, [archive]);
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('已经有数据库');

  // The restored folder starts as the town it was.
  const back = await boot(fresh);
  const health = (await (await fetch(`${back.url}/api/health`)).json()) as {
    data: { status: string };
  };
  expect(health.data.status).toBe('ok');
});

test('a damaged archive is refused before anything is written', async () => {
  const dataDir = tempDir('hehe-src-');
  const { host } = await boot(dataDir);
  const out = join(tempDir('hehe-archive-'), 'a.tar.gz');
  const made = await createBackup(dataDir, out, '0.0.0-test');
  host.proc.kill('SIGTERM');
  await host.exited;
  expect(made.manifest.files.map((f) => f.path)).toEqual(
    expect.arrayContaining(['hehe.sqlite', 'cookie-secret']),
  );
  expect((await verifyBackup(out)).files).toHaveLength(made.manifest.files.length);

  // The same archive with its cookie secret swapped for another: the checksum no longer fits.
  const work = tempDir('hehe-tamper-');
  execFileSync('tar', ['-xzf', out, '-C', work]);
  writeFileSync(
    join(work, 'cookie-secret'),
    'someone else’s secret of at least thirty-two chars\n',
  );
  const tampered = join(work, '..', `${work.split('/').pop()}-t.tar.gz`);
  dirs.push(tampered);
  execFileSync('tar', ['-czf', tampered, '-C', work, ...readdirSync(work)]);
  const target = tempDir('hehe-target-');
  const refused = await command('restore', { DATA_DIR: target }, [tampered]);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('校验和不对');
  expect(existsSync(join(target, 'hehe.sqlite'))).toBe(false);
  expect(readdirSync(target)).toEqual([]);
});

test('scheduled backups keep the newest few', async () => {
  const dir = tempDir('hehe-retention-');
  const names = [0, 1, 2, 3, 4].map((d) => backupName(new Date(Date.UTC(2026, 0, 1 + d, 3))));
  for (const name of names) writeFileSync(join(dir, name), 'x');
  writeFileSync(join(dir, 'notes.txt'), 'kept');
  expect(await pruneBackups(dir, 3)).toEqual(names.slice(0, 2));
  expect(readdirSync(dir).sort()).toEqual([...names.slice(2), 'notes.txt'].sort());
});

const asRoot = process.getuid?.() === 0;
(asRoot ? test : test.skip)(
  'a full disk gives the specific retryable error, writes nothing half, and the retry goes through (root: tmpfs)',
  async () => {
    const dataDir = tempDir('hehe-full-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', dataDir]);
    try {
      const { host, url } = await boot(dataDir);
      const cookie = await signIn(url);
      // Fill the disk to the brim, leaving the database no room to grow.
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${join(dataDir, 'filler')}`, 'bs=64k'], {
          stdio: 'ignore',
        });
      } catch {
        // dd stops with "No space left on device": that is the point.
      }
      let refusal: { status: number; body: { error?: unknown } } | null = null;
      const tried: Sent[] = [];
      for (let n = 0; n < 400 && refusal === null; n += 1) {
        // Refused with nothing stored, so its retry below may carry the load's standard body.
        const item: Sent = {
          kind: 'concern',
          requestId: `full-disk-${String(n).padStart(4, '0')}`,
          n: 0,
        };
        tried.push(item);
        const res = await fetch(`${url}/api/fn/concern`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({
            action: 'submit',
            requestId: item.requestId,
            data: {
              kind: 'help',
              topic: 'other',
              text: `村东头的路灯坏了，第${n}次反映，晚上走路看不见。`.repeat(20),
              place: { gridNodeId: 'grid:xiaodian-sample:XD-01-01', text: '村东头大槐树旁' },
            },
          }),
        });
        const body = (await res.json()) as { ok: boolean; data?: { id: string }; error?: unknown };
        if (res.status === 200) item.id = body.data!.id;
        else refusal = { status: res.status, body };
      }
      expect(refusal).not.toBeNull();
      expect(refusal!.status).toBe(503);
      expect(refusal!.body.error).toMatchObject({
        code: 'INTERNAL',
        message: expect.stringContaining('存储空间已满'),
        details: { reason: 'storage_unavailable', problem: 'full', retryable: true },
      });
      const health = await fetch(`${url}/api/health`);
      expect([200, 503]).toContain(health.status);

      // An upload on the full disk: the same answer, and no part left behind.
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
        'base64',
      );
      const form = new FormData();
      form.append('file', new Blob([png], { type: 'image/png' }), 'p.png');
      const upload = await fetch(`${url}/api/upload`, {
        method: 'POST',
        headers: { cookie },
        body: form,
      });
      if (upload.status !== 200) {
        expect(upload.status).toBe(503);
        const parts = execFileSync('find', [dataDir, '-name', '*.part']).toString().trim();
        expect(parts).toBe('');
      }

      // Space is back: the refused request, sent again with its requestId, is stored once.
      rmSync(join(dataDir, 'filler'));
      const last = tried.at(-1)!;
      const id = await submit(url, cookie, last);
      expect(id).not.toBeNull();
      expect(await submit(url, cookie, last)).toBe(id);
      last.id = id!;
      host.proc.kill('SIGTERM');
      expect((await host.exited).code).toBe(0);

      const db = await stored(dataDir);
      for (const s of tried) expect(db.concerns.get(s.id!)).toBe(1);
      expect(db.concerns.size).toBeGreaterThanOrEqual(tried.length);
      const check = openSqliteStore({ path: join(dataDir, 'hehe.sqlite') });
      expect(await check.checkFile(true)).toEqual([]);
      await check.close();
    } finally {
      execFileSync('umount', ['-l', dataDir]);
    }
  },
);
