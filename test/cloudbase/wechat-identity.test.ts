/**
 * On CloudBase a villager is known by the OPENID WeChat puts in the call's context: unknown
 * OPENIDs call as anonymous (and can register, which binds the OPENID), bound ones as their
 * account; the timer trigger runs the function's timer action for every town. Nothing in the
 * event can change who is calling.
 */
import { accountFunction } from '../../functions/account/account.function';
import type { MeView } from '../../functions/account/account.views';
import { adminFunction } from '../../functions/admin/admin.function';
import type { InvitationIssuedView } from '../../functions/account/account.api';
import { outboxFunction } from '../../functions/outbox/outbox.function';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import type { CloudbaseFixture } from './cloudbase.fixture';
import { createCloudbaseFixture } from './cloudbase.fixture';
import { ACCOUNTS, ACCOUNT_KEYS } from '../../functions/store/collections';
import { PRIVACY_NOTICE_VERSION } from '../../shared/account/privacy-notice';

const OPENID = 'oX1a2B3c4D5e6F7g8H9i0JkLmNoP';

let f: CloudbaseFixture;
let town: TestTown;

beforeEach(async () => {
  f = await createCloudbaseFixture();
  town = await createTestTown(f.h.store);
});
afterEach(() => f.close());

const registration = () => ({
  name: '孙桂花',
  phone: '13800001111',
  gridNodeId: town.villages[0]![1]!._id,
  privacyConsent: { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION },
});

async function register(openid: string | null, requestId = 'reg-wx-000001') {
  return f.asWechat<{ accountId: string }>(
    openid,
    accountFunction,
    'register',
    registration(),
    requestId,
  );
}

describe('a WeChat user nobody knows yet', () => {
  it('calls as anonymous: public actions work, signed-in ones ask to sign in', async () => {
    const places = await f.asWechat(OPENID, accountFunction, 'places', { townId: town.townId });
    expect(places.ok).toBe(true);
    const me = await f.asWechat(OPENID, accountFunction, 'me', {});
    expect(me.ok ? null : me.error.code).toBe('UNAUTHENTICATED');
  });

  it('cannot register without an OPENID (an account nobody could sign in to), and nothing is written', async () => {
    const before = await f.h.store.count('accounts', { townId: town.townId, isStaff: false });
    const reply = await register(null);
    expect(reply.ok ? null : reply.error).toEqual({
      code: 'FORBIDDEN',
      message: '请在微信小程序里注册',
    });
    expect(await f.h.store.get('account_keys', 'phone:13800001111')).toBeNull();
    expect(await f.h.store.count('accounts', { townId: town.townId, isStaff: false })).toBe(before);
  });

  it('registers, which binds the OPENID to the new account in the same transaction', async () => {
    const reply = await register(OPENID);
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    const account = await ACCOUNTS.get(f.h.store, reply.data.accountId);
    expect(account?.wxOpenId).toBe(OPENID);
    const key = await ACCOUNT_KEYS.get(f.h.store, `openid:${OPENID}`);
    expect(key).toMatchObject({ accountId: reply.data.accountId, townId: town.townId });

    const me = await f.asWechat<MeView>(OPENID, accountFunction, 'me', {});
    expect(me.ok ? me.data.accountId : me.error).toBe(reply.data.accountId);
    // The OPENID is identity data: it is never in a reply.
    expect(JSON.stringify(me)).not.toContain(OPENID);
    expect(JSON.stringify(reply)).not.toContain(OPENID);
  });

  it('binds nothing when a registration fails, so the OPENID can register again', async () => {
    const taken = await f.asWechat(OPENID, accountFunction, 'register', {
      ...registration(),
      phone: town.people.villager.phone,
    });
    expect(taken.ok ? null : taken.error.details?.reason).toBe('phone_taken');
    expect(await f.h.store.get('account_keys', `openid:${OPENID}`)).toBeNull();
    expect((await register(OPENID)).ok).toBe(true);
  });
});

