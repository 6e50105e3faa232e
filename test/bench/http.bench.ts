/**
 * HTTP benchmark of the local host against its baselines (test/bench/baseline-server.ts), all
 * measured in the same run on the same machine with autocannon (an npm devDependency): each
 * server is its own process, autocannon runs in this one. Figures are reported as ratios to
 * their baseline, never asserted.
 *
 * - `concern.submit` (the villager's 说事, one requestId each) against the bare insert endpoint
 *   (synchronous=FULL both): requests per second and p99 at 10 connections.
 * - `task.inbox` (the grid worker's first page) and `concern.listMine` (the villager's)
 *   against the bare indexed read, after the submit load filled them.
 * - push delivery under that load: the villager's live stream (SSE) is open while she
 *   submits; each `concern.received` push's lag is its arrival minus the submit's reply;
 *   after the load stops, how long until the outbox backlog (/api/health) is 0.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { buildHost } from '../../scripts/build-host';
import { DEMO_PASSWORD } from '../../functions/host/sample/seed';

const ROOT = resolve(__dirname, '../..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const CONNECTIONS = 10;
const VILLAGER = '13800009001';
/** The village grid worker of 王家庄, where the villager's concerns go. */
const WORKER = '13800000038';
const PLACE = 'grid:xiaodian-sample:XD-01-01';

interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

function started(proc: ChildProcess, find: (out: string, err: string) => string | undefined) {
  return new Promise<string>((ok, fail) => {
    let out = '';
    let errText = '';
    const check = () => {
      const found = find(out, errText);
      if (found !== undefined) ok(found);
    };
    proc.stdout!.on('data', (c: Buffer) => ((out += c.toString()), check()));
    proc.stderr!.on('data', (c: Buffer) => ((errText += c.toString()), check()));
    proc.on('exit', (code) => fail(new Error(`server exited ${code}: ${errText}`)));
  });
}

function stopper(proc: ChildProcess) {
  return () =>
    new Promise<void>((r) => {
      if (proc.exitCode !== null) return r();
      proc.once('exit', () => r());
      proc.kill('SIGTERM');
    });
}

