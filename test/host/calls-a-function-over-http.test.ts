/**
 * `POST /api/fn/<name>` answers the envelope with the HTTP status of docs/domain.md §3, refuses what
 * is not a call before any function runs, and never shows a stack trace; `/api/health` says
 * the host is up and which functions it serves.
 */
import { ERROR_CODES, HTTP_STATUS } from '../../shared/kernel/errors';
import type { HostFixture } from './host.fixture';
import { createHostFixture, signIn } from './host.fixture';

let f: HostFixture;

beforeAll(async () => {
  f = await createHostFixture();
});
afterAll(async () => {
  await f.dispose();
});

const call = (name: string, payload: unknown, cookie?: string) =>
  f.host.app.inject({
    method: 'POST',
    url: `/api/fn/${name}`,
    payload: payload as object,
    headers: cookie === undefined ? {} : { cookie },
  });

describe('the function route', () => {
  test.each(ERROR_CODES.map((code) => [code, HTTP_STATUS[code]] as const))(
    'an action failing with %s answers HTTP %i and the envelope error',
    async (code, status) => {
      const res = await call('toy', { action: 'fail', data: { code } });
      expect(res.statusCode).toBe(status);
      expect(res.json()).toEqual({ ok: false, error: { code, message: `失败：${code}` } });
    },
  );

  test('a successful call answers 200 with the data', async () => {
    const res = await call('toy', { action: 'echo', data: { text: '你好' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, data: { text: '你好' } });
    expect(res.headers['cache-control']).toBe('no-store');
  });

  test('an unknown function answers 404 NOT_FOUND in Chinese', async () => {
    const res = await call('nosuch', { action: 'x', data: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: '没有这个功能' },
    });
  });

  test('a function name that is an Object property is not a function', async () => {
    const res = await call('constructor', { action: 'x', data: {} });
    expect(res.statusCode).toBe(404);
  });

  test('a body over 1 MB is refused with 413 in the envelope shape', async () => {
    const res = await call('toy', { action: 'echo', data: { text: 'x'.repeat(1024 * 1024) } });
    expect(res.statusCode).toBe(413);
    const body = res.json();
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toMatch(/太大/);
  });

  test('a body with a __proto__ key is refused as 400 naming the body, never passed on', async () => {
    const res = await f.host.app.inject({
      method: 'POST',
      url: '/api/fn/toy',
      payload: '{"action":"echo","data":{"text":{"__proto__":0}}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields).toEqual([
      { field: 'body', message: expect.stringMatching(/\p{Script=Han}/u) },
    ]);
  });

  test('malformed JSON is a 400 envelope, not a parser message', async () => {
    const res = await f.host.app.inject({
      method: 'POST',
      url: '/api/fn/toy',
      payload: '{"action": "echo",',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(res.body).not.toMatch(/Unexpected|JSON at position/);
  });

  test('a text/plain body (what a cross-site form can send) is refused with 415', async () => {
    const res = await f.host.app.inject({
      method: 'POST',
      url: '/api/fn/toy',
      payload: JSON.stringify({ action: 'echo', data: { text: 'x' } }),
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  test('a bad envelope answers 400 naming the field', async () => {
    const res = await call('toy', { data: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('action');
  });

  test('a crash answers 500 INTERNAL without any internals', async () => {
    const res = await call('toy', { action: 'boom', data: {} });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: '系统出了点问题，请稍后再试' },
    });
    expect(res.body).not.toMatch(/secret|\/srv|stack/);
  });

  test('an anonymous caller of a signed-in action gets 401; with the cookie it is the account', async () => {
    const anonymous = await call('toy', { action: 'whoami', data: {} });
    expect(anonymous.statusCode).toBe(401);
    const cookie = await signIn(f.host, f.town.people.villager.phone);
    const signed = await call('toy', { action: 'whoami', data: {} }, cookie);
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toEqual({ ok: true, data: { accountId: f.town.people.villager._id } });
  });

  test('a forged or tampered cookie is anonymous', async () => {
    const cookie = await signIn(f.host, f.town.people.villager.phone);
    const [name, value] = cookie.split('=') as [string, string];
    const token = decodeURIComponent(value).split('.')[0] as string;
    const tampered = await call(
      'toy',
      { action: 'whoami', data: {} },
      `${name}=${token}.forgedsignature`,
    );
    expect(tampered.statusCode).toBe(401);
    const unsigned = await call('toy', { action: 'whoami', data: {} }, `${name}=${token}`);
    expect(unsigned.statusCode).toBe(401);
  });

  test('an unknown API path answers an envelope 404', async () => {
    const res = await f.host.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const post = await f.host.app.inject({ method: 'POST', url: '/api/nothing-here' });
    expect(post.statusCode).toBe(404);
    expect(post.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('health', () => {
  test('answers ok, the time and the functions served, after a write that reached the disk', async () => {
    const res = await f.host.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      ok: true,
      data: {
        status: 'ok',
        time: f.clock.nowIso(),
        functions: ['toy'],
        problems: [],
        database: { writable: true },
        outbox: { backlog: 0, oldestDueMs: null },
      },
    });
  });

  test('reports an outbox that is not draining as a problem, still ready', async () => {
    await f.runtime.store.insert('outbox', {
      _id: 'out_stuck',
      townId: f.town.townId,
      recipientId: f.town.people.centre._id,
      template: 'task.handle_concern',
      title: '新的说事待办',
      body: '一件',
      link: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: '2025-11-17T08:00:00.000+08:00',
      createdAt: '2025-11-17T08:00:00.000+08:00',
    });
    const res = await f.host.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      data: { status: string; problems: { check: string }[]; outbox: unknown };
    };
    expect(body.data.status).toBe('degraded');
    expect(body.data.outbox).toEqual({ backlog: 1, oldestDueMs: 3600_000 });
    expect(body.data.problems.map((p) => p.check)).toEqual(['outbox']);
    await f.runtime.store.remove('outbox', 'out_stuck');
  });

  test('answers 503 when a write cannot reach the database', async () => {
    const probe = jest
      .spyOn(f.runtime.store, 'probeWrite')
      .mockRejectedValueOnce(new Error('SQLITE_READONLY: attempt to write a readonly database'));
    const res = await f.host.app.inject({ method: 'GET', url: '/api/health' });
    probe.mockRestore();
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({
      data: { status: 'failing', database: { writable: false }, problems: [{ check: 'write' }] },
    });
  });
});

describe('errors raised outside any function', () => {
  test.each([
    [401, 'UNAUTHENTICATED'],
    [403, 'FORBIDDEN'],
    [404, 'NOT_FOUND'],
    [409, 'CONFLICT'],
    [429, 'RATE_LIMITED'],
    [418, 'VALIDATION_FAILED'],
  ] as const)('a %i keeps its status and answers %s in the envelope', async (status, code) => {
    const g = await createHostFixture();
    try {
      g.host.app.get('/api/test-raise', async () => {
        throw Object.assign(new Error('plugin detail'), { statusCode: status });
      });
      const res = await g.host.app.inject({ method: 'GET', url: '/api/test-raise' });
      expect(res.statusCode).toBe(status);
      expect(res.json()).toMatchObject({ ok: false, error: { code } });
      expect(res.body).not.toContain('plugin detail');
    } finally {
      await g.dispose();
    }
  });

  test('an unexpected error is a 500 INTERNAL with nothing of the error in it', async () => {
    const g = await createHostFixture();
    try {
      g.host.app.get('/api/test-crash', async () => {
        throw new Error('ENOENT /srv/hehe/secret');
      });
      const res = await g.host.app.inject({ method: 'GET', url: '/api/test-crash' });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: '系统出了点问题，请稍后再试' },
      });
    } finally {
      await g.dispose();
    }
  });
});
