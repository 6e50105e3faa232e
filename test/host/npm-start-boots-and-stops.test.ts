/**
 * `npm start` as a person runs it: the compiled host (plain node on dist/host/main.js) boots
 * on a fresh data folder and a free port, answers /api/health, keeps its cookie secret
 * private, and exits 0 on SIGTERM. package.json's start script builds and runs exactly that.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HostProcess } from '../support/host-process';
import { startHost } from '../support/host-process';

const ROOT = resolve(__dirname, '../..');
let dataDir: string;
let host: HostProcess | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hehe-main-'));
});
afterEach(async () => {
  if (host !== undefined && host.proc.exitCode === null) {
    host.proc.kill('SIGKILL');
    await host.exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test('npm start builds the host and runs it as plain node', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  expect(pkg.scripts.start).toMatch(/build-host\.ts.*&& node dist\/host\/main\.js$/);
});

test('boots on PORT=0 and DATA_DIR, answers health, and exits 0 on SIGTERM', async () => {
  host = await startHost({ DATA_DIR: dataDir });
  const url = await host.url();
  const health = await fetch(`${url}/api/health`);
  expect(health.status).toBe(200);
  const body = (await health.json()) as { ok: boolean; data: { status: string } };
  expect(body).toMatchObject({ ok: true, data: { status: 'ok' } });

  // Logs are JSON lines on stdout; the banner stays off them.
  const lines = host.stdout().trim().split('\n');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  expect(host.stdout()).not.toContain('local host running');
  // The generated cookie secret is readable by the owner only.
  expect(statSync(join(dataDir, 'cookie-secret')).mode & 0o777).toBe(0o600);

  host.proc.kill('SIGTERM');
  const exit = await Promise.race([
    host.exited,
    new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5000)),
  ]);
  expect(exit).toEqual({ code: 0, signal: null });
  expect(host.stdout()).toContain('"msg":"stopped"');
}, 30_000);
