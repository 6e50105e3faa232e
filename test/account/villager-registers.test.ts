/**
 * A villager registers themselves (with consent to the privacy notice), or is registered by
 * their grid worker (代办); everyone can ask who they are (`me`).
 */
import { accountFunction } from '../../functions/account/account.function';
import type { MeView } from '../../functions/account/account.views';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { ACCOUNTS, ACCOUNT_KEYS, AUDIT_EVENTS } from '../../functions/store/collections';
import { PRIVACY_NOTICE_VERSION } from '../../shared/account/privacy-notice';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const registration = (over: Record<string, unknown> = {}) => ({
  name: '孙桂花',
  phone: '138 0000 1111',
  gridNodeId: town.villages[0]![1]!._id,
  privacyConsent: { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION },
  ...over,
});

async function villagerCount(): Promise<number> {
  return h.store.count('accounts', { townId: town.townId, isStaff: false });
}

describe('a villager registers', () => {
  it('creates the account in the village’s town with the consent and its notice version', async () => {
    const reply = await h.ok<{ accountId: string; townId: string; gridNodeName: string }>(
      accountFunction,
      'register',
      registration(),
      { as: null, requestId: 'reg-00000001' },
    );
    expect(reply.townId).toBe(town.townId);
    expect(reply.gridNodeName).toBe(town.villages[0]![1]!.name);
    const stored = await ACCOUNTS.get(h.store, reply.accountId);
    expect(stored?.phone).toBe('13800001111');
    expect(stored?.roles).toEqual(['villager']);
    expect(stored?.gridNodeIds).toEqual([town.villages[0]![1]!._id]);
    expect(stored?.privacyConsent).toEqual({
      noticeVersion: PRIVACY_NOTICE_VERSION,
      consentedAt: h.clock.nowIso(),
      via: 'self',
    });
    const key = await ACCOUNT_KEYS.get(h.store, 'phone:13800001111');
    expect(key?.accountId).toBe(reply.accountId);
    const events = await AUDIT_EVENTS.query(h.store, {
      where: { subjectType: 'account', subjectId: reply.accountId },
    });
    expect(events.docs.map((e) => e.action)).toEqual(['register']);
    expect(events.docs[0]?.note).toContain(PRIVACY_NOTICE_VERSION);
  });

  it('refuses a second registration with the same phone, keeping the first', async () => {
    await h.ok(accountFunction, 'register', registration(), {
      as: null,
      requestId: 'reg-00000001',
    });
    const before = await villagerCount();
    const again = await h.call(accountFunction, 'register', registration({ name: '孙小花' }), {
      as: null,
      requestId: 'reg-00000002',
    });
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('CONFLICT');
      expect(again.error.message).toBe('这个手机号已经注册过了');
    }
    expect(await villagerCount()).toBe(before);
  });

  it('refuses a phone an existing account already uses', async () => {
    const reply = await h.call(
      accountFunction,
      'register',
      registration({ phone: town.people.neighbour.phone }),
      { as: null },
    );
    expect(reply.ok ? null : reply.error.message).toBe('这个手机号已经注册过了');
  });

  it('answers a retried request with the first result and creates one account', async () => {
    const first = await h.ok<{ accountId: string }>(accountFunction, 'register', registration(), {
      as: null,
      requestId: 'reg-retry-1',
    });
    const before = await villagerCount();
    const retry = await h.ok<{ accountId: string }>(accountFunction, 'register', registration(), {
      as: null,
      requestId: 'reg-retry-1',
    });
    expect(retry.accountId).toBe(first.accountId);
    expect(await villagerCount()).toBe(before);
  });

  it('names the bad fields in Chinese and stores nothing', async () => {
    const before = await villagerCount();
    const reply = await h.call(
      accountFunction,
      'register',
      registration({
        phone: '12345',
        privacyConsent: { agreed: false, noticeVersion: PRIVACY_NOTICE_VERSION },
      }),
      { as: null },
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('VALIDATION_FAILED');
      const fields = reply.error.details?.fields ?? [];
      expect(fields).toEqual(
        expect.arrayContaining([
          { field: 'phone', message: '手机号：请填写正确的 11 位手机号' },
          expect.objectContaining({
            field: 'privacyConsent.agreed',
            message: expect.stringContaining('请先阅读并勾选同意'),
          }),
        ]),
      );
    }
    expect(await villagerCount()).toBe(before);
    expect(await h.store.get('account_keys', 'phone:12345')).toBeNull();
  });

  it('refuses a village that does not exist and the town itself', async () => {
    for (const gridNodeId of ['nowhere', town.town._id]) {
      const reply = await h.call(accountFunction, 'register', registration({ gridNodeId }), {
        as: null,
      });
      expect(reply.ok ? null : reply.error.details?.fields?.[0]?.field).toBe('gridNodeId');
    }
  });

  it('refuses someone already signed in', async () => {
    const reply = await h.call(accountFunction, 'register', registration(), {
      as: town.people.villager,
    });
    expect(reply.ok ? null : reply.error.code).toBe('CONFLICT');
  });
});

