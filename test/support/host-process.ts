/**
 * The local host as its own process, as `npm start` runs it: the compiled build
 * (scripts/build-host.ts, built once per test file into .work/, which node_modules resolves
 * from, and removed after the file) started with plain node on a data folder and a free port. For tests of what only a
 * real process shows: start-up refusals, SIGTERM, kill -9.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildHost } from '../../scripts/build-host';

const ROOT = resolve(__dirname, '../..');
let built: Promise<string> | undefined;

/** Builds the host once per test process; answers the folder with main.js. */
export function hostBuild(): Promise<string> {
  built ??= (async () => {
    const out = join(ROOT, '.work', `host-build-${process.pid}`);
    mkdirSync(out, { recursive: true });
    return buildHost(out);
  })();
  return built;
}

// Each test file (its own module registry) builds once and removes its build when done.
afterAll(async () => {
  if (built === undefined) return;
  const dir = await built.catch(() => undefined);
  built = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

export interface HostProcess {
  readonly proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The URL from the start-up banner; rejects if the process exits first or after `ms`. */
  url(ms?: number): Promise<string>;
}

/** Starts `dist/host/<entry>.js` (main by default) with `env` over the test's environment. */
export async function startHost(
  env: Record<string, string>,
  entry = 'main',
  args: readonly string[] = [],
): Promise<HostProcess> {
  const dir = await hostBuild();
  const proc = spawn(process.execPath, [join(dir, `${entry}.js`), ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      COOKIE_SECRET: '',
      BACKUP_EVERY_HOURS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let errText = '';
  proc.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => (errText += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    proc.on('exit', (code, signal) => r({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  return {
    proc,
    stdout: () => out,
    stderr: () => errText,
    exited,
    url(ms = 20_000) {
      return new Promise((ok, fail) => {
        const started = Date.now();
        const poll = () => {
          const found = /local host running: (http:\/\/127\.0\.0\.1:\d+)/.exec(errText)?.[1];
          if (found !== undefined) return ok(found);
          if (gone) return fail(new Error(`host exited before listening:\n${errText}`));
          if (Date.now() - started > ms) return fail(new Error(`host did not start:\n${errText}`));
          setTimeout(poll, 25);
        };
        poll();
      });
    },
  };
}

/** Waits for `check` to answer something other than undefined, polling every 25 ms. */
export function waitFor<T>(
  what: string,
  ms: number,
  check: () => T | undefined | Promise<T | undefined>,
): Promise<T> {
  return new Promise((ok, fail) => {
    const started = Date.now();
    const poll = async () => {
      const value = await check();
      if (value !== undefined) return ok(value);
      if (Date.now() - started > ms) return fail(new Error(`timed out waiting for ${what}`));
      setTimeout(() => void poll(), 25);
    };
    void poll();
  });
}
