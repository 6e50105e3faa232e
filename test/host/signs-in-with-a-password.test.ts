/**
 * A person signs in on the H5 page with their phone and password: a signed httpOnly cookie
 * carries the session, a wrong phone reads exactly like a wrong password, guessing is slowed
 * per phone and per IP, signing out ends the session, and registration sets a first password.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { err, ok } from '../../shared/kernel/result';
import { mobilePhoneSchema } from '../../shared/validation/primitives';
import { defineAction, defineFunction } from '../../functions/runtime/action';
import { setPassword, verifyPassword } from '../../functions/host/passwords';
import { SESSION_COOKIE } from '../../functions/host/sessions';
import { accountRecord } from '../factories/town';
import type { HostFixture } from './host.fixture';
import { PASSWORD, cookieHeaderOf, createHostFixture, signIn, toy } from './host.fixture';
import { byIdOf } from '../../functions/store/store.raw';
import { CREDENTIALS } from '../../functions/store/collections';
import { DEFAULT_LIMITS } from '../../functions/runtime/limits';

/** A stand-in for the account function's `register`: creates the account and its phone key. */
const account = defineFunction('account', {
  register: defineAction({
    input: z.strictObject({
      name: z.string().min(1),
      phone: mobilePhoneSchema,
      gridNodeId: z.string(),
    }),
    access: 'public',
    idempotent: true,
    async run(ctx, call) {
      const id = ctx.ids.newId('acct');
      const record = accountRecord(
        'town-a',
        id,
        call.input.name,
        ['villager'],
        [call.input.gridNodeId],
        {
          phone: call.input.phone,
        },
      );
      const { _version: _drop, ...doc } = record;
      return call.transact('town-a', async (tx) => {
        const key = await byIdOf(tx).insert('account_keys', {
          _id: `phone:${call.input.phone}`,
          accountId: id,
          townId: 'town-a',
        });
        if (!key.ok) return err(key.error);
        const stored = await byIdOf(tx).insert('accounts', doc);
        return stored.ok ? ok({ accountId: id }) : err(stored.error);
      });
    },
  }),
});

let f: HostFixture;

beforeEach(async () => {
  f = await createHostFixture({
    functions: [toy, account],
    limits: {
      ...DEFAULT_LIMITS,
      login: {
        perPhoneAndIp: { max: 3, windowSeconds: 60 },
        perIp: { max: 6, windowSeconds: 60 },
        perPhone: { max: 8, windowSeconds: 60 },
      },
    },
  });
});
afterEach(async () => {
  await f.dispose();
});

const login = (phone: unknown, password: unknown, remoteAddress = '10.0.0.1') =>
  f.host.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { phone, password },
    remoteAddress,
  });

const whoami = (cookie: string) =>
  f.host.app.inject({
    method: 'POST',
    url: '/api/fn/toy',
    payload: { action: 'whoami', data: {} },
    headers: { cookie },
  });

