/**
 * An admin keeps the town's staff, mediation rooms and rule sets; the centre may change
 * rooms and tune the keyword model; villagers may do none of it.
 */
import { adminFunction } from '../../functions/admin/admin.function';
import type { RoomView } from '../../functions/mediation/upsert-room';
import type { RulesSavedView } from '../../functions/admin/set-rules';
import type { StaffView } from '../../functions/account/account.views';
import { DEFAULT_DEADLINE_RULES } from '../../shared/calendar/deadlines';
import { DEFAULT_ROUTING_RULES, parseRoutingRules } from '../../shared/routing/routing.rules';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { ACCOUNTS, AUDIT_EVENTS, RULES } from '../../functions/store/collections';
import { concernFunction } from '../../functions/concern/concern.function';
import type { KeywordSuggestion } from '../../shared/concern/keywords';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness();
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

/** A town's own keyword model: a leaking roof is a call for help (求助). */
const LEAK_MEANS_HELP = {
  threshold: 1,
  kinds: [
    {
      code: 'help',
      terms: [
        { term: '渗水', weight: 2 },
        { term: '屋顶', weight: 1 },
      ],
    },
  ],
  topics: [],
};

describe('staff accounts', () => {
  const staff = (over: Record<string, unknown> = {}) => ({
    name: '蒋调解',
    phone: '13600000001',
    roles: ['mediator'],
    gridNodeIds: [town.communities[1]!._id],
    ...over,
  });

  it('creates a staff account with its phone key, then changes it and moves the key', async () => {
    const created = await h.ok<StaffView>(adminFunction, 'upsertStaff', staff(), {
      as: town.people.admin,
    });
    expect(created.roles).toEqual([{ code: 'mediator', label: '调解员' }]);
    expect(created.active).toBe(true);
    expect((await h.store.get('account_keys', 'phone:13600000001')) as unknown).toMatchObject({
      accountId: created.accountId,
    });
    h.clock.advance(60_000);
    const changed = await h.ok<StaffView>(
      adminFunction,
      'upsertStaff',
      staff({
        accountId: created.accountId,
        phone: '13600000002',
        roles: ['dept_officer'],
        departmentId: 'civil_affairs',
        active: false,
      }),
      { as: town.people.admin },
    );
    expect(changed.department).toEqual({ code: 'civil_affairs', label: '民政' });
    expect(changed.active).toBe(false);
    expect(await h.store.get('account_keys', 'phone:13600000001')).toBeNull();
    expect(await h.store.get('account_keys', 'phone:13600000002')).not.toBeNull();
    const events = await AUDIT_EVENTS.query(h.store, {
      where: { subjectType: 'account', subjectId: created.accountId },
      orderBy: { path: 'at', order: 'asc' },
    });
    expect(events.docs.map((e) => [e.action, e.to])).toEqual([
      ['create_staff', 'active'],
      ['update_staff', 'disabled'],
    ]);
  });

  it('keeps a villager’s own role when they are made staff', async () => {
    const villager = town.people.neighbour;
    const view = await h.ok<StaffView>(
      adminFunction,
      'upsertStaff',
      staff({ accountId: villager._id, phone: villager.phone, roles: ['grid_worker'] }),
      { as: town.people.admin },
    );
    expect(view.roles.map((r) => r.code)).toEqual(['villager', 'grid_worker']);
  });

  it('refuses a phone already in use, an account of another town, and disabling oneself', async () => {
    const taken = await h.call(
      adminFunction,
      'upsertStaff',
      staff({ phone: town.people.villager.phone }),
      { as: town.people.admin },
    );
    expect(taken.ok ? null : taken.error.code).toBe('CONFLICT');
    const other = await createTestTown(h.store, 'town-b');
    const foreign = await h.call(
      adminFunction,
      'upsertStaff',
      staff({ accountId: other.people.mediator._id }),
      { as: town.people.admin },
    );
    expect(foreign.ok ? null : foreign.error.code).toBe('NOT_FOUND');
    const admin = town.people.admin;
    const self = await h.call(
      adminFunction,
      'upsertStaff',
      staff({
        accountId: admin._id,
        phone: admin.phone,
        roles: ['admin'],
        gridNodeIds: [],
        active: false,
      }),
      { as: admin },
    );
    expect(self.ok ? null : self.error.message).toBe(
      '不能停用自己的账号，也不能去掉自己的管理员角色',
    );
    expect((await ACCOUNTS.get(h.store, admin._id))?.status).toBe('active');
  });

  it('asks a department officer for their department, in Chinese', async () => {
    const reply = await h.call(adminFunction, 'upsertStaff', staff({ roles: ['dept_officer'] }), {
      as: town.people.admin,
    });
    expect(reply.ok ? null : reply.error.details?.fields).toEqual([
      { field: 'departmentId', message: '所在部门：部门人员请选择所在部门' },
    ]);
  });
});

