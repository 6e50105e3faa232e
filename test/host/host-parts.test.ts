/**
 * The host's small parts on their own: the attempt limiter, the settings from the
 * environment and the persisted cookie secret, photo recognition by bytes, and the banner.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { ManualClock } from '../../functions/adapters/local/clock';
import { formatBanner } from '../../functions/host/banner';
import { loadOrCreateCookieSecret, readHostConfig } from '../../functions/host/host.config';
import { sniffImage } from '../../functions/host/image.sniff';
import { SlidingWindowLimiter } from '../../functions/host/rate-limit';
import { tinyPng } from './host.fixture';

describe('the attempt limiter', () => {
  test('allows max attempts per window, per key, and forgets them as the window slides', () => {
    const clock = new ManualClock('2025-11-17T09:00:00+08:00');
    const limiter = new SlidingWindowLimiter({ max: 3, windowMs: 1000 }, clock);
    expect([1, 2, 3].map(() => limiter.tryHit('a'))).toEqual([true, true, true]);
    expect(limiter.tryHit('a')).toBe(false);
    expect(limiter.allows('a')).toBe(false);
    expect(limiter.tryHit('b')).toBe(true);
    clock.advance(1000);
    expect(limiter.allows('a')).toBe(true);
    limiter.tryHit('a');
    limiter.reset('a');
    expect(limiter.allows('a')).toBe(true);
  });

  test('never lets more than max attempts through in any window (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 60 }),
        (max, gaps) => {
          const clock = new ManualClock(0);
          const limiter = new SlidingWindowLimiter({ max, windowMs: 1000 }, clock);
          const allowedAt: number[] = [];
          for (const gap of gaps) {
            clock.advance(gap);
            if (limiter.tryHit('k')) allowedAt.push(clock.nowMs());
          }
          for (const t of allowedAt) {
            expect(allowedAt.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(max);
          }
        },
      ),
    );
  });

  test('sweeps stale keys once it tracks many', () => {
    const clock = new ManualClock(0);
    const limiter = new SlidingWindowLimiter({ max: 1, windowMs: 10 }, clock);
    for (let i = 0; i < 10_000; i += 1) limiter.tryHit(`ip:${i}`);
    expect(limiter.size).toBe(10_000);
    clock.advance(11);
    limiter.tryHit('fresh');
    expect(limiter.size).toBe(1);
  });
});

describe('settings from the environment', () => {
  test('defaults: 127.0.0.1:8787, ./data, dist/h5, sample town on', () => {
    expect(readHostConfig({}, '/srv/hehe')).toEqual({
      port: 8787,
      host: '127.0.0.1',
      dataDir: '/srv/hehe/data',
      h5Dir: '/srv/hehe/dist/h5',
      cookieSecret: null,
      secureCookies: false,
      trustProxy: false,
      seedSample: true,
      backupEveryHours: 24,
      backupKeep: 7,
    });
  });

  test('reads every variable', () => {
    const secret = 's'.repeat(40);
    expect(
      readHostConfig(
        {
          PORT: '0',
          HOST: '0.0.0.0',
          DATA_DIR: '/var/lib/hehe',
          H5_DIR: 'build/h5',
          COOKIE_SECRET: secret,
          SECURE_COOKIES: '1',
          TRUST_PROXY: 'yes',
          SAMPLE_TOWN: 'off',
          BACKUP_EVERY_HOURS: '6',
          BACKUP_KEEP: '28',
        },
        '/srv/hehe',
      ),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/var/lib/hehe',
      h5Dir: '/srv/hehe/build/h5',
      cookieSecret: secret,
      secureCookies: true,
      trustProxy: true,
      seedSample: false,
      backupEveryHours: 6,
      backupKeep: 28,
    });
  });

  test.each(['http', '-1', '70000', '80.5'])('refuses PORT=%s', (port) => {
    expect(() => readHostConfig({ PORT: port })).toThrow(/PORT/);
  });

  test('refuses a backup schedule that is not a whole number', () => {
    expect(() => readHostConfig({ BACKUP_EVERY_HOURS: 'daily' })).toThrow(/BACKUP_EVERY_HOURS/);
    expect(() => readHostConfig({ BACKUP_KEEP: '-1' })).toThrow(/BACKUP_KEEP/);
  });

  test('refuses a short COOKIE_SECRET', () => {
    expect(() => readHostConfig({ COOKIE_SECRET: 'short' })).toThrow(/COOKIE_SECRET/);
  });
});

describe('the persisted cookie secret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hehe-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('is created once with mode 0600 and read back on the next start', () => {
    const first = loadOrCreateCookieSecret(dir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(join(dir, 'cookie-secret')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateCookieSecret(dir)).toBe(first);
  });

  test('a truncated secret file is replaced by a fresh secret', () => {
    writeFileSync(join(dir, 'cookie-secret'), 'too-short\n');
    expect(loadOrCreateCookieSecret(dir)).not.toBe('too-short');
  });

  test('an unreadable data folder is an error, not a silent new secret', () => {
    expect(() => loadOrCreateCookieSecret(join(dir, 'cookie-secret-is-not-a-dir', 'x'))).toThrow();
  });
});

describe('photo recognition by bytes', () => {
  const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([5, 0, 7, 0, 0, 0, 0, 0x3b])]);
  const jpeg = Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x09, 0x00, 0x0b, 0x03, 1, 0x11, 0,
    2, 0x11, 0, 3, 0x11, 0, 0xff, 0xd9,
  ]);
  const webp = (() => {
    const dims = Buffer.alloc(10);
    dims.writeUIntLE(11, 4, 3);
    dims.writeUIntLE(12, 7, 3);
    const chunk = Buffer.concat([Buffer.from('VP8X'), Buffer.from([10, 0, 0, 0]), dims]);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(4 + chunk.length);
    return Buffer.concat([Buffer.from('RIFF'), size, Buffer.from('WEBP'), chunk]);
  })();

  test.each([
    ['png', tinyPng(3, 2), { mime: 'image/png', ext: 'png', width: 3, height: 2 }],
    ['jpeg', jpeg, { mime: 'image/jpeg', ext: 'jpg', width: 11, height: 9 }],
    ['gif', gif, { mime: 'image/gif', ext: 'gif', width: 5, height: 7 }],
    ['webp', webp, { mime: 'image/webp', ext: 'webp', width: 12, height: 13 }],
  ])('recognises a %s with its dimensions', (_name, bytes, expected) => {
    expect(sniffImage(bytes)).toEqual(expected);
  });

  test.each([
    ['text', Buffer.from('hello, not an image')],
    ['an SVG (script can hide in it)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>')],
    ['a BMP', Buffer.concat([Buffer.from('BM'), Buffer.alloc(60)])],
    ['a PNG signature with no header', tinyPng().subarray(0, 12)],
    [
      'a RIFF that is not WEBP',
      Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WAVE')]),
    ],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, bytes) => {
    expect(sniffImage(bytes)).toBeNull();
  });
});

describe('the start-up banner', () => {
  test('shows the URL, the data folder and each demo account with its roles in Chinese', () => {
    const text = formatBanner(
      {
        url: 'http://127.0.0.1:8787',
        port: 8787,
        seed: {
          created: true,
          demoAccounts: [
            {
              name: '张网格',
              roles: ['grid_worker', 'mediator'],
              login: '13900000002',
              password: 'p-1',
            },
            { name: '外来', roles: ['unknown_role'], login: '13900000003', password: 'p-2' },
          ],
        },
      },
      '/srv/hehe/data',
    );
    expect(text).toContain('http://127.0.0.1:8787');
    expect(text).toContain('/srv/hehe/data');
    expect(text).toContain('已创建示例镇');
    expect(text).toContain(
      '张网格（网格员、调解员） 手机号/login: 13900000002  密码/password: p-1',
    );
    expect(text).toContain('外来（unknown_role）');
  });

  test('without a seed there is no account list', () => {
    const text = formatBanner({ url: 'http://x', port: 1, seed: null }, '/d');
    expect(text).not.toContain('demo accounts');
    const again = formatBanner(
      {
        url: 'http://x',
        port: 1,
        seed: {
          created: false,
          demoAccounts: [{ name: '王', roles: ['villager'], login: '1', password: '2' }],
        },
      },
      '/d',
    );
    expect(again).toContain('示例账号 / demo accounts:');
    expect(again).not.toContain('已创建');
  });
});
