/**
 * What the attacker's checklist found on the routes that are not functions: Open311 answered
 * 500 on `requests/%25.json`, repeated parameters and dates out of range; a URL the router
 * cannot decode got fastify's English error outside the envelope; a password of eight
 * spaces, eight NUL bytes, `12345678` or the account's own phone was accepted.
 */
import { createHostFixture, PASSWORD, signIn } from './host.fixture';
import type { HostFixture } from './host.fixture';
import { FUNCTIONS } from '../../functions/registry';
import { PRIVACY_NOTICE_VERSION } from '../../shared/account/privacy-notice';

let f: HostFixture;
beforeAll(async () => {
  f = await createHostFixture({ functions: FUNCTIONS });
  await f.runtime.store.insert('towns', { _id: f.town.townId, name: '小店镇', countyId: 'juxian' });
});
afterAll(() => f.dispose());

const get = (url: string) => f.host.app.inject({ method: 'GET', url });

describe('Open311 answers bad input with a 4xx and a description', () => {
  it.each([
    '/open311/v2/requests/%25.json',
    '/open311/v2/requests/%E0%A4%A.json',
    '/open311/v2/requests.json?status=open&status=closed',
    '/open311/v2/requests.json?start_date=999999-01-01T00:00:00Z',
    '/open311/v2/requests.json?end_date=-271821-04-20T00:00:00Z',
    '/open311/v2/requests.json?start_date=2025-01-01&start_date=2025-02-01',
  ])('%s', async (url) => {
    const res = await get(url);
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.body).toMatch(/\p{Script=Han}/u);
  });
});

describe('a URL the router cannot decode', () => {
  it('answers the envelope in Chinese, naming the URL', async () => {
    const res = await get('/api/files/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: '网址格式不对，请检查后再试',
        details: { fields: [{ field: 'url', message: '网址格式不对，请检查后再试' }] },
      },
    });
  });
});

describe('a new password a town’s IT would refuse', () => {
  it.each([
    ['eight spaces', '        '],
    ['eight NUL bytes', '\u0000'.repeat(8)],
    ['one character', 'aaaaaaaaaa'],
    ['a run', '12345678'],
    ['a common password', 'woaini1314'],
    ['the account’s own phone', 'PHONE'],
  ])('%s is refused on the field 密码, and the old password still works', async (_what, raw) => {
    const { villager } = f.town.people;
    const password = raw === 'PHONE' ? villager.phone! : raw;
    const cookie = await signIn(f.host, villager.phone);
    const res = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: PASSWORD, password },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('password');
    expect(res.json().error.message).toMatch(/\p{Script=Han}/u);
    await signIn(f.host, villager.phone);
  });

  it('registration refuses the phone as the password before anything is stored', async () => {
    const res = await f.host.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: {
        name: '孙小梅',
        phone: '13700004444',
        gridNodeId: f.town.villages[0]![1]!._id,
        privacyConsent: { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION },
        password: '13700004444',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(await f.runtime.store.get('account_keys', 'phone:13700004444')).toBeNull();
  });
});