describe('a WeChat user bound to an account', () => {
  it('calls as that account, and cannot register a second one', async () => {
    const first = await register(OPENID);
    if (!first.ok) throw new Error('registration failed');
    const again = await f.asWechat(
      OPENID,
      accountFunction,
      'register',
      {
        ...registration(),
        phone: '13900002222',
      },
      'reg-wx-000002',
    );
    expect(again.ok ? null : again.error.details?.reason).toBe('signed_in');
    expect(await f.h.store.count('accounts', { phone: '13900002222' })).toBe(0);
  });

  it('binds to a staff invitation and then holds its roles', async () => {
    const registered = await register(OPENID);
    if (!registered.ok) throw new Error('registration failed');
    const issued = await f.h.ok<InvitationIssuedView>(
      adminFunction,
      'issueInvitation',
      { roles: ['grid_worker'], gridNodeIds: [town.villages[0]![1]!._id] },
      { as: town.people.admin },
    );
    const bound = await f.asWechat<MeView>(OPENID, accountFunction, 'bindStaff', {
      invitationCode: issued.code,
    });
    expect(bound.ok ? bound.data.roles.map((r) => r.code) : bound.error).toEqual(['grid_worker']);
    const me = await f.asWechat<MeView>(OPENID, accountFunction, 'me', {});
    expect(me.ok && me.data.isStaff).toBe(true);
  });

  it('signs nobody in once the account is disabled, and its OPENID cannot register again', async () => {
    const registered = await register(OPENID);
    if (!registered.ok) throw new Error('registration failed');
    const account = await ACCOUNTS.get(f.h.store, registered.data.accountId);
    await f.h.store.update(
      'accounts',
      registered.data.accountId,
      { status: 'disabled' },
      {
        ifVersion: account!._version,
      },
    );
    const me = await f.asWechat(OPENID, accountFunction, 'me', {});
    expect(me.ok ? null : me.error.code).toBe('UNAUTHENTICATED');
    const again = await f.asWechat(
      OPENID,
      accountFunction,
      'register',
      {
        ...registration(),
        phone: '13900002222',
      },
      'reg-wx-000003',
    );
    expect(again.ok ? null : again.error.details?.reason).toBe('wechat_taken');
  });

  it('is not signed in by a key whose account no longer names the OPENID', async () => {
    const registered = await register(OPENID);
    if (!registered.ok) throw new Error('registration failed');
    const account = await ACCOUNTS.get(f.h.store, registered.data.accountId);
    await f.h.store.update(
      'accounts',
      account!._id,
      { wxOpenId: 'o-someone-else' },
      {
        ifVersion: account!._version,
      },
    );
    const me = await f.asWechat(OPENID, accountFunction, 'me', {});
    expect(me.ok ? null : me.error.code).toBe('UNAUTHENTICATED');
  });
});

