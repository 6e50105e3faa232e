/**
 * On the local host, a roster-imported staff member activates their account by registering
 * with the invitation code issued for their phone: the password they choose is set on the
 * imported account and they are signed in. Once it has a password, another code cannot
 * replace it (that would let whoever holds a code take a working login).
 */
import { accountFunction } from '../../functions/account/account.function';
import { adminFunction } from '../../functions/admin/admin.function';
import { dispatch } from '../../functions/runtime/dispatch';
import type { CallReply } from '../../shared/kernel/envelope';
import type { HostFixture } from './host.fixture';
import { createHostFixture } from './host.fixture';
import { ACCOUNT_KEYS, STAFF_INVITATIONS } from '../../functions/store/collections';
import { PRIVACY_NOTICE_VERSION } from '../../shared/account/privacy-notice';

const PHONE = '13700004321';
let f: HostFixture;

beforeEach(async () => {
  f = await createHostFixture({ functions: [accountFunction, adminFunction] });
});
afterEach(() => f.dispose());

async function asAdmin<T>(action: string, data: unknown): Promise<T> {
  const reply = (await dispatch(
    f.runtime.ctx,
    adminFunction,
    { action, data },
    { kind: 'account', accountId: f.town.people.admin._id },
  )) as CallReply<T>;
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return reply.data;
}

const register = (invitationCode: string, password: string) =>
  f.host.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: {
      name: '马网格',
      phone: PHONE,
      gridNodeId: f.town.villages[0]![0]!._id,
      privacyConsent: { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION },
      invitationCode,
      password,
    },
  });

const login = (password: string) =>
  f.host.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { phone: PHONE, password },
  });

test('an imported staff member sets their password with their code, once', async () => {
  await asAdmin('importGrid', {
    mode: 'apply',
    staff: [
      {
        name: '马网格',
        phone: PHONE,
        roles: '网格员',
        gridNodeCodes: f.town.villages[0]![0]!.code,
      },
    ],
  });
  const key = await ACCOUNT_KEYS.get(f.runtime.store, `phone:${PHONE}`);
  const invite = () =>
    asAdmin<{ code: string }>('issueInvitation', {
      roles: ['grid_worker'],
      gridNodeIds: [f.town.villages[0]![0]!._id],
      phone: PHONE,
    });

  expect((await login('chosen-password')).statusCode).toBe(401);
  const activated = await register((await invite()).code, 'chosen-password');
  expect(activated.statusCode).toBe(200);
  expect(activated.json().data.accountId).toBe(key!.accountId);
  expect(activated.headers['set-cookie']).toBeDefined();
  expect((await login('chosen-password')).statusCode).toBe(200);

  const code = (await invite()).code;
  const takeover = await register(code, 'attackers-password');
  expect(takeover.statusCode).toBe(409);
  // The refusal a taken phone always gets: nothing says the phone is staff or has a password.
  expect(takeover.json().error).toEqual({
    code: 'CONFLICT',
    message: '这个手机号已经注册过了',
    details: { field: 'phone', reason: 'phone_taken' },
  });
  expect((await login('attackers-password')).statusCode).toBe(401);
  // The refused code was not used up.
  const invitations = await STAFF_INVITATIONS.query(f.runtime.store, {
    limit: 10,
  });
  expect(invitations.docs.filter((i) => i.usedBy === undefined)).toHaveLength(1);
});

test('registration goes through its own route only, once per session, and a replay sets no one else’s password', async () => {
  const fn = await f.host.app.inject({
    method: 'POST',
    url: '/api/fn/account',
    payload: {
      action: 'register',
      data: { name: '马网格', phone: PHONE, gridNodeId: f.town.villages[0]![0]!._id },
    },
  });
  expect(fn.statusCode).toBe(403);
  expect(fn.json().error.message).toBe('请在注册页面注册：注册时要设置登录密码');
  expect(await f.runtime.store.get('account_keys', `phone:${PHONE}`)).toBeNull();

  const body = (phone: string, password: string) => ({
    name: '孙桂花',
    phone,
    gridNodeId: f.town.villages[0]![0]!._id,
    privacyConsent: { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION },
    password,
    requestId: 'reg-replay-0001',
  });
  const mine = await f.host.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: body('13700005678', 'mine-password'),
  });
  expect(mine.statusCode).toBe(200);
  // Signed in, a second registration is refused.
  const cookie = String(mine.headers['set-cookie']).split(';')[0]!;
  const again = await f.host.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    headers: { cookie },
    payload: { ...body('13700005679', 'another-password'), requestId: 'reg-other-0001' },
  });
  expect(again.statusCode).toBe(409);
  expect(await f.runtime.store.get('account_keys', 'phone:13700005679')).toBeNull();

  // The same requestId with the imported worker's phone: an anonymous key is bound to the whole
  // input, so this is a registration of its own (refused: the phone is taken), never the first
  // reply, and no password goes anywhere.
  await asAdmin('importGrid', {
    mode: 'apply',
    staff: [
      {
        name: '马网格',
        phone: PHONE,
        roles: '网格员',
        gridNodeCodes: f.town.villages[0]![0]!.code,
      },
    ],
  });
  const replay = await f.host.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: body(PHONE, 'mine-password'),
  });
  expect(replay.statusCode).toBe(409);
  expect(replay.json().data).toBeUndefined();
  expect(replay.headers['set-cookie']).toBeUndefined();
  expect((await login('mine-password')).statusCode).toBe(401);
  const worker = await ACCOUNT_KEYS.get(f.runtime.store, `phone:${PHONE}`);
  expect(await f.runtime.store.get('credentials', worker!.accountId)).toBeNull();
});