async function baseline(mode: 'echo' | 'insert' | 'read', dir: string): Promise<Server> {
  const proc = spawn(process.execPath, [TSX, join(__dirname, 'baseline-server.ts'), mode, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await started(proc, (out) => /\{"port":(\d+)\}/.exec(out)?.[1]);
  return { url: `http://127.0.0.1:${port}`, stop: stopper(proc) };
}

async function host(dataDir: string): Promise<Server> {
  const dir = await buildHost(join(ROOT, '.work', 'bench-host'));
  const proc = spawn(process.execPath, [join(dir, 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      BACKUP_EVERY_HOURS: '0',
      COOKIE_SECRET: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Drain its JSON log so the pipe never fills.
  const url = await started(
    proc,
    (_out, err) => /local host running: (http:\/\/[^\s]+)/.exec(err)?.[1],
  );
  return { url, stop: stopper(proc) };
}

async function signIn(url: string, phone: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${phone}: ${res.status}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

export interface Load {
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly non2xx: number;
}

async function measure(options: autocannon.Options): Promise<Load> {
  const result = await autocannon({ connections: CONNECTIONS, timeout: 30, ...options });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function submitBody(n: number): string {
  return JSON.stringify({
    action: 'submit',
    requestId: `bench-${process.pid}-${String(n).padStart(8, '0')}`,
    data: {
      kind: 'help',
      topic: 'other',
      text: `村东头的路灯坏了一个星期了，晚上走路看不见（第${n}件）`,
      place: { gridNodeId: PLACE, text: '村东头大槐树旁' },
    },
  });
}

/** The villager's live stream: when each concern's push arrived. */
function liveStream(url: string, cookie: string) {
  const arrived = new Map<string, number>();
  let res: IncomingMessage | null = null;
  let buffer = '';
  const opened = new Promise<void>((ok, fail) => {
    const req = get(`${url}/api/events`, { headers: { cookie } }, (r) => {
      res = r;
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => {
        buffer += chunk;
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        const now = Date.now();
        for (const block of blocks) {
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data === undefined) continue;
          const event = JSON.parse(data.slice(6)) as { link: { id: string } | null };
          if (event.link !== null && !arrived.has(event.link.id)) arrived.set(event.link.id, now);
        }
      });
      ok();
    });
    req.on('error', fail);
  });
  return { opened, arrived, close: () => (res as IncomingMessage | null)?.destroy() };
}

async function backlog(url: string): Promise<number> {
  const health = (await (await fetch(`${url}/api/health`)).json()) as {
    data: { outbox: { backlog: number } };
  };
  return health.data.outbox.backlog;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export interface HttpFigures {
  readonly echo: Load;
  readonly bareInsert: Load;
  readonly bareRead: Load;
  readonly submit: Load;
  readonly inbox: Load;
  readonly listMine: Load;
  readonly push: {
    readonly acked: number;
    readonly shown: number;
    readonly lagP50Ms: number;
    readonly lagP99Ms: number;
    readonly drainMs: number;
  };
}

/** Runs every HTTP measurement; `seconds` per load (the push load is at least 20 s). */
export async function runHttpBench(seconds: number): Promise<HttpFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'hehe-http-bench-'));
  mkdirSync(join(dir, 'host'));
  const servers: Server[] = [];
  try {
    const echoServer = await baseline('echo', dir);
    servers.push(echoServer);
    const body = submitBody(0);
    const echo = await measure({
      url: `${echoServer.url}/echo`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duration: seconds,
    });
    await echoServer.stop();

    const insertServer = await baseline('insert', dir);
    servers.push(insertServer);
    const bareInsert = await measure({
      url: `${insertServer.url}/insert`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duration: seconds,
    });
    await insertServer.stop();

    const readServer = await baseline('read', dir);
    servers.push(readServer);
    const bareRead = await measure({ url: `${readServer.url}/read`, duration: seconds });
    await readServer.stop();

    const app = await host(join(dir, 'host'));
    servers.push(app);
    const villager = await signIn(app.url, VILLAGER);
    const worker = await signIn(app.url, WORKER);
    const stream = liveStream(app.url, villager);
    await stream.opened;
    const acked = new Map<string, number>();
    let n = 0;
    const submit = await measure({
      url: app.url,
      duration: Math.max(seconds, 20),
      requests: [
        {
          method: 'POST',
          path: '/api/fn/concern',
          headers: { 'content-type': 'application/json', cookie: villager },
          setupRequest: (request) => ({ ...request, body: submitBody((n += 1)) }),
          onResponse: (status, text) => {
            if (status !== 200) return;
            const id = (JSON.parse(text) as { data: { id: string } }).data.id;
            acked.set(id, Date.now());
          },
        },
      ],
    });
    const stoppedAt = Date.now();
    let drainMs = NaN;
    while (Date.now() - stoppedAt < 60_000) {
      if ((await backlog(app.url)) === 0) {
        drainMs = Date.now() - stoppedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    stream.close();
    const lags = [...acked].flatMap(([id, at]) => {
      const got = stream.arrived.get(id);
      return got === undefined ? [] : [Math.max(0, got - at)];
    });

    const call = (cookie: string, fn: string, action: string) => ({
      url: `${app.url}/api/fn/${fn}`,
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ action, data: { limit: 20 } }),
      duration: seconds,
    });
    const inbox = await measure(call(worker, 'task', 'inbox'));
    const listMine = await measure(call(villager, 'concern', 'listMine'));
    await app.stop();
    return {
      echo,
      bareInsert,
      bareRead,
      submit,
      inbox,
      listMine,
      push: {
        acked: acked.size,
        shown: lags.length,
        lagP50Ms: percentile(lags, 50),
        lagP99Ms: percentile(lags, 99),
        drainMs,
      },
    };
  } finally {
    for (const server of servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