describe('login', () => {
  test('sets an httpOnly, signed, SameSite=Lax session cookie and the functions see the account', async () => {
    const { villager } = f.town.people;
    const res = await login(villager.phone, PASSWORD);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ok: true,
      data: { accountId: villager._id, name: villager.name, roles: ['villager'] },
    });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = cookieHeaderOf(res.headers['set-cookie']);
    // Signed: the token followed by its signature.
    expect(decodeURIComponent(cookie.split('=')[1] as string)).toMatch(/^[\w-]{43}\.[\w+/-]+/);

    const me = await whoami(cookie);
    expect(me.json()).toEqual({ ok: true, data: { accountId: villager._id } });
  });

  test('the store keeps only the hash of the session token', async () => {
    const cookie = await signIn(f.host, f.town.people.villager.phone);
    const token = decodeURIComponent(cookie.split('=')[1] as string).split('.')[0] as string;
    expect(await f.runtime.store.get('sessions', token)).toBeNull();
    const hashed = createHash('sha256').update(token).digest('hex');
    expect(await f.runtime.store.get('sessions', hashed)).toMatchObject({
      accountId: f.town.people.villager._id,
      townId: 'town-a',
    });
  });

  test('a phone typed with spaces and +86 still signs in', async () => {
    const phone = f.town.people.villager.phone as string;
    const res = await login(
      `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
      PASSWORD,
    );
    expect(res.statusCode).toBe(200);
  });

  test('a wrong password and an unknown phone answer the same 401', async () => {
    const wrongPassword = await login(f.town.people.villager.phone, 'not-the-password');
    const unknownPhone = await login('13900000000', PASSWORD);
    // A person without a password (here: the neighbour) reads the same too.
    const noCredential = await login(f.town.people.neighbour.phone, PASSWORD);
    for (const res of [wrongPassword, unknownPhone, noCredential]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({
        ok: false,
        error: { code: 'UNAUTHENTICATED', message: '手机号或密码不对' },
      });
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  test('a malformed phone number is a 400 naming the field', async () => {
    const res = await login('12345', PASSWORD);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('phone');
  });

  test('a stranger’s wrong guesses lock out the stranger’s address, never the owner', async () => {
    const phone = f.town.people.villager.phone;
    const stranger = '10.6.6.6';
    for (let i = 0; i < 3; i += 1) {
      expect((await login(phone, 'wrong-guess', stranger)).statusCode).toBe(401);
    }
    const limited = await login(phone, PASSWORD, stranger);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    expect(limited.json().error.message).toMatch(/[\u4e00-\u9fff]/);
    expect(limited.headers['retry-after']).toBe('900');
    // The owner, at home, is not affected.
    expect((await login(phone, PASSWORD, '10.0.0.1')).statusCode).toBe(200);
    f.clock.advance(61_000);
    expect((await login(phone, PASSWORD, stranger)).statusCode).toBe(200);
  });

  test('an attack spread over many addresses stops everyone but a device that signed in before', async () => {
    const phone = f.town.people.villager.phone;
    const before = await login(phone, PASSWORD, '10.0.0.1');
    const device = (before.headers['set-cookie'] as string[])
      .map((c) => c.split(';')[0]!)
      .find((c) => c.startsWith('hehe_dev='))!;
    expect(device).toBeDefined();
    for (let i = 0; i < 8; i += 1) await login(phone, 'wrong-guess', `10.1.0.${i}`);
    expect((await login(phone, PASSWORD, '10.2.0.1')).statusCode).toBe(429);
    const owner = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.0.0.1',
      headers: { cookie: device },
      payload: { phone, password: PASSWORD },
    });
    expect(owner.statusCode).toBe(200);
  });

  test('too many attempts from one IP answer 429 whatever the phone', async () => {
    for (let i = 0; i < 6; i += 1) {
      expect((await login(`1390000000${i}`, 'wrong-guess', '10.9.9.9')).statusCode).toBe(401);
    }
    expect((await login(f.town.people.villager.phone, PASSWORD, '10.9.9.9')).statusCode).toBe(429);
    expect((await login(f.town.people.villager.phone, PASSWORD, '10.9.9.8')).statusCode).toBe(200);
  });

  test('a disabled account cannot sign in even with the right password', async () => {
    const { villager } = f.town.people;
    const updated = await f.runtime.store.update('accounts', villager._id, { status: 'disabled' });
    expect(updated.ok).toBe(true);
    const res = await login(villager.phone, PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('sessions', () => {
  test('logout ends the session and clears the cookie', async () => {
    const cookie = await signIn(f.host, f.town.people.villager.phone);
    expect((await whoami(cookie)).statusCode).toBe(200);
    const out = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
    // Even a copy of the old cookie no longer signs anyone in.
    expect((await whoami(cookie)).statusCode).toBe(401);
  });

  test('logout without a session still answers ok', async () => {
    const out = await f.host.app.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(out.statusCode).toBe(200);
  });

  test('a session ends after 30 days and is purged on the next start', async () => {
    const cookie = await signIn(f.host, f.town.people.villager.phone);
    f.clock.advance(29 * 24 * 3600 * 1000);
    expect((await whoami(cookie)).statusCode).toBe(200);
    f.clock.advance(2 * 24 * 3600 * 1000);
    expect((await whoami(cookie)).statusCode).toBe(401);
    expect(await f.runtime.store.count('sessions', { expiresAt: { lte: f.clock.nowIso() } })).toBe(
      1,
    );
    await f.host.start(0, '127.0.0.1');
    expect(await f.runtime.store.count('sessions', { expiresAt: { lte: f.clock.nowIso() } })).toBe(
      0,
    );
  });
});

describe('registration with a password', () => {
  const input = (phone: string) => ({
    name: '孙小梅',
    phone,
    gridNodeId: 'town-a-c0v0',
    password: 'my-new-password',
  });

  test('registers through the account function, stores the password and signs the person in', async () => {
    const res = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { ...input('13700001111'), requestId: 'reg-0000001' },
    });
    expect(res.statusCode).toBe(200);
    const { accountId } = res.json().data as { accountId: string };
    const me = await whoami(cookieHeaderOf(res.headers['set-cookie']));
    expect(me.json()).toEqual({ ok: true, data: { accountId } });
    const credential = await CREDENTIALS.get(f.runtime.store, accountId);
    expect(credential).not.toBeNull();
    expect(JSON.stringify(credential)).not.toContain('my-new-password');
    expect((await login('13700001111', 'my-new-password')).statusCode).toBe(200);
  });

  test('a replayed registration with another password does not change the password', async () => {
    const first = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { ...input('13700002222'), requestId: 'reg-0000002' },
    });
    expect(first.statusCode).toBe(200);
    const replay = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: {
        ...input('13700002222'),
        password: 'attackers-password',
        requestId: 'reg-0000002',
      },
    });
    expect(replay.statusCode).toBe(409);
    expect(replay.json().error.message).toBe('这个手机号已经注册过了，请直接登录');
    expect(replay.headers['set-cookie']).toBeUndefined();
    expect((await login('13700002222', 'attackers-password')).statusCode).toBe(401);
    expect((await login('13700002222', 'my-new-password')).statusCode).toBe(200);
  });

  test('a network retry of the same registration signs the person in again', async () => {
    const payload = { ...input('13700006666'), requestId: 'reg-0000006' };
    const first = await f.host.app.inject({ method: 'POST', url: '/api/auth/register', payload });
    const retry = await f.host.app.inject({ method: 'POST', url: '/api/auth/register', payload });
    expect(first.statusCode).toBe(200);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual(first.json());
    expect((await whoami(cookieHeaderOf(retry.headers['set-cookie']))).statusCode).toBe(200);
  });

  test('an account function that leaves no phone key is an INTERNAL error, not a session', async () => {
    const broken = defineFunction('account', {
      register: defineAction({
        input: z.object({}).loose(),
        access: 'public',
        run: async () => ok({ accountId: 'acct_nowhere' }),
      }),
    });
    const g = await createHostFixture({ functions: [broken] });
    try {
      const res = await g.host.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: input('13700007777'),
      });
      expect(res.statusCode).toBe(500);
      expect(res.headers['set-cookie']).toBeUndefined();
    } finally {
      await g.dispose();
    }
  });

  test('a short password is refused before anything is registered, naming the field', async () => {
    const res = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { ...input('13700003333'), password: 'short' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: '密码至少要 8 位',
      details: { fields: [{ field: 'password', message: '密码至少要 8 位' }] },
    });
    expect(await f.runtime.store.get('account_keys', 'phone:13700003333')).toBeNull();
  });

  test('a refused registration answers the function reply with its status', async () => {
    const res = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { ...input('13700004444'), phone: 'not-a-phone' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('phone');
  });

  test('without an account function, registration is unavailable (404)', async () => {
    const bare = await createHostFixture();
    try {
      const res = await bare.host.app.inject({
        method: 'POST',
        url: '/api/auth/register',
        payload: input('13700005555'),
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    } finally {
      await bare.dispose();
    }
  });

  test('a body that is not an object is a 400', async () => {
    const res = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: '[1,2]',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('changing a password', () => {
  const change = (cookie: string | undefined, payload: object) =>
    f.host.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      payload,
      headers: cookie === undefined ? {} : { cookie },
    });

  test('needs the current password, then ends the other sessions', async () => {
    const phone = f.town.people.villager.phone;
    const here = await signIn(f.host, phone);
    const elsewhere = await signIn(f.host, phone);
    const wrong = await change(here, { currentPassword: 'wrong-one', password: 'brand-new-pass' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('currentPassword');
    const missing = await change(here, { password: 'brand-new-pass' });
    expect(missing.statusCode).toBe(400);

    const done = await change(here, { currentPassword: PASSWORD, password: 'brand-new-pass' });
    expect(done.statusCode).toBe(200);
    expect((await whoami(here)).statusCode).toBe(200);
    expect((await whoami(elsewhere)).statusCode).toBe(401);
    expect((await login(phone, PASSWORD)).statusCode).toBe(401);
    expect((await login(phone, 'brand-new-pass')).statusCode).toBe(200);
  });

  test('needs a session and a valid new password', async () => {
    expect((await change(undefined, { password: 'brand-new-pass' })).statusCode).toBe(401);
    const here = await signIn(f.host, f.town.people.villager.phone);
    const tooLong = await change(here, { currentPassword: PASSWORD, password: 'x'.repeat(65) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.details.fields[0]).toEqual({
      field: 'password',
      message: '密码最多 64 位',
    });
  });
});

describe('setPassword (used by the sample-town seed)', () => {
  test('hashes with a per-person salt and replaces an earlier password', async () => {
    const { villager, farVillager } = f.town.people;
    for (const person of [villager, farVillager]) {
      expect((await setPassword(f.runtime, person._id, PASSWORD)).ok).toBe(true);
    }
    const a = await CREDENTIALS.get(f.runtime.store, villager._id);
    const b = await CREDENTIALS.get(f.runtime.store, farVillager._id);
    // Same password, different salts, different hashes.
    expect(a!.salt).not.toBe(b!.salt);
    expect(a!.hash).not.toBe(b!.hash);
    expect((await setPassword(f.runtime.ctx, villager._id, 'another-pass-1')).ok).toBe(true);
    const again = await CREDENTIALS.get(f.runtime.store, villager._id);
    expect(await verifyPassword('another-pass-1', again!)).toBe(true);
    expect(await verifyPassword(PASSWORD, again!)).toBe(false);
  });

  test('refuses a short password and an unknown account', async () => {
    const short = await setPassword(f.runtime, f.town.people.villager._id, '1234567');
    expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const nobody = await setPassword(f.runtime, 'nobody', 'long-enough-1');
    expect(nobody).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const missing = await setPassword(f.runtime, f.town.people.villager._id, undefined as never);
    expect(missing).toMatchObject({ ok: false, error: { message: '密码不能为空' } });
  });
});
