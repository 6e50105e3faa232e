/**
 * The admin console reads what the admin keeps — staff by role and search, the rooms with
 * their schedules, the invitations (and who bound them, and revoking one), the rule sets with
 * their versions — every list paged, phones masked, nothing of another town.
 */
import { adminFunction } from '../../functions/admin/admin.function';
import type { StaffPage } from '../../functions/admin/list-staff';
import type { InvitationPage } from '../../functions/admin/list-invitations';
import type { RoomPage } from '../../functions/admin/list-rooms';
import type { RulesView } from '../../functions/admin/get-rules';
import type { InvitationIssuedView } from '../../functions/account/account.api';
import { accountFunction } from '../../functions/account/account.function';
import { DEFAULT_DEADLINE_RULES } from '../../shared/calendar/deadlines';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { createTestRooms } from '../factories/rooms';
import { reportStreetLight, tasksOf } from '../concern/concern.steps';

let h: Harness;
let town: TestTown;
let asAdmin: { as: TestTown['people']['admin'] };

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
  asAdmin = { as: town.people.admin };
});
afterEach(() => h.close());

describe('admin.listStaff', () => {
  it('lists staff by role and by search, masks phones, leaves villagers out', async () => {
    const mediators = await h.ok<StaffPage>(
      adminFunction,
      'listStaff',
      { role: 'mediator' },
      asAdmin,
    );
    expect(mediators.items.map((s) => s.name).sort()).toEqual(['孙老支书', '张网格'].sort());
    const all = await h.ok<StaffPage>(adminFunction, 'listStaff', { limit: 100 }, asAdmin);
    expect(all.items.map((s) => s.name)).not.toContain('王秀兰');
    expect(all.items).toHaveLength(12);

    const byName = await h.ok<StaffPage>(adminFunction, 'listStaff', { search: '老支书' }, asAdmin);
    expect(byName.items.map((s) => s.name)).toEqual(['孙老支书']);
    const phone = town.people.mediator.phone!;
    expect(byName.items[0]!.phone).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
    expect(JSON.stringify(all)).not.toContain(phone);
    expect(byName.items[0]!.gridNodes).toEqual([
      { id: town.communities[0]!._id, name: town.communities[0]!.name },
    ]);

    const byPhone = await h.ok<StaffPage>(
      adminFunction,
      'listStaff',
      { search: phone.slice(-5) },
      asAdmin,
    );
    expect(byPhone.items.map((s) => s.accountId)).toEqual([town.people.mediator._id]);
  });

  it('pages through every staff member once', async () => {
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page: StaffPage = await h.ok<StaffPage>(
        adminFunction,
        'listStaff',
        { limit: 5, ...(cursor ? { cursor } : {}) },
        asAdmin,
      );
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((s) => s.accountId));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(12);
    expect(new Set(seen).size).toBe(12);
  });
});

describe('admin.listInvitations and revokeInvitation', () => {
  const issue = (name: string) =>
    h.ok<InvitationIssuedView>(
      adminFunction,
      'issueInvitation',
      { roles: ['grid_worker'], gridNodeIds: [town.villages[0]![1]!._id], name },
      asAdmin,
    );

  it('shows who bound a code, and a revoked code binds nobody', async () => {
    const bound = await issue('李大山');
    h.clock.advance(60_000);
    const spare = await issue('备用');
    await h.ok(
      accountFunction,
      'bindStaff',
      { invitationCode: bound.code },
      {
        as: town.people.neighbour,
      },
    );
    await h.ok(
      adminFunction,
      'revokeInvitation',
      { invitationId: spare.invitationId, note: '人选有变' },
      asAdmin,
    );

    const list = await h.ok<InvitationPage>(adminFunction, 'listInvitations', {}, asAdmin);
    expect(list.items.map((i) => [i.name, i.state.label])).toEqual([
      ['备用', '已作废'],
      ['李大山', '已绑定'],
    ]);
    expect(list.items[1]!.usedBy).toEqual({ accountId: town.people.neighbour._id, name: '李大山' });
    expect(list.items[1]!.issuedBy).toBe('褚管理');
    expect(JSON.stringify(list)).not.toContain(bound.code.replace('-', ''));

    const refused = await h.call(
      accountFunction,
      'bindStaff',
      { invitationCode: spare.code },
      {
        as: town.people.farVillager,
      },
    );
    expect(refused.ok).toBe(false);
    const usedOne = await h.call(
      adminFunction,
      'revokeInvitation',
      { invitationId: bound.invitationId, note: '误发' },
      asAdmin,
    );
    expect(usedOne.ok || usedOne.error.code).toBe('CONFLICT');

    const open = await h.ok<InvitationPage>(
      adminFunction,
      'listInvitations',
      { state: 'open' },
      asAdmin,
    );
    expect(open.items).toEqual([]);
  });
});

describe('admin.listRooms', () => {
  it('lists the rooms with their weekly schedules', async () => {
    await createTestRooms(h.store, town);
    const rooms = await h.ok<RoomPage>(adminFunction, 'listRooms', {}, asAdmin);
    expect(rooms.items.length).toBeGreaterThanOrEqual(2);
    const secretary = rooms.items.find((r) => r.name === '东关新村老支书调解室');
    expect(secretary?.schedule.length).toBeGreaterThan(0);
    expect(secretary?.schedule[0]).toHaveProperty('weekdayLabel');
  });
});

describe('admin.getRules', () => {
  it('reads the defaults at version 0, then the saved set, which steers the next concern', async () => {
    const before = await h.ok<RulesView>(
      adminFunction,
      'getRules',
      { ruleSet: 'deadlines' },
      asAdmin,
    );
    expect(before.items).toEqual([
      expect.objectContaining({ version: 0, custom: false, body: DEFAULT_DEADLINE_RULES }),
    ]);
    const body = {
      ...DEFAULT_DEADLINE_RULES,
      workingDays: { ...DEFAULT_DEADLINE_RULES.workingDays, help: 1 },
    };
    await h.ok(
      adminFunction,
      'setRules',
      {
        ruleSet: 'deadlines',
        rules: body,
        note: '求助一天内办结',
        expectedVersion: before.items[0]!.version,
      },
      asAdmin,
    );
    const after = await h.ok<RulesView>(adminFunction, 'getRules', {}, asAdmin);
    const deadlines = after.items.find((i) => i.ruleSet.code === 'deadlines');
    expect(deadlines).toMatchObject({ version: 1, custom: true, body, updatedBy: '褚管理' });
    expect(after.items.map((i) => i.ruleSet.code)).toEqual([
      'deadlines',
      'routing',
      'keywords',
      'holidays',
      'learning_path',
    ]);
    // The version read back is the one setRules expects next; a stale one is refused.
    const stale = await h.call(
      adminFunction,
      'setRules',
      { ruleSet: 'deadlines', rules: body, note: '再改', expectedVersion: 0 },
      asAdmin,
    );
    expect(stale.ok || stale.error.code).toBe('CONFLICT');

    // A 求助 submitted on Monday is now due at the end of Tuesday (one working day).
    const concern = await reportStreetLight(h, town);
    const [task] = await tasksOf(h, concern.id);
    expect(task?.dueAt?.slice(0, 10)).toBe('2025-11-18');
  });
});
