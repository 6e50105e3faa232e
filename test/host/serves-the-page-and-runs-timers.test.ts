/**
 * The host serves the H5 build at `/` (or says how to build it), runs the timer functions for
 * every town without overlapping runs, and shuts down in order, closing the store last.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { appError } from '../../shared/kernel/errors';
import { err, ok } from '../../shared/kernel/result';
import { defineAction, defineFunction } from '../../functions/runtime/action';
import type { Logger } from '../../functions/runtime/ports';
import { StoreUsageError } from '../../functions/store/store.port';
import { BUILD_MISSING_PAGE, contentTypeOf } from '../../functions/host/static.routes';
import { createHostServer } from '../../functions/host/server';
import { NUDGE_DELAY_MS, createTimerRunner } from '../../functions/host/timers';
import type { HostFixture } from './host.fixture';
import { TEST_SECRET, createHostFixture, toy } from './host.fixture';
import { asDb } from '../../functions/store/store.raw';

describe('the H5 page', () => {
  let f: HostFixture;
  afterEach(async () => {
    await f.dispose();
  });

  test('without a build, / says in Chinese and English how to build it', async () => {
    f = await createHostFixture();
    const res = await f.host.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toBe(BUILD_MISSING_PAGE);
    expect(res.body).toContain('npm run build:h5');
    expect(res.body).toContain('网页版还没有构建');
    expect((await f.host.app.inject({ method: 'GET', url: '/pages/index' })).statusCode).toBe(404);
  });

  test('with a build, files are served, page paths fall back to index.html, /api never does', async () => {
    f = await createHostFixture();
    const h5Dir = join(f.dataDir, 'h5');
    mkdirSync(join(h5Dir, 'js'), { recursive: true });
    writeFileSync(join(h5Dir, 'index.html'), '<!doctype html><title>和合说事</title>');
    writeFileSync(join(h5Dir, 'js', 'app.3f9a.js'), 'console.log(1)');
    writeFileSync(join(h5Dir, '.env'), 'SECRET=1');
    const host = createHostServer({
      runtime: f.runtime,
      functions: [toy],
      dataDir: f.dataDir,
      h5Dir,
      cookieSecret: TEST_SECRET,
    });
    const get = (url: string, headers: Record<string, string> = {}) =>
      host.app.inject({ method: 'GET', url, headers });

    const index = await get('/');
    expect(index.statusCode).toBe(200);
    expect(index.body).toBe('<!doctype html><title>和合说事</title>');
    expect(index.headers['cache-control']).toBe('no-cache');

    const script = await get('/js/app.3f9a.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.body).toBe('console.log(1)');
    const again = await get('/js/app.3f9a.js', { 'if-none-match': String(script.headers.etag) });
    expect(again.statusCode).toBe(304);

    const deepLink = await get('/pages/concern/detail?id=c1');
    expect(deepLink.statusCode).toBe(200);
    expect(deepLink.body).toContain('和合说事');

    expect((await get('/js/missing.js')).statusCode).toBe(404);
    expect((await get('/.env')).statusCode).toBe(404);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd')).body).not.toContain('root:');
    expect((await get('/%E0%A4%A')).statusCode).toBe(400);
    const api = await get('/api/unknown');
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await host.app.close();
  });

  test('the build goes out gzipped to a browser that accepts it, and whole to one that does not', async () => {
    f = await createHostFixture();
    const h5Dir = join(f.dataDir, 'h5');
    mkdirSync(join(h5Dir, 'js'), { recursive: true });
    writeFileSync(join(h5Dir, 'index.html'), '<!doctype html><title>和合说事</title>');
    const bundle = `var t="${'和合说事 '.repeat(2000)}";`;
    writeFileSync(join(h5Dir, 'js', 'app.9c1d.js'), bundle);
    const host = createHostServer({
      runtime: f.runtime,
      functions: [toy],
      dataDir: f.dataDir,
      h5Dir,
      cookieSecret: TEST_SECRET,
    });
    const zipped = await host.app.inject({
      method: 'GET',
      url: '/js/app.9c1d.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(Buffer.byteLength(bundle) / 5);
    expect(gunzipSync(zipped.rawPayload).toString('utf8')).toBe(bundle);

    const plain = await host.app.inject({ method: 'GET', url: '/js/app.9c1d.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(bundle);
    // API replies are never compressed here (the SSE stream must not be buffered).
    const api = await host.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(api.headers['content-encoding']).toBeUndefined();
  });

  test('content types follow the extension', () => {
    expect(contentTypeOf('a/b.CSS')).toBe('text/css; charset=utf-8');
    expect(contentTypeOf('font.woff2')).toBe('font/woff2');
    expect(contentTypeOf('blob.xyz')).toBe('application/octet-stream');
  });
});

/** A logger that remembers what it was told. */
function recordingLogger(): Logger & { lines: { level: string; obj: object; msg?: string }[] } {
  const lines: { level: string; obj: object; msg?: string }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj, msg });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