describe('a grid worker registers a villager without a phone (代办)', () => {
  const proxy = (gridNodeId: string, over: Record<string, unknown> = {}) => ({
    name: '刘老汉',
    gridNodeId,
    householdHeadName: '刘老汉',
    relationToHead: '本人',
    contactPhone: '0633-1234567',
    note: '腿脚不便，由网格员上门登记',
    privacyConsent: { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION, readAloud: true },
    ...over,
  });

  it('records the consent as read aloud and witnessed, with no login key', async () => {
    const worker = town.people.villageGridWorker;
    const reply = await h.ok<{ accountId: string }>(
      accountFunction,
      'proxyRegister',
      proxy(town.villages[0]![0]!._id),
      { as: worker, requestId: 'proxy-0001' },
    );
    const stored = await ACCOUNTS.get(h.store, reply.accountId);
    expect(stored?.phone).toBeUndefined();
    expect(stored?.contactPhone).toBe('0633-1234567');
    expect(stored?.registeredBy).toBe(worker._id);
    expect(stored?.privacyConsent).toEqual({
      noticeVersion: PRIVACY_NOTICE_VERSION,
      consentedAt: h.clock.nowIso(),
      via: 'proxy',
      witnessedBy: worker._id,
    });
    const events = await AUDIT_EVENTS.query(h.store, {
      where: { subjectType: 'account', subjectId: reply.accountId },
    });
    expect(events.docs[0]?.actorId).toBe(worker._id);
    expect(events.docs[0]?.note).toContain('与户主关系：本人');
  });

  it('lets a community worker register in any village of the community', async () => {
    const reply = await h.call(accountFunction, 'proxyRegister', proxy(town.villages[0]![2]!._id), {
      as: town.people.communityGridWorker,
    });
    expect(reply.ok).toBe(true);
  });

  it('refuses a village outside the worker’s grid', async () => {
    const before = await villagerCount();
    const reply = await h.call(accountFunction, 'proxyRegister', proxy(town.villages[1]![0]!._id), {
      as: town.people.villageGridWorker,
    });
    expect(reply.ok ? null : reply.error.code).toBe('FORBIDDEN');
    expect(await villagerCount()).toBe(before);
  });

  it('refuses villagers and a note the content check rejects', async () => {
    const asVillager = await h.call(
      accountFunction,
      'proxyRegister',
      proxy(town.villages[0]![0]!._id),
      {
        as: town.people.villager,
      },
    );
    expect(asVillager.ok ? null : asVillager.error.code).toBe('FORBIDDEN');
    const before = await villagerCount();
    const rejected = await h.call(
      accountFunction,
      'proxyRegister',
      proxy(town.villages[0]![0]!._id, { note: '他说有人找他刷单返利' }),
      { as: town.people.villageGridWorker },
    );
    expect(rejected.ok ? null : rejected.error.code).toBe('CONTENT_REJECTED');
    expect(await villagerCount()).toBe(before);
  });
});

describe('me', () => {
  it('shows a villager their village, community, consent and own phone', async () => {
    const view = await h.ok<MeView>(accountFunction, 'me', {}, { as: town.people.villager });
    expect(view.name).toBe('王秀兰');
    expect(view.phone).toBe(town.people.villager.phone);
    expect(view.roles).toEqual([{ code: 'villager', label: '村民' }]);
    expect(view.village?.name).toBe(town.villages[0]![0]!.name);
    expect(view.community?.name).toBe('东关新村');
    expect(view.town).toEqual({ id: town.townId, name: '小店镇' });
    expect(view.privacyConsent?.noticeVersion).toBe('v1');
    expect(view.household.id).toBe(town.people.villager.householdId);
    expect(view.department).toBeNull();
  });

  it('shows staff their grid scope by name, and a department officer their department', async () => {
    const worker = await h.ok<MeView>(accountFunction, 'me', null, {
      as: town.people.legalAdviser,
    });
    expect(worker.gridNodes.map((n) => n.name)).toEqual(['东关新村', '西岭新村']);
    expect(worker.roles).toEqual([{ code: 'legal_adviser', label: '法律顾问' }]);
    expect(worker.village).toBeNull();
    const officer = await h.ok<MeView>(accountFunction, 'me', {}, { as: town.people.landOfficer });
    expect(officer.department).toEqual({ code: 'natural_resources', label: '自然资源和规划所' });
    expect(officer.gridNodes[0]?.levelLabel).toBe('镇');
  });

  it('takes the town’s name from its towns record when there is one', async () => {
    await h.store.insert('towns', { _id: town.townId, name: '小店镇（测试）', countyId: 'juxian' });
    const view = await h.ok<MeView>(accountFunction, 'me', {}, { as: town.people.admin });
    expect(view.town.name).toBe('小店镇（测试）');
    expect(view.roles[0]?.label).toBe('管理员');
  });

  it('asks an anonymous caller to sign in', async () => {
    const reply = await h.call(accountFunction, 'me', {}, { as: null });
    expect(reply.ok ? null : reply.error.code).toBe('UNAUTHENTICATED');
  });
});
