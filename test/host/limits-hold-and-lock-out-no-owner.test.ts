/**
 * Limits on everything, not only sign-in (functions/runtime/limits.ts, README "Security"):
 * requests per address on every route, uploads and unattached photos per account (and the
 * clean-up of photos never attached), guessable codes per caller; plus the headers every
 * reply carries, the Origin check on state-changing requests and Secure cookies off loopback.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTIONS } from '../../functions/registry';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../functions/runtime/limits';
import type { Limits } from '../../functions/runtime/limits';
import { FILES } from '../../functions/store/collections';
import { readHostConfig } from '../../functions/host/host.config';
import { createHostFixture, multipartBody, signIn, tinyPng } from './host.fixture';
import type { HostFixture } from './host.fixture';

let f: HostFixture | undefined;
afterEach(async () => {
  await f?.dispose();
  f = undefined;
});

async function hostWith(over: Partial<Limits>): Promise<HostFixture> {
  f = await createHostFixture({ functions: FUNCTIONS, limits: { ...DEFAULT_LIMITS, ...over } });
  return f;
}

const upload = (host: HostFixture, cookie: string, headers: Record<string, string> = {}) => {
  const body = multipartBody(tinyPng(3, 2));
  return host.host.app.inject({
    method: 'POST',
    url: '/api/upload',
    payload: body.payload,
    headers: { ...body.headers, cookie, ...headers },
  });
};

describe('requests per client address', () => {
  it('answer 429 in the envelope past the window, for that address only', async () => {
    const h = await hostWith({ http: { perIp: { max: 5, windowSeconds: 60 } } });
    const health = (remoteAddress: string) =>
      h.host.app.inject({ method: 'GET', url: '/api/health', remoteAddress });
    for (let i = 0; i < 5; i += 1) expect((await health('10.3.3.3')).statusCode).toBe(200);
    const limited = await health('10.3.3.3');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(limited.json().error.message).toMatch(/\p{Script=Han}/u);
    expect((await health('10.3.3.4')).statusCode).toBe(200);
  });
});

describe('uploads per account', () => {
  it('stop past the window’s count, and while too many photos wait unattached', async () => {
    const h = await hostWith({
      uploads: {
        perAccount: { max: 3, windowSeconds: 3600 },
        unattachedMax: 10,
        unattachedTtlHours: 24,
      },
    });
    const cookie = await signIn(h.host, h.town.people.villager.phone);
    for (let i = 0; i < 3; i += 1) expect((await upload(h, cookie)).statusCode).toBe(200);
    const fourth = await upload(h, cookie);
    expect(fourth.statusCode).toBe(429);
    expect(fourth.json().error.code).toBe('RATE_LIMITED');
    // Another villager is not affected.
    const other = await signIn(h.host, h.town.people.farVillager.phone);
    expect((await upload(h, other)).statusCode).toBe(200);
  });

  it('refuses a new upload while the unattached ones are at the quota; clean-up deletes them a day later', async () => {
    const h = await hostWith({
      uploads: {
        perAccount: { max: 100, windowSeconds: 3600 },
        unattachedMax: 2,
        unattachedTtlHours: 24,
      },
    });
    const cookie = await signIn(h.host, h.town.people.villager.phone);
    const ids: string[] = [];
    for (let i = 0; i < 2; i += 1) ids.push((await upload(h, cookie)).json().data.fileId);
    const third = await upload(h, cookie);
    expect(third.statusCode).toBe(429);
    expect(third.json().error.message).toMatch(/还没有用上/);
    const paths = await Promise.all(
      ids.map(async (id) => (await FILES.get(h.runtime.store, id))!.path),
    );
    h.clock.advance(25 * 3600_000);
    await h.host.housekeep();
    for (const [i, id] of ids.entries()) {
      expect(await FILES.get(h.runtime.store, id)).toBeNull();
      expect(existsSync(join(h.dataDir, paths[i]!))).toBe(false);
    }
    expect((await upload(h, cookie)).statusCode).toBe(200);
  });
});

describe('codes that can be guessed', () => {
  const call = (h: HostFixture, fn: string, body: object, remoteAddress: string, cookie?: string) =>
    h.host.app.inject({
      method: 'POST',
      url: `/api/fn/${fn}`,
      remoteAddress,
      payload: body,
      headers: cookie === undefined ? {} : { cookie },
    });

  it('clue.track: 30 tries per address in 10 minutes, then 429; another address goes on', async () => {
    const h = await hostWith({});
    const track = { action: 'track', data: { trackingCode: 'ABCD-EFGH-JKLM' } };
    let last = 0;
    for (let i = 0; i < 30; i += 1) last = (await call(h, 'clue', track, '10.4.4.4')).statusCode;
    expect(last).not.toBe(429);
    expect((await call(h, 'clue', track, '10.4.4.4')).statusCode).toBe(429);
    expect((await call(h, 'clue', track, '10.4.4.5')).statusCode).not.toBe(429);
  });

  it('account.bindStaff: ten tries an hour per account, whatever the address', async () => {
    const h = await hostWith({});
    const cookie = await signIn(h.host, h.town.people.villager.phone);
    const bind = { action: 'bindStaff', data: { invitationCode: 'ABCDEFGH' } };
    for (let i = 0; i < 10; i += 1) {
      expect((await call(h, 'account', bind, `10.5.5.${i}`, cookie)).statusCode).not.toBe(429);
    }
    const limited = await call(h, 'account', bind, '10.5.6.1', cookie);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.message).toMatch(/每 1 小时最多 10 次/);
  });
});

describe('headers, origins and cookies', () => {
  it('the page carries a CSP that allows its own inline script by hash, and frame and sniff guards', async () => {
    const h5Dir = mkdtempSync(join(tmpdir(), 'hehe-h5-'));
    writeFileSync(join(h5Dir, 'index.html'), '<html><head><script>var x=1;</script></head></html>');
    f = await createHostFixture({ h5Dir });
    const page = await f.host.app.inject({ method: 'GET', url: '/' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('an upload or a sign-out posted from another site’s page is refused; from our own page it works', async () => {
    const h = await hostWith({});
    const cookie = await signIn(h.host, h.town.people.villager.phone);
    const own = { host: '127.0.0.1:8787', origin: 'http://127.0.0.1:8787' };
    const evil = { host: '127.0.0.1:8787', origin: 'https://evil.example' };
    const foreign = await upload(h, cookie, evil);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.message).toMatch(/其他网站/);
    expect((await upload(h, cookie, { ...evil, origin: 'null' })).statusCode).toBe(403);
    expect(
      await FILES.count(h.runtime.store, {
        uploaderId: h.town.people.villager._id,
        subjectId: null,
      }),
    ).toBe(0);
    expect((await upload(h, cookie, own)).statusCode).toBe(200);
    const logout = (headers: Record<string, string>) =>
      h.host.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie, ...headers },
      });
    expect((await logout(evil)).statusCode).toBe(403);
    const whoami = await h.host.app.inject({
      method: 'POST',
      url: '/api/fn/account',
      headers: { cookie },
      payload: { action: 'me', data: {} },
    });
    expect(whoami.statusCode).toBe(200);
    expect((await logout(own)).statusCode).toBe(200);
  });

  it('cookies are Secure by default whenever the host is not on loopback', () => {
    expect(readHostConfig({}).secureCookies).toBe(false);
    expect(readHostConfig({ HOST: '::1' }).secureCookies).toBe(false);
    expect(readHostConfig({ HOST: '0.0.0.0' }).secureCookies).toBe(true);
    expect(readHostConfig({ HOST: '192.168.1.20' }).secureCookies).toBe(true);
    expect(readHostConfig({ HOST: '0.0.0.0', SECURE_COOKIES: '0' }).secureCookies).toBe(false);
  });
});

describe('a town changes its limits with HEHE_LIMITS', () => {
  it('a lower clue.track limit takes effect; the rest keep their defaults', async () => {
    const limits = limitsFromEnv({
      HEHE_LIMITS: '{"actions":{"clue.track":{"max":2,"windowSeconds":600}}}',
    });
    expect(limits.actions['account.bindStaff']).toEqual(
      DEFAULT_LIMITS.actions['account.bindStaff'],
    );
    f = await createHostFixture({ functions: FUNCTIONS, limits });
    const host = f;
    const track = () =>
      host.host.app.inject({
        method: 'POST',
        url: '/api/fn/clue',
        remoteAddress: '10.7.7.7',
        payload: { action: 'track', data: { trackingCode: 'ABCD-EFGH-JKLM' } },
      });
    expect((await track()).statusCode).not.toBe(429);
    expect((await track()).statusCode).not.toBe(429);
    expect((await track()).statusCode).toBe(429);
  });

  it('a value that does not fit stops the start, naming where', () => {
    expect(() => limitsFromEnv({ HEHE_LIMITS: '{"uploads":{"unattachedMax":0}}' })).toThrow(
      /uploads\.unattachedMax/,
    );
    expect(() => limitsFromEnv({ HEHE_LIMITS: 'not json' })).toThrow(/HEHE_LIMITS must be JSON/);
  });
});
