/**
 * Runs the project's serverless-devs CLI (`s` 3.x) the way a contractor would, but sealed: a
 * temporary HOME (s keeps its config, logs and access keys under ~/.s), no Tencent Cloud keys in
 * the environment, s's update check and usage reporting switched off, and every network
 * connection refused and recorded (no-network.cjs). Each run is time-boxed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
const S_BIN = join(ROOT, 'node_modules/@serverless-devs/s/bin/s');
const S_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules/@serverless-devs/s/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const TIME_BOX_MS = 60_000;

export interface SRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Connections and lookups the child tried (and was refused). */
  readonly networkAttempts: readonly string[];
}

/** A fresh HOME for s: update check recorded as just done, usage reporting off. */
function sealedHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'hehe-s-home-'));
  mkdirSync(join(home, '.s', 'config'), { recursive: true });
  writeFileSync(
    join(home, '.s', 'config', 'update-notifier.json'),
    JSON.stringify({
      output: false,
      current: S_VERSION,
      latest: S_VERSION,
      lastUpdateCheck: Date.now(),
    }),
  );
  writeFileSync(join(home, '.s', 'set-config.yml'), 'analysis: disable\n');
  return home;
}

/**
 * Runs `s <args>` in the project folder. `env` adds variables (TCB_ENV_ID …); variables that
 * would change the outcome (keys, env ids, templates) are cleared first.
 */
export function runS(args: readonly string[], env: Readonly<Record<string, string>> = {}): SRun {
  const home = sealedHome();
  const networkLog = join(home, 'network.log');
  writeFileSync(networkLog, '');
  const childEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(TENCENTCLOUD_|TCB_|WX_|ALIBABA_CLOUD_|NODE_OPTIONS$|HOME$)/.test(key)) continue;
    childEnv[key] = value;
  }
  Object.assign(childEnv, {
    HOME: home,
    USERPROFILE: home,
    NODE_ENV: 'test',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    NO_NETWORK_LOG: networkLog,
    NODE_OPTIONS: `--require ${join(__dirname, 'no-network.cjs')}`,
    ...env,
  });
  try {
    const result = spawnSync(process.execPath, [S_BIN, ...args], {
      cwd: ROOT,
      env: childEnv,
      encoding: 'utf8',
      timeout: TIME_BOX_MS,
      input: '',
    });
    if (result.error) throw result.error;
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      networkAttempts: readFileSync(networkLog, 'utf8').split('\n').filter(Boolean),
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The JSON document s prints with `-o json` (after its own log lines). */
export function jsonOf(run: SRun): unknown {
  const lines = run.stdout.split('\n');
  const start = lines.findIndex((line) => line === '{');
  if (start < 0) throw new Error(`no JSON in s output:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(lines.slice(start).join('\n')) as unknown;
}

export interface RenderedResource {
  readonly component: string;
  readonly props: Record<string, unknown>;
}

/** s.yaml as `s preview` renders it: variables resolved, `extend` templates merged. */
export function renderedResources(
  env: Readonly<Record<string, string>> = {},
): Record<string, RenderedResource> {
  const run = runS(['preview', '-o', 'json'], env);
  if (run.status !== 0) throw new Error(`s preview failed:\n${run.stdout}\n${run.stderr}`);
  return (jsonOf(run) as { resources: Record<string, RenderedResource> }).resources;
}

/** The props of each resource, by resource name. */
export function propsByResource(
  resources: Readonly<Record<string, RenderedResource>>,
): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(resources).map(([name, r]) => [name, r.props]));
}