describe('mediation rooms', () => {
  const room = (over: Record<string, unknown> = {}) => ({
    kind: 'old_secretary',
    name: '东关新村老支书调解室',
    gridNodeId: town.communities[0]!._id,
    level: 'community',
    disputeTypes: ['neighbour', 'land'],
    address: '东关新村党群服务中心一楼',
    schedule: [
      { weekday: 2, start: '09:00', end: '11:30' },
      { weekday: 4, start: '14:00', end: '17:00' },
    ],
    slotMinutes: 30,
    seatsPerSlot: 2,
    mediatorIds: [town.people.mediator._id],
    ...over,
  });

  it('creates a room with its weekly schedule and changes it', async () => {
    const created = await h.ok<RoomView>(adminFunction, 'upsertRoom', room(), {
      as: town.people.admin,
    });
    expect(created.kind).toEqual({ code: 'old_secretary', name: '老支书调解室' });
    expect(created.schedule[0]).toEqual({
      weekday: 2,
      start: '09:00',
      end: '11:30',
      weekdayLabel: '周二',
    });
    const changed = await h.ok<RoomView>(
      adminFunction,
      'upsertRoom',
      room({ roomId: created.roomId, seatsPerSlot: 1 }),
      { as: town.people.centre },
    );
    expect(changed.roomId).toBe(created.roomId);
    expect(changed.seatsPerSlot).toBe(1);
  });

  it('refuses a wrong level, a kind that does not sit there, a twin name and a non-mediator', async () => {
    await h.ok(adminFunction, 'upsertRoom', room(), { as: town.people.admin });
    const cases: [Record<string, unknown>, string][] = [
      [{ level: 'town', name: '甲' }, 'level'],
      [{ kind: 'talk_room', name: '乙' }, 'level'],
      [{}, 'name'],
      [{ mediatorIds: [town.people.villager._id], name: '丙' }, 'mediatorIds'],
      [{ gridNodeId: 'nowhere', name: '丁' }, 'gridNodeId'],
      [{ slotMinutes: 240, name: '戊' }, 'schedule.0'],
    ];
    for (const [over, field] of cases) {
      const reply = await h.call(adminFunction, 'upsertRoom', room(over), {
        as: town.people.admin,
      });
      expect(reply.ok ? null : reply.error.details?.fields?.[0]?.field).toBe(field);
    }
  });

  it('refuses a room of another town', async () => {
    const other = await createTestTown(h.store, 'town-b');
    const theirs = await h.ok<RoomView>(
      adminFunction,
      'upsertRoom',
      room({ gridNodeId: other.communities[0]!._id, mediatorIds: [] }),
      { as: other.people.admin },
    );
    const reply = await h.call(adminFunction, 'upsertRoom', room({ roomId: theirs.roomId }), {
      as: town.people.admin,
    });
    expect(reply.ok ? null : reply.error.code).toBe('NOT_FOUND');
  });
});

