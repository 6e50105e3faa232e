/**
 * Staff on the roster (人员名单) get their accounts from the admin's import, with a phone and
 * no way in. The admin gives each an invitation code for that phone; registering with it
 * activates (激活) the imported account — the caller's sign-in is bound to it, never a second
 * account. A phone typed at registration proves nothing, so without a code nobody takes an
 * existing account, and the import never makes a self-registered account staff.
 */
import { accountFunction } from '../../functions/account/account.function';
import type { RegisteredView } from '../../functions/account/register-account';
import { adminFunction } from '../../functions/admin/admin.function';
import { VILLAGER_PHONE_IN_ROSTER } from '../../functions/admin/import-roster';
import type { InvitationIssuedView } from '../../functions/account/account.api';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { refusal } from '../support/replies';
import { ACCOUNTS, AUDIT_EVENTS, STAFF_INVITATIONS } from '../../functions/store/collections';
import { PRIVACY_NOTICE_VERSION } from '../../shared/account/privacy-notice';

let h: Harness;
let town: TestTown;
const WORKER_PHONE = '13700001234';

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

/** The roster import as the admin runs it: one grid worker for the first village. */
async function importWorker(phone = WORKER_PHONE) {
  return h.call<{ staff: { created: number } }>(
    adminFunction,
    'importGrid',
    {
      mode: 'apply',
      staff: [
        { name: '马网格', phone, roles: '网格员', gridNodeCodes: town.villages[0]![0]!.code },
      ],
    },
    { as: town.people.admin },
  );
}

/** An invitation for `phone`; null: one that names no phone. */
async function invite(phone: string | null = WORKER_PHONE) {
  return h.ok<InvitationIssuedView>(
    adminFunction,
    'issueInvitation',
    {
      roles: ['grid_worker'],
      gridNodeIds: [town.villages[0]![0]!._id],
      ...(phone === null ? {} : { phone }),
    },
    { as: town.people.admin },
  );
}

const registration = (over: Record<string, unknown> = {}) => ({
  name: '马网格',
  phone: WORKER_PHONE,
  gridNodeId: town.villages[0]![0]!._id,
  privacyConsent: { agreed: true, noticeVersion: PRIVACY_NOTICE_VERSION },
  ...over,
});

async function accountsWithPhone(phone: string) {
  return (await ACCOUNTS.query(h.store, { where: { phone } })).docs;
}

describe('an imported staff member', () => {
  it('activates their account with the code issued for their phone; no second account', async () => {
    expect((await importWorker()).ok).toBe(true);
    const [imported] = await accountsWithPhone(WORKER_PHONE);
    const { code } = await invite();

    const reply = await h.ok<RegisteredView>(
      accountFunction,
      'register',
      registration({ invitationCode: code }),
      { as: null },
    );
    expect(reply).toMatchObject({ accountId: imported!._id, name: '马网格' });
    const [after, ...others] = await accountsWithPhone(WORKER_PHONE);
    expect(others).toEqual([]);
    expect(after).toMatchObject({
      isStaff: true,
      roles: ['grid_worker'],
      privacyConsent: { noticeVersion: PRIVACY_NOTICE_VERSION, via: 'self' },
    });
    const events = await AUDIT_EVENTS.query(h.store, {
      where: { subjectType: 'account', subjectId: imported!._id },
    });
    expect(events.docs.map((e) => e.action)).toContain('activate_staff');

    // Nobody activates it again with the same code (used up; over HTTP the host refuses even
    // earlier, as the account now has a password).
    const again = await h.call(
      accountFunction,
      'register',
      registration({ invitationCode: code }),
      { as: null },
    );
    expect(refusal(again).code).toBe('CONFLICT');
  });

  it('cannot be taken over by typing its phone, with no code or another person’s code', async () => {
    expect((await importWorker()).ok).toBe(true);
    const noCode = await h.call(accountFunction, 'register', registration(), { as: null });
    expect(refusal(noCode)).toMatchObject({
      code: 'CONFLICT',
      // The same words a villager's phone gets: nothing tells a stranger it is staff.
      message: '这个手机号已经注册过了',
      details: { field: 'phone', reason: 'phone_taken' },
    });
    const { code } = await invite('13700009999');
    const othersCode = await h.call(
      accountFunction,
      'register',
      registration({ invitationCode: code }),
      { as: null },
    );
    expect(refusal(othersCode).code).toBe('NOT_FOUND');
    expect((await accountsWithPhone(WORKER_PHONE))[0]?.privacyConsent).toBeUndefined();
  });

  it('is not activated by a code that names no phone', async () => {
    expect((await importWorker()).ok).toBe(true);
    const { code } = await invite(null);
    const reply = await h.call(
      accountFunction,
      'register',
      registration({ invitationCode: code }),
      { as: null },
    );
    expect(refusal(reply).details).toMatchObject({ reason: 'phone_taken' });
    const [imported] = await accountsWithPhone(WORKER_PHONE);
    expect(imported?.privacyConsent).toBeUndefined();
    const unused = await STAFF_INVITATIONS.query(h.store, { limit: 10 });
    expect(unused.docs.map((i) => i.usedBy)).toEqual([undefined]);
  });

  it('is not activated over a villager’s own account, even with a code for that phone', async () => {
    const { villager } = town.people;
    const { code } = await invite(villager.phone);
    const reply = await h.call(
      accountFunction,
      'register',
      registration({ phone: villager.phone, invitationCode: code }),
      { as: null },
    );
    expect(refusal(reply).details).toMatchObject({ reason: 'phone_taken' });
    expect((await ACCOUNTS.get(h.store, villager._id))?.isStaff).toBe(false);
  });
});

describe('a new staff member with a code', () => {
  it('registers and is staff at once', async () => {
    const { code } = await invite('13700005555');
    const reply = await h.ok<RegisteredView>(
      accountFunction,
      'register',
      registration({ phone: '13700005555', invitationCode: code }),
      { as: null },
    );
    const account = await ACCOUNTS.get(h.store, reply.accountId);
    expect(account).toMatchObject({ isStaff: true, roles: ['grid_worker'] });
  });
});

describe('the roster import', () => {
  it('still updates staff accounts stored before phones were marked as the admin’s', async () => {
    // The test town's staff carry no mark and no consent of their own: admin-made.
    const { villageGridWorker: worker } = town.people;
    const raw = await ACCOUNTS.get(h.store, worker._id);
    // As stored before the field existed.
    await h.store.update(
      'accounts',
      worker._id,
      { phoneTrusted: undefined },
      {
        ifVersion: raw!._version,
      },
    );
    // As stored (a parsed read would fill the default).
    expect((await h.store.get('accounts', worker._id))?.phoneTrusted).toBeUndefined();
    expect((await importWorker(worker.phone!)).ok).toBe(true);
    expect(await ACCOUNTS.get(h.store, worker._id)).toMatchObject({
      name: '马网格',
      roles: ['grid_worker'],
    });
  });

  it('does not make a self-registered account staff because the roster names its phone', async () => {
    await h.ok(accountFunction, 'register', registration({ name: '冒名者' }), { as: null });
    const reply = await importWorker();
    expect(refusal(reply).details?.fields).toEqual([
      { field: 'staff.0.phone', message: `人员表第1条 手机号：${VILLAGER_PHONE_IN_ROSTER}` },
    ]);
    const [account] = await accountsWithPhone(WORKER_PHONE);
    expect(account).toMatchObject({ name: '冒名者', isStaff: false, roles: ['villager'] });
  });
});