describe('timers', () => {
  let f: HostFixture;
  afterEach(async () => {
    await f.dispose();
  });

  test('each timer runs for every town on its schedule, never overlapping itself', async () => {
    const calls: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const deadlines = defineFunction('deadlines', {
      sweep: defineAction({
        input: z.strictObject({}).nullish(),
        access: 'timer',
        async run(_ctx, call) {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          // Slower than the interval, so a naive setInterval would overlap.
          await new Promise((r) => setTimeout(r, 30));
          running -= 1;
          calls.push(call.caller.actor!.townId);
          return call.caller.actor!.townId === 'town-b' ? err(appError('CONFLICT')) : ok(null);
        },
      }),
    });
    f = await createHostFixture();
    const log = recordingLogger();
    // A runner on the fixture's store with a logger we can read.
    const runner = createTimerRunner(
      { ...f.runtime.ctx, log },
      [{ fn: 'deadlines', action: 'sweep', everyMs: 5 }],
      new Map([['deadlines', deadlines]]),
    );
    for (const id of ['town-a', 'town-b']) {
      expect(
        (await f.runtime.store.insert('towns', { _id: id, name: id, countyId: 'juxian' })).ok,
      ).toBe(true);
    }
    runner.start();
    runner.start(); // starting twice schedules once
    const started = Date.now();
    while (calls.length < 6 && Date.now() - started < 3000)
      await new Promise((r) => setTimeout(r, 10));
    await runner.stop();
    const settled = calls.length;
    await new Promise((r) => setTimeout(r, 50));

    expect(calls.length).toBe(settled);
    expect(calls.slice(0, 4)).toEqual(['town-a', 'town-b', 'town-a', 'town-b']);
    expect(maxRunning).toBe(1);
    expect(
      log.lines.some((l) => l.level === 'error' && JSON.stringify(l.obj).includes('town-b')),
    ).toBe(true);
    expect(
      log.lines.some((l) => l.level === 'info' && JSON.stringify(l.obj).includes('town-a')),
    ).toBe(true);
  });

  test('a nudge brings the next run forward, and a nudge during a run adds one run after it', async () => {
    const runs: number[] = [];
    let release: (() => void) | null = null;
    const outbox = defineFunction('outbox', {
      deliver: defineAction({
        input: z.strictObject({}).nullish(),
        access: 'timer',
        async run() {
          runs.push(Date.now());
          if (runs.length === 1) await new Promise<void>((r) => (release = r));
          return ok(null);
        },
      }),
    });
    f = await createHostFixture();
    await f.runtime.store.insert('towns', { _id: 'town-a', name: '小店镇', countyId: 'juxian' });
    const runner = createTimerRunner(
      f.runtime.ctx,
      [{ fn: 'outbox', action: 'deliver', everyMs: 60_000 }],
      new Map([['outbox', outbox]]),
    );
    const waitFor = async (done: () => boolean) => {
      const started = Date.now();
      while (!done() && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 10));
    };
    runner.nudge('outbox'); // before start: nothing
    await new Promise((r) => setTimeout(r, NUDGE_DELAY_MS + 50));
    expect(runs).toHaveLength(0);

    runner.start();
    runner.nudge('outbox');
    runner.nudge('outbox'); // a burst makes one run
    await waitFor(() => runs.length === 1);
    expect(runs).toHaveLength(1);
    runner.nudge('outbox'); // during the (held) first run
    runner.nudge('deadlines'); // another function's nudge changes nothing here
    (release as unknown as () => void)();
    await waitFor(() => runs.length === 2);
    expect(runs).toHaveLength(2);
    await new Promise((r) => setTimeout(r, NUDGE_DELAY_MS * 3));
    expect(runs).toHaveLength(2); // then back to every minute
    await runner.stop();
  });

  test('steady nudges never starve the run, and a run with work left is followed at once', async () => {
    const runs: number[] = [];
    const outbox = defineFunction('outbox', {
      deliver: defineAction({
        input: z.strictObject({}).nullish(),
        access: 'timer',
        async run() {
          runs.push(Date.now());
          // The first three runs stop with work left, as a full batch does.
          return ok({ more: runs.length <= 3 });
        },
      }),
    });
    f = await createHostFixture();
    await f.runtime.store.insert('towns', { _id: 'town-a', name: '小店镇', countyId: 'juxian' });
    const runner = createTimerRunner(
      f.runtime.ctx,
      [{ fn: 'outbox', action: 'deliver', everyMs: 60_000 }],
      new Map([['outbox', outbox]]),
    );
    runner.start();
    // One call every 20 ms for a second: a debounce re-armed on each would never fire.
    const first = Date.now();
    while (Date.now() - first < 1000) {
      runner.nudge('outbox');
      await new Promise((r) => setTimeout(r, 20));
    }
    await runner.stop();
    expect(runs.length).toBeGreaterThanOrEqual(4);
    // The first run came within the nudge delay (plus timer slack), not after the traffic.
    expect(runs[0]! - first).toBeLessThan(NUDGE_DELAY_MS + 250);
    // Runs 2..4 followed the ones that left work at once, without waiting for a nudge delay.
    expect(runs[3]! - runs[0]!).toBeLessThan(NUDGE_DELAY_MS);
    const status = runner.status();
    expect(status).toEqual([
      expect.objectContaining({ timer: 'outbox.deliver', running: false, lastFailedTowns: 0 }),
    ]);
    expect(status[0]!.lastFinishedAt).not.toBeNull();
  });

  test('a successful call through the host nudges the outbox timer', async () => {
    const seen: number[] = [];
    const outbox = defineFunction('outbox', {
      deliver: defineAction({
        input: z.strictObject({}).nullish(),
        access: 'timer',
        async run() {
          seen.push(Date.now());
          return ok(null);
        },
      }),
    });
    f = await createHostFixture({
      functions: [toy, outbox],
      timers: [{ fn: 'outbox', action: 'deliver', everyMs: 60_000 }],
    });
    await f.runtime.store.insert('towns', { _id: 'town-a', name: '小店镇', countyId: 'juxian' });
    const info = await f.host.start(0, '127.0.0.1');
    const call = (data: unknown) =>
      fetch(`${info.url}/api/fn/toy`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(data),
      });
    expect((await call({ action: 'fail', data: { code: 'CONFLICT' } })).status).toBe(409);
    await new Promise((r) => setTimeout(r, NUDGE_DELAY_MS + 100));
    expect(seen).toHaveLength(0); // a refused call queues nothing
    expect((await call({ action: 'echo', data: { text: '你好' } })).status).toBe(200);
    const started = Date.now();
    while (seen.length === 0 && Date.now() - started < 3000)
      await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveLength(1);
    await f.host.stop();
  });

  test('the host starts its timers on start and stops them on stop', async () => {
    const seen: string[] = [];
    const outbox = defineFunction('outbox', {
      deliver: defineAction({
        input: z.strictObject({}).nullish(),
        access: 'timer',
        async run(_ctx, call) {
          seen.push(call.caller.actor!.townId);
          return ok(null);
        },
      }),
    });
    f = await createHostFixture({
      functions: [toy, outbox],
      timers: [{ fn: 'outbox', action: 'deliver', everyMs: 5 }],
    });
    await f.runtime.store.insert('towns', { _id: 'town-a', name: '小店镇', countyId: 'juxian' });
    await f.host.start(0, '127.0.0.1');
    const started = Date.now();
    while (seen.length < 2 && Date.now() - started < 3000)
      await new Promise((r) => setTimeout(r, 10));
    await f.host.stop();
    const count = seen.length;
    expect(count).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 40));
    expect(seen.length).toBe(count);
  });

  test('a thrown error in a run is logged and the timer keeps its schedule', async () => {
    const log = recordingLogger();
    f = await createHostFixture();
    const def = defineFunction('flaky', {
      tick: defineAction({ input: z.unknown(), access: 'timer', run: async () => ok(null) }),
    });
    let reads = 0;
    const store = new Proxy(f.runtime.store, {
      get(target, prop, receiver) {
        if (prop === 'query') {
          return () => {
            reads += 1;
            throw new Error('disk on fire');
          };
        }
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const runner = createTimerRunner(
      { ...f.runtime.ctx, store: asDb(store), log },
      [{ fn: 'flaky', action: 'tick', everyMs: 5 }],
      new Map([['flaky', def]]),
    );
    runner.start();
    const started = Date.now();
    while (reads < 2 && Date.now() - started < 3000) await new Promise((r) => setTimeout(r, 10));
    await runner.stop();
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(
      log.lines.some((l) => l.level === 'error' && JSON.stringify(l.obj).includes('disk on fire')),
    ).toBe(true);
  });

  test('a timer naming a function that is not registered fails at start-up', async () => {
    f = await createHostFixture();
    expect(() =>
      createHostServer({
        runtime: f.runtime,
        functions: [toy],
        timers: [{ fn: 'missing', action: 'sweep', everyMs: 1000 }],
        dataDir: f.dataDir,
        h5Dir: f.h5Dir,
        cookieSecret: TEST_SECRET,
      }),
    ).toThrow(/missing\.sweep/);
    expect(() =>
      createTimerRunner(
        f.runtime.ctx,
        [{ fn: 'toy', action: 'echo', everyMs: 0 }],
        new Map([['toy', toy]]),
      ),
    ).toThrow(/everyMs/);
  });
});

describe('start-up checks and shutdown', () => {
  test('a short cookie secret or a function registered twice is refused', async () => {
    const f = await createHostFixture();
    const base = { runtime: f.runtime, dataDir: f.dataDir, h5Dir: f.h5Dir };
    expect(() => createHostServer({ ...base, functions: [toy], cookieSecret: 'short' })).toThrow(
      /32/,
    );
    expect(() =>
      createHostServer({ ...base, functions: [toy, toy], cookieSecret: TEST_SECRET }),
    ).toThrow(/twice/);
    await f.dispose();
  });

  test('stop finishes, closes the store, and is safe to call twice', async () => {
    const f = await createHostFixture();
    const info = await f.host.start(0, '127.0.0.1');
    expect(info.url).toBe(`http://127.0.0.1:${info.port}`);
    expect(info.seed).toBeNull();
    const health = await fetch(`${info.url}/api/health`);
    expect(health.status).toBe(200);
    await Promise.all([f.host.stop(), f.host.stop()]);
    await expect(f.runtime.store.get('accounts', 'x')).rejects.toThrow(StoreUsageError);
    await expect(fetch(`${info.url}/api/health`)).rejects.toThrow();
    await f.dispose();
  });

  test('start runs the seed first and reports what it created', async () => {
    const seeded: string[] = [];
    const f = await createHostFixture({
      seed: async (ctx) => {
        seeded.push(ctx.clock.nowIso());
        return {
          created: true,
          demoAccounts: [
            { name: '王秀兰', roles: ['villager'], login: '13900000001', password: 'demo-pass-1' },
          ],
        };
      },
    });
    const info = await f.host.start(0, '127.0.0.1');
    expect(seeded).toHaveLength(1);
    expect(info.seed?.demoAccounts[0]?.login).toBe('13900000001');
    await f.dispose();
  });
});