describe('rule sets', () => {
  it('stores good deadline and routing rules under <townId>:<kind>, versioned and audited', async () => {
    const deadlines = {
      ...DEFAULT_DEADLINE_RULES,
      workingDays: { ...DEFAULT_DEADLINE_RULES.workingDays, help: 2 },
    };
    const saved = await h.ok<RulesSavedView>(
      adminFunction,
      'setRules',
      { ruleSet: 'deadlines', rules: deadlines, note: '求助改为 2 个工作日' },
      { as: town.people.admin },
    );
    expect(saved.version).toBe(1);
    const doc = await RULES.get(h.store, `${town.townId}:deadlines`);
    expect(doc).toMatchObject({
      townId: town.townId,
      kind: 'deadlines',
      body: deadlines,
      updatedBy: town.people.admin._id,
    });

    const routing = await h.ok<RulesSavedView>(
      adminFunction,
      'setRules',
      { ruleSet: 'routing', rules: { rules: DEFAULT_ROUTING_RULES }, note: '启用默认规则' },
      { as: town.people.admin },
    );
    expect(routing.version).toBe(1);
    const routingDoc = await RULES.get(h.store, `${town.townId}:routing`);
    expect(parseRoutingRules(routingDoc?.body).ok).toBe(true);

    h.clock.advance(60_000);
    const again = await h.ok<RulesSavedView>(
      adminFunction,
      'setRules',
      { ruleSet: 'deadlines', rules: DEFAULT_DEADLINE_RULES, note: '恢复', expectedVersion: 1 },
      { as: town.people.admin },
    );
    expect(again.version).toBe(2);
    const events = await AUDIT_EVENTS.query(h.store, {
      where: { subjectType: 'rules', subjectId: `${town.townId}:deadlines` },
      orderBy: { path: 'at', order: 'asc' },
    });
    expect(events.docs.map((e) => [e.from, e.to])).toEqual([
      [null, 'v1'],
      ['v1', 'v2'],
    ]);
  });

  it('rejects bad rules with Chinese messages and keeps the stored ones', async () => {
    const badRouting = await h.call(
      adminFunction,
      'setRules',
      {
        ruleSet: 'routing',
        rules: {
          rules: [
            {
              id: 'concern.x',
              name: '转部门',
              when: { subject: 'concern' },
              assign: { role: 'dept_officer', taskKind: 'handle_concern', scope: 'town' },
              priority: 1,
            },
          ],
        },
        note: '试试',
      },
      { as: town.people.admin },
    );
    expect(badRouting.ok ? null : badRouting.error.code).toBe('VALIDATION_FAILED');
    if (!badRouting.ok) {
      expect(badRouting.error.message).toContain('转给部门人员时要选择是哪个部门');
      expect(badRouting.error.details?.fields?.[0]?.field).toBe(
        'rules.rules.0.assign.departmentCode',
      );
    }
    const badHolidays = await h.call(
      adminFunction,
      'setRules',
      {
        ruleSet: 'holidays',
        rules: { '2027': { holidays: ['2027-02-30'], workdays: [] } },
        note: '错',
      },
      { as: town.people.admin },
    );
    // The holiday table is entered where its effect is previewed first (saveHolidays).
    expect(badHolidays.ok ? null : badHolidays.error.message).toContain(
      '节假日安排请在“节假日安排”里录入',
    );
    const badDeadlines = await h.call(
      adminFunction,
      'setRules',
      {
        ruleSet: 'deadlines',
        rules: { workingDays: { ...DEFAULT_DEADLINE_RULES.workingDays, help: 0 } },
        note: '错',
      },
      { as: town.people.admin },
    );
    expect(badDeadlines.ok ? null : badDeadlines.error.message).toContain(
      '办理时限至少 1 个工作日',
    );
    for (const kind of ['routing', 'holidays', 'deadlines']) {
      expect(await h.store.get('rules', `${town.townId}:${kind}`)).toBeNull();
    }
  });

  it('refuses a stale edit', async () => {
    await h.ok(
      adminFunction,
      'setRules',
      { ruleSet: 'keywords', rules: LEAK_MEANS_HELP, note: '一' },
      {
        as: town.people.admin,
      },
    );
    const stale = await h.call(
      adminFunction,
      'setRules',
      { ruleSet: 'keywords', rules: LEAK_MEANS_HELP, note: '二', expectedVersion: 0 },
      { as: town.people.admin },
    );
    expect(stale.ok ? null : stale.error.code).toBe('CONFLICT');
  });

  it('lets the centre tune keywords only, and no villager anything', async () => {
    const suggest = () =>
      h.ok<KeywordSuggestion>(
        concernFunction,
        'suggest',
        { text: '屋顶渗水了，一下雨就滴' },
        { as: town.people.villager },
      );
    const before = await suggest();
    const keywords = await h.call(
      adminFunction,
      'setRules',
      { ruleSet: 'keywords', rules: LEAK_MEANS_HELP, note: '加词' },
      { as: town.people.centre },
    );
    expect(keywords.ok).toBe(true);
    // What the tuning changes: the villager's form now suggests 求助 and says why.
    const after = await suggest();
    expect(after.kind?.code).toBe('help');
    expect(after.reason).toBe('因为提到了「渗水」「屋顶」');
    expect(after.sample).toBe(false);
    expect(before).toMatchObject({ kind: null, sample: true });
    const deadlines = await h.call(
      adminFunction,
      'setRules',
      { ruleSet: 'deadlines', rules: DEFAULT_DEADLINE_RULES, note: '改' },
      { as: town.people.centre },
    );
    expect(deadlines.ok ? null : deadlines.error.code).toBe('FORBIDDEN');
    for (const action of [
      'setRules',
      'upsertRoom',
      'upsertStaff',
      'issueInvitation',
      'importGrid',
    ]) {
      const reply = await h.call(adminFunction, action, {}, { as: town.people.villager });
      expect(reply.ok ? null : reply.error.code).toBe('FORBIDDEN');
    }
  });
});
