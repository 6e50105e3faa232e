/**
 * An admin issues an invitation code (邀请码); a new staff member, signed in with their own
 * account, binds to it and becomes staff with the invitation's roles, grid and department.
 */
import { accountFunction } from '../../functions/account/account.function';
import type { MeView } from '../../functions/account/account.views';
import { adminFunction } from '../../functions/admin/admin.function';
import type { InvitationIssuedView } from '../../functions/account/account.api';
import { INVITATION_CODE_LENGTH } from '../../shared/account/account.schema';
import { isValidCode, makeCode, normalizeCode } from '../../shared/validation/codes';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { ACCOUNTS, AUDIT_EVENTS } from '../../functions/store/collections';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

async function issue(over: Record<string, unknown> = {}, t: TestTown = town) {
  return h.ok<InvitationIssuedView>(
    adminFunction,
    'issueInvitation',
    { roles: ['grid_worker'], gridNodeIds: [t.villages[0]![1]!._id], ...over },
    { as: t.people.admin },
  );
}

describe('an admin issues an invitation', () => {
  it('shows a valid code once, expiring at the end of the last valid day', async () => {
    const invitation = await issue({ validDays: 3 });
    expect(isValidCode(normalizeCode(invitation.code), INVITATION_CODE_LENGTH)).toBe(true);
    expect(invitation.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(invitation.expiresAt).toBe('2025-11-20T23:59:59.999+08:00');
    expect(invitation.roles).toEqual([{ code: 'grid_worker', label: '网格员' }]);
    const events = await AUDIT_EVENTS.query(h.store, {
      where: { subjectType: 'account', subjectId: invitation.invitationId },
    });
    expect(events.docs[0]?.action).toBe('issue_invitation');
    expect(JSON.stringify(events.docs)).not.toContain(normalizeCode(invitation.code));
  });

  it('refuses grid nodes of another town and non-admins', async () => {
    const other = await createTestTown(h.store, 'town-b');
    const reply = await h.call(
      adminFunction,
      'issueInvitation',
      { roles: ['grid_worker'], gridNodeIds: [other.villages[0]![0]!._id] },
      { as: town.people.admin },
    );
    expect(reply.ok ? null : reply.error.details?.fields?.[0]?.field).toBe('gridNodeIds');
    const asCentre = await h.call(
      adminFunction,
      'issueInvitation',
      { roles: ['grid_worker'], gridNodeIds: [] },
      { as: town.people.centre },
    );
    expect(asCentre.ok ? null : asCentre.error.code).toBe('FORBIDDEN');
  });
});

describe('a staff member binds their account', () => {
  it('becomes staff with the invitation’s roles and grid, and the code is used up', async () => {
    const invitation = await issue();
    const person = town.people.neighbour;
    const view = await h.ok<MeView>(
      accountFunction,
      'bindStaff',
      { invitationCode: invitation.code.toLowerCase() },
      { as: person },
    );
    expect(view.isStaff).toBe(true);
    expect(view.roles).toEqual([{ code: 'grid_worker', label: '网格员' }]);
    expect(view.gridNodes.map((n) => n.id)).toEqual([town.villages[0]![1]!._id]);
    const stored = await ACCOUNTS.get(h.store, person._id);
    expect(stored?.isStaff).toBe(true);
    const events = await AUDIT_EVENTS.query(h.store, {
      where: { subjectType: 'account', subjectId: person._id },
    });
    expect(events.docs.map((e) => [e.action, e.from, e.to])).toEqual([
      ['bind_staff', 'villager', 'grid_worker'],
    ]);
    // A retry by the same person after a lost reply answers the same view.
    const retry = await h.ok<MeView>(
      accountFunction,
      'bindStaff',
      { invitationCode: invitation.code },
      {
        as: person,
      },
    );
    expect(retry.roles).toEqual(view.roles);
  });

  it('refuses a code already used by someone else', async () => {
    const invitation = await issue();
    await h.ok(
      accountFunction,
      'bindStaff',
      { invitationCode: invitation.code },
      {
        as: town.people.neighbour,
      },
    );
    const reply = await h.call(
      accountFunction,
      'bindStaff',
      { invitationCode: invitation.code },
      {
        as: town.people.villager,
      },
    );
    expect(reply.ok ? null : [reply.error.code, reply.error.message]).toEqual([
      'CONFLICT',
      '这个邀请码已经用过了，请找管理员重新发一个',
    ]);
    const stored = await ACCOUNTS.get(h.store, town.people.villager._id);
    expect(stored?.isStaff).toBe(false);
  });

  it('refuses an expired code', async () => {
    const invitation = await issue({ validDays: 1 });
    h.clock.advance(2 * 24 * 3600 * 1000);
    const reply = await h.call(
      accountFunction,
      'bindStaff',
      { invitationCode: invitation.code },
      {
        as: town.people.neighbour,
      },
    );
    expect(reply.ok ? null : reply.error.message).toBe('邀请码已经过期，请找管理员重新发一个');
  });

  it('refuses a code of another town', async () => {
    const other = await createTestTown(h.store, 'town-b');
    const invitation = await issue({ gridNodeIds: [other.villages[0]![0]!._id] }, other);
    const reply = await h.call(
      accountFunction,
      'bindStaff',
      { invitationCode: invitation.code },
      {
        as: town.people.neighbour,
      },
    );
    // Worded as an unknown code: a guesser learns nothing of other towns' codes.
    expect(reply.ok ? null : reply.error).toMatchObject({
      code: 'NOT_FOUND',
      message: '没有这个邀请码，请核对后重新输入',
    });
    expect((await ACCOUNTS.get(h.store, town.people.neighbour._id))?.isStaff).toBe(false);
  });

  it('refuses a code meant for another phone, and an unknown code', async () => {
    const invitation = await issue({ phone: '13900009999' });
    const reply = await h.call(
      accountFunction,
      'bindStaff',
      { invitationCode: invitation.code },
      {
        as: town.people.neighbour,
      },
    );
    const unknown = await h.call(
      accountFunction,
      'bindStaff',
      { invitationCode: makeCode(8, () => 0) },
      {
        as: town.people.neighbour,
      },
    );
    // One answer for both: a code issued for another phone reads exactly like an unknown one.
    expect(reply.ok ? null : reply.error).toEqual(unknown.ok ? null : unknown.error);
    expect(unknown.ok ? null : unknown.error.code).toBe('NOT_FOUND');
  });
});
