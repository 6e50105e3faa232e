/**
 * `npm start` as a person runs it: the main module boots on a fresh data folder and a free
 * port, answers /api/health, keeps its cookie secret private, and exits 0 on SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const TSX_CLI = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

let dataDir: string;
let child: ChildProcess | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'hehe-main-'));
});
afterEach(() => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

function waitFor<T>(what: string, ms: number, check: () => T | undefined): Promise<T> {
  return new Promise((ok, fail) => {
    const started = Date.now();
    const poll = () => {
      const value = check();
      if (value !== undefined) return ok(value);
      if (Date.now() - started > ms) return fail(new Error(`timed out waiting for ${what}`));
      setTimeout(poll, 25);
    };
    poll();
  });
}

test('boots on PORT=0 and DATA_DIR, answers health, and exits 0 on SIGTERM', async () => {
  let stdout = '';
  let stderr = '';
  const proc = spawn(process.execPath, [TSX_CLI, 'functions/host/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, COOKIE_SECRET: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  proc.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));

  const url = await waitFor(
    'the start-up banner',
    8000,
    () => /local host running: (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1],
  );
  const health = await fetch(`${url}/api/health`);
  expect(health.status).toBe(200);
  const body = (await health.json()) as { ok: boolean; data: { status: string } };
  expect(body).toMatchObject({ ok: true, data: { status: 'ok' } });

  // Logs are JSON lines on stdout; the banner stays off them.
  const lines = stdout.trim().split('\n');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  expect(stdout).not.toContain('local host running');
  // The generated cookie secret is readable by the owner only.
  expect(statSync(join(dataDir, 'cookie-secret')).mode & 0o777).toBe(0o600);

  proc.kill('SIGTERM');
  const code = await Promise.race([
    exited,
    new Promise<'hung'>((r) => setTimeout(() => r('hung'), 5000)),
  ]);
  expect(code).toBe(0);
  expect(stdout).toContain('"msg":"stopped"');
}, 15_000);