describe('who is calling comes from the context, never from the event', () => {
  it('ignores identities written into the event', async () => {
    const forged = {
      action: 'me',
      data: {},
      identity: { kind: 'account', accountId: town.people.admin._id },
      userInfo: { openId: OPENID },
    };
    f.env.WX_CONTEXT_KEYS = 'WX_APPID';
    f.env.TCB_SOURCE = 'wx_http';
    const reply = await f.runtime.handle(accountFunction, forged, {
      identity: { kind: 'account', accountId: town.people.admin._id },
    });
    expect(reply.ok ? null : reply.error.code).toBe('UNAUTHENTICATED');
    const me = await f.runtime.handle(
      accountFunction,
      { action: 'me', data: {} },
      {
        identity: { kind: 'account', accountId: town.people.admin._id },
      },
    );
    expect(me.ok ? null : me.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a user who asks for a timer action', async () => {
    const reply = await f.asWechat(OPENID, outboxFunction, 'deliver', {});
    expect(reply.ok ? null : reply.error.code).toBe('FORBIDDEN');
  });
});

describe('the timer trigger', () => {
  it('runs the function’s timer action once for every town, as each town’s timer', async () => {
    const other = await createTestTown(f.h.store, 'town-b');
    await f.h.store.insert('towns', { _id: town.townId, name: '小店镇' });
    await f.h.store.insert('towns', { _id: other.townId, name: '大店镇' });
    // A stale OPENID from an earlier call must not turn the timer run into a user call.
    await f.asWechat(OPENID, accountFunction, 'places', { townId: town.townId });
    const reply = await f.trigger<{ action: string; towns: { townId: string; ok: boolean }[] }>(
      outboxFunction,
    );
    expect(reply.ok ? reply.data : reply.error).toEqual({
      action: 'deliver',
      towns: [
        { townId: town.townId, ok: true, more: false },
        { townId: other.townId, ok: true, more: false },
      ],
    });
    const ran = f.logs
      .filter((l) => l.msg === 'timer ran')
      .map((l) => (l.obj as { townId: string }).townId);
    expect(ran).toEqual([town.townId, other.townId]);
  });

  it('refuses to run on a function that has no timer action', async () => {
    const reply = await f.trigger(accountFunction);
    expect(reply.ok ? null : reply.error.code).toBe('INTERNAL');
    expect(f.logs.some((l) => l.level === 'error')).toBe(true);
  });
});

describe('a requestId belongs to the WeChat user who sent it', () => {
  it('two unknown WeChat users reusing one requestId to register each get their own account', async () => {
    const first = await register(OPENID, 'reg-wx-shared');
    const other = await f.asWechat<{ accountId: string }>(
      'oOtherUser0000000000000000000',
      accountFunction,
      'register',
      { ...registration(), name: '赵春生', phone: '13800002222' },
      'reg-wx-shared',
    );
    if (!first.ok || !other.ok) throw new Error('a registration was refused');
    // Not the first user's stored reply: a second account, bound to the second OPENID.
    expect(other.data.accountId).not.toBe(first.data.accountId);
    const key = await ACCOUNT_KEYS.get(f.h.store, 'openid:oOtherUser0000000000000000000');
    expect(key?.accountId).toBe(other.data.accountId);
    // The same user retrying gets their first reply back, and no second account.
    const retry = await register(OPENID, 'reg-wx-shared');
    expect(retry.ok && retry.data.accountId).toBe(first.data.accountId);
  });
});

describe('a roster-imported staff member in WeChat', () => {
  const PHONE = '13700004321';

  async function importedWorker(): Promise<string> {
    const imported = await f.h.ok<{ staff: { created: number } }>(
      adminFunction,
      'importGrid',
      {
        mode: 'apply',
        staff: [
          {
            name: '马网格',
            phone: PHONE,
            roles: '网格员',
            gridNodeCodes: town.villages[0]![0]!.code,
          },
        ],
      },
      { as: town.people.admin },
    );
    expect(imported.staff.created).toBe(1);
    const key = await ACCOUNT_KEYS.get(f.h.store, `phone:${PHONE}`);
    return key!.accountId;
  }

  async function code(): Promise<string> {
    const issued = await f.h.ok<InvitationIssuedView>(
      adminFunction,
      'issueInvitation',
      { roles: ['grid_worker'], gridNodeIds: [town.villages[0]![0]!._id], phone: PHONE },
      { as: town.people.admin },
    );
    return issued.code;
  }

  const staffRegistration = (invitationCode: string) => ({
    ...registration(),
    name: '马网格',
    phone: PHONE,
    invitationCode,
  });

  it('activates the imported account: the OPENID is bound to it and they sign in as staff', async () => {
    const accountId = await importedWorker();
    const reply = await f.asWechat<{ accountId: string }>(
      OPENID,
      accountFunction,
      'register',
      staffRegistration(await code()),
    );
    expect(reply.ok ? reply.data.accountId : reply.error).toBe(accountId);
    const key = await ACCOUNT_KEYS.get(f.h.store, `openid:${OPENID}`);
    expect(key?.accountId).toBe(accountId);
    const me = await f.asWechat<MeView>(OPENID, accountFunction, 'me', {});
    expect(me.ok && [me.data.accountId, me.data.isStaff]).toEqual([accountId, true]);
  });

  it('stays bound to the first WeChat: a second code does not move it to another', async () => {
    await importedWorker();
    expect(
      (await f.asWechat(OPENID, accountFunction, 'register', staffRegistration(await code()))).ok,
    ).toBe(true);
    const other = await f.asWechat(
      'o-someone-else-000000000000',
      accountFunction,
      'register',
      staffRegistration(await code()),
    );
    expect(other.ok ? null : other.error.details).toMatchObject({ reason: 'phone_taken' });
    expect(await f.h.store.get('account_keys', 'openid:o-someone-else-000000000000')).toBeNull();
  });
});

describe('two calls sharing one instance (instance concurrency)', () => {
  it('takes each call’s OPENID from its own context, not from the process environment', async () => {
    const villager = await ACCOUNTS.get(f.h.store, town.people.villager._id);
    await f.h.store.update(
      'accounts',
      villager!._id,
      { wxOpenId: OPENID },
      { ifVersion: villager!._version },
    );
    await f.h.store.insert('account_keys', {
      _id: `openid:${OPENID}`,
      accountId: villager!._id,
      townId: town.townId,
    });
    // The process still holds another call's variables.
    Object.assign(f.env, {
      WX_CONTEXT_KEYS: 'WX_OPENID',
      WX_OPENID: 'o-the-other-call-00000000000',
      TCB_SOURCE: 'wx_client',
    });
    const context = (vars: Record<string, string>) => ({
      request_id: 'req-1',
      environment: JSON.stringify({ WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID', ...vars }),
    });
    const mine = await f.runtime.handle(
      accountFunction,
      { action: 'me', data: {} },
      context({ WX_OPENID: OPENID, TCB_SOURCE: 'wx_client' }),
    );
    expect(mine.ok ? (mine.data as MeView).accountId : mine.error).toBe(villager!._id);
    const none = await f.runtime.handle(
      accountFunction,
      { action: 'me', data: {} },
      context({ TCB_SOURCE: 'wx_http' }),
    );
    expect(none.ok ? none.data : none.error.code).toBe('UNAUTHENTICATED');
  });
});
