/**
 * The admin enters next year's holidays (节假日安排) and every clock follows on its next call:
 * a new concern's deadline, an open concern's deadline (with its timeline step and the
 * pushes), a clue's 7-working-day reply date, the booking slot list and the 司法确认 countdown
 * move; removing the entry moves them back. The holiday ranges here are test data, not the
 * real 2027 notice.
 *
 * Today is Monday 21 December 2026. The library has no 2027 data, so before the town enters it
 * 1 January 2027 (a Friday) counts as a working day and rooms offer no 2027 slot at all.
 */
import type {
  HolidayCalendarView,
  HolidayPreview,
  HolidaysSaved,
} from '../../functions/admin/holidays.views';
import { adminFunction } from '../../functions/admin/admin.function';
import type { SubmitClueReply } from '../../functions/clue/submit-clue';
import { clueFunction } from '../../functions/clue/clue.function';
import { concernFunction } from '../../functions/concern/concern.function';
import type { StaffConcernView, VillagerConcernView } from '../../functions/concern/concern.views';
import type { BookingView, ListSlotsReply } from '../../functions/mediation/mediation.views';
import { mediationFunction } from '../../functions/mediation/mediation.function';
import type { StatsOverview } from '../../functions/stats/stats.views';
import { statsFunction } from '../../functions/stats/stats.function';
import { CLUES, OUTBOX, RULES, TASKS } from '../../functions/store/collections';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestRooms } from '../factories/rooms';
import { createTestRooms } from '../factories/rooms';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { putBooking } from '../factories/records';
import { clueInput } from '../clue/clue.helpers';
import { streetLight } from '../concern/concern.steps';
import { bookInput } from '../mediation/mediation.helpers';

const end = (date: string) => `${date}T23:59:59.999+08:00`;
const NEW_YEAR = { name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: [] };

let h: Harness;
let town: TestTown;
let rooms: TestRooms;

beforeEach(async () => {
  h = createHarness('2026-12-21T09:00:00+08:00');
  town = await createTestTown(h.store);
  rooms = await createTestRooms(h.store, town);
});
afterEach(() => h.close());

const admin = () => ({ as: town.people.admin });

async function save(years: Record<string, unknown[]>, expectedVersion: number, requestId?: string) {
  return h.ok<HolidaysSaved>(
    adminFunction,
    'saveHolidays',
    { years, note: '按国务院办公厅通知录入', expectedVersion },
    { ...admin(), ...(requestId === undefined ? {} : { requestId }) },
  );
}

function complaint() {
  return h.ok<VillagerConcernView>(
    concernFunction,
    'submit',
    streetLight(town, { kind: 'complaint', text: '村里的垃圾清运站一直没人管，臭气熏天' }),
    { as: town.people.villager },
  );
}

const staffView = (concernId: string) =>
  h.ok<StaffConcernView>(concernFunction, 'get', { concernId }, { as: town.people.centre });

const slotDays = async () => {
  const reply = await h.ok<ListSlotsReply>(
    mediationFunction,
    'listSlots',
    { roomId: rooms.oldSecretary._id, from: '2026-12-28', to: '2027-01-08' },
    { as: town.people.villager },
  );
  return { days: [...new Set(reply.slots.map((s) => s.start.slice(0, 10)))], reply };
};

describe('entering 2027’s New Year holiday', () => {
  it('moves every clock that counts across it, and removing it moves them back', async () => {
    // Before: 13 working days from Mon 21 Dec count Fri 1 Jan 2027 as worked → Thu 7 Jan.
    const open = await complaint();
    expect(open.dueAt).toBe(end('2027-01-07'));
    expect((await staffView(open.id)).calendarNote).toContain('2027年的节假日安排还没有录入');
    // A clue received on Thu 24 Dec: 25, 28, 29, 30, 31 Dec, 1 Jan, 4 Jan → Mon 4 Jan.
    h.clock.set('2026-12-24T10:00:00+08:00');
    const clue = await h.ok<SubmitClueReply>(clueFunction, 'submit', clueInput(town), { as: null });
    expect(clue.proceduralReplyDueAt).toBe(end('2027-01-04'));
    // An agreement signed on 2 Dec: 30 days later is Fri 1 Jan.
    const booking = await putBooking(h.store, town, rooms.oldSecretary, {
      signedAt: '2026-12-02T10:00:00.000+08:00',
      slotStart: '2026-12-02T09:00:00.000+08:00',
      slotEnd: '2026-12-02T10:00:00.000+08:00',
      confirmationDueBy: end('2027-01-01'),
    });
    const countdown = async () =>
      (
        await h.ok<BookingView>(
          mediationFunction,
          'get',
          { bookingId: booking._id },
          {
            as: town.people.villager,
          },
        )
      ).judicialConfirmation;
    expect((await countdown()).dueBy).toBe(end('2027-01-01'));
    // Rooms that close on holidays offer nothing in a year nobody entered.
    const before = await slotDays();
    expect(before.days).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31']);
    expect(before.reply.closedYears).toEqual([2027]);
    expect(before.reply.notice).toContain('2027年的节假日安排镇里还没有录入');

    const saved = await save({ '2027': [NEW_YEAR] }, 0);
    expect(saved.version).toBe(1);
    expect(saved.counts).toMatchObject({ concerns: 1, clues: 1, confirmations: 1 });
    expect(saved.warning.uncoveredYears).toEqual([]);

    // The open concern moved one working day, with a step the villager reads and two pushes.
    const moved = await h.ok<VillagerConcernView>(
      concernFunction,
      'get',
      { concernId: open.id },
      {
        as: town.people.villager,
      },
    );
    expect(moved.dueAt).toBe(end('2027-01-08'));
    expect(moved.timeline.at(-1)).toMatchObject({
      title: '节假日安排调整，期限随之改变',
      note: expect.stringContaining('办理期限由1月7日改为1月8日'),
    });
    const handling = (await TASKS.query(h.store, { limit: 100 })).docs.filter(
      (t) => t.subject.id === open.id && t.kind === 'handle_concern',
    );
    expect(handling.map((t) => t.dueAt)).toEqual([end('2027-01-08')]);
    const pushes = (await OUTBOX.query(h.store, { limit: 100 })).docs;
    expect(
      pushes.filter((p) => p.template === 'concern.deadline_moved').map((p) => p.recipientId),
    ).toEqual([handling[0]?.assigneeId]);
    expect(
      pushes
        .filter((p) => p.template === 'concern.deadline_moved_reporter')
        .map((p) => [p.recipientId, p.body]),
    ).toEqual([[town.people.villager._id, expect.stringContaining('由1月7日改为1月8日')]]);
    expect((await staffView(open.id)).calendarNote).toBeNull();

    // A concern filed now counts on the new calendar at once.
    h.clock.set('2026-12-21T09:30:00+08:00');
    expect((await complaint()).dueAt).toBe(end('2027-01-08'));

    // The clue's 7-working-day reply date, the countdown and the slots moved too.
    const stored = (await CLUES.query(h.store, { limit: 10 })).docs[0];
    expect(stored?.deadlines.proceduralReplyDueAt).toBe(end('2027-01-05'));
    expect((await countdown()).dueBy).toBe(end('2027-01-04'));
    h.clock.set('2026-12-24T10:00:00+08:00');
    const after = await slotDays();
    expect(after.days).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-04',
      '2027-01-05',
      '2027-01-06',
      '2027-01-07',
      '2027-01-08',
    ]);
    expect(after.reply.closedYears).toEqual([]);

    // Removing the year moves everything back.
    const removed = await save({ '2027': [] }, 1);
    expect(removed.counts).toMatchObject({ concerns: 2, clues: 1, confirmations: 1 });
    expect(
      (
        await h.ok<VillagerConcernView>(
          concernFunction,
          'get',
          { concernId: open.id },
          {
            as: town.people.villager,
          },
        )
      ).dueAt,
    ).toBe(end('2027-01-07'));
    expect(
      (await CLUES.query(h.store, { limit: 10 })).docs[0]?.deadlines.proceduralReplyDueAt,
    ).toBe(end('2027-01-04'));
    expect((await countdown()).dueBy).toBe(end('2027-01-01'));
    expect((await slotDays()).days).toEqual(before.days);
    const warning = await h.ok<HolidayCalendarView>(adminFunction, 'holidayCalendar', {}, admin());
    expect(warning.warning.uncoveredYears).toEqual([2027]);
  });

  it('flags a booked session that now falls on a holiday to its mediator, never moving it', async () => {
    await save({ '2027': [NEW_YEAR] }, 0);
    const booked = await h.ok<BookingView>(
      mediationFunction,
      'book',
      bookInput(rooms.oldSecretary._id, '2027-01-04T09:00:00.000+08:00'),
      { as: town.people.villager },
    );
    const preview = await h.ok<HolidayPreview>(
      adminFunction,
      'previewHolidays',
      { years: { '2027': [{ ...NEW_YEAR, to: '2027-01-04' }] } },
      admin(),
    );
    expect(preview.counts.sessionsOnHoliday).toBe(1);
    expect(preview.moves).toContainEqual(
      expect.objectContaining({ kind: 'session_on_holiday', from: booked.slot.start, to: null }),
    );
    await save({ '2027': [{ ...NEW_YEAR, to: '2027-01-04' }] }, 1);

    const after = await h.ok<BookingView>(
      mediationFunction,
      'get',
      { bookingId: booked.id },
      {
        as: town.people.villager,
      },
    );
    expect(after.slot.start).toBe('2027-01-04T09:00:00.000+08:00');
    expect(after.status).toBe(booked.status);
    const flags = (await TASKS.query(h.store, { limit: 100 })).docs.filter(
      (t) => t.kind === 'reschedule_session' && t.subject.id === booked.id,
    );
    expect(flags).toEqual([
      expect.objectContaining({
        status: 'open',
        assigneeId: town.people.mediator._id,
        dueAt: '2027-01-04T09:00:00.000+08:00',
      }),
    ]);
    const told = (await OUTBOX.query(h.store, { limit: 200 })).docs.filter(
      (p) => p.template === 'mediation.session_on_holiday',
    );
    expect(told.map((p) => p.recipientId)).toEqual([town.people.villager._id]);

    // Taken back: the flag is withdrawn and the session stands.
    await save({ '2027': [NEW_YEAR] }, 2);
    const withdrawn = await TASKS.get(h.store, flags[0]!._id);
    expect(withdrawn).toMatchObject({
      status: 'cancelled',
      cancelledReason: expect.stringContaining('原时段照常'),
    });
  });

  it('takes the banner away from the admin’s and the centre’s screens', async () => {
    const centre = { as: town.people.centre };
    const range = { from: '2026-12-01', to: '2026-12-21' };
    const before = await h.ok<StatsOverview>(statsFunction, 'overview', range, centre);
    expect(before.calendar.message).toContain('2027年的法定节假日安排还没有录入');
    const view = await h.ok<HolidayCalendarView>(adminFunction, 'holidayCalendar', {}, centre);
    expect(view.warning.uncoveredYears).toEqual([2027]);
    expect(view.years.map((y) => [y.year, y.covered])).toEqual([
      [2024, true],
      [2025, true],
      [2026, true],
    ]);

    await save({ '2027': [NEW_YEAR] }, 0);
    expect((await h.ok<StatsOverview>(statsFunction, 'overview', range, centre)).calendar).toEqual({
      uncoveredYears: [],
      message: null,
    });
    const after = await h.ok<HolidayCalendarView>(adminFunction, 'holidayCalendar', {}, admin());
    expect(after.version).toBe(1);
    expect(after.years.at(-1)).toEqual({
      year: 2027,
      town: [NEW_YEAR],
      library: [],
      covered: true,
    });
  });
});

describe('what the admin is told before anything is saved', () => {
  it('previews the moves and writes nothing', async () => {
    const open = await complaint();
    const preview = await h.ok<HolidayPreview>(
      adminFunction,
      'previewHolidays',
      { years: { '2027': [NEW_YEAR] } },
      admin(),
    );
    expect(preview.moves).toContainEqual({
      kind: 'concern',
      label: expect.stringContaining('说事 · 投诉'),
      from: end('2027-01-07'),
      to: end('2027-01-08'),
    });
    expect(preview.warning.uncoveredYears).toEqual([]);
    expect(await RULES.get(h.store, `${town.townId}:holidays`)).toBeNull();
    expect((await staffView(open.id)).dueAt).toBe(end('2027-01-07'));
  });

  it('refuses in plain words, naming the box, and keeps what was stored', async () => {
    await save({ '2027': [NEW_YEAR] }, 0);
    const refused = async (holidays: unknown[]) => {
      const reply = await h.call(
        adminFunction,
        'saveHolidays',
        { years: { '2027': holidays }, note: '错', expectedVersion: 1 },
        admin(),
      );
      if (reply.ok) throw new Error('expected a refusal');
      expect(reply.error.code).toBe('VALIDATION_FAILED');
      return reply.error.details?.fields ?? [];
    };
    expect(await refused([{ ...NEW_YEAR, from: '2026-12-31' }])).toEqual([
      { field: 'years.2027.0.from', message: expect.stringContaining('不在2027年内') },
    ]);
    expect(
      await refused([
        { name: '春节', from: '2027-02-06', to: '2027-02-13', workdays: ['2027-02-17'] },
      ]),
    ).toEqual([{ field: 'years.2027.0.workdays.0', message: expect.stringContaining('不是周末') }]);
    expect(
      await refused([
        { name: '春节', from: '2027-02-06', to: '2027-02-13', workdays: [] },
        { name: '补班', from: '2027-02-20', to: '2027-02-20', workdays: ['2027-02-07'] },
      ]),
    ).toEqual([
      { field: 'years.2027.1.workdays.0', message: expect.stringContaining('只能选一个') },
    ]);
    expect(await refused([{ ...NEW_YEAR, name: '' }])).toEqual([
      { field: 'years.2027.0.name', message: expect.stringContaining('请填写节日名称') },
    ]);
    const stored = await h.ok<HolidayCalendarView>(adminFunction, 'holidayCalendar', {}, admin());
    expect(stored.version).toBe(1);
    expect(stored.years.at(-1)?.town).toEqual([NEW_YEAR]);
  });

  it('asks before letting the town overrule the library’s data, then lets it', async () => {
    const local = {
      '2026': [{ name: '本镇假日', from: '2026-12-31', to: '2026-12-31', workdays: [] }],
    };
    const asked = await h.call(
      adminFunction,
      'saveHolidays',
      { years: local, note: '县里通知', expectedVersion: 0 },
      admin(),
    );
    expect(asked.ok ? null : asked.error.details).toMatchObject({
      reason: 'library_disagrees',
      fields: [
        {
          field: 'years.2026.0.from',
          message: expect.stringContaining('2026-12-31 在内置的国家安排里是工作日'),
        },
      ],
    });
    const slotsBefore = await slotDays();
    expect(slotsBefore.days).toContain('2026-12-31');
    await h.ok(
      adminFunction,
      'saveHolidays',
      { years: local, note: '县里通知', expectedVersion: 0, overrideLibrary: true },
      admin(),
    );
    expect((await slotDays()).days).not.toContain('2026-12-31');
  });

  it('refuses a stale version and answers a retried save once', async () => {
    const first = await save({ '2027': [NEW_YEAR] }, 0, 'hol-retry-0001');
    const retried = await save({ '2027': [NEW_YEAR] }, 0, 'hol-retry-0001');
    expect(retried).toEqual(first);
    const stale = await h.call(
      adminFunction,
      'saveHolidays',
      { years: { '2027': [] }, note: '删', expectedVersion: 0 },
      admin(),
    );
    expect(stale.ok ? null : stale.error).toMatchObject({
      code: 'CONFLICT',
      details: { reason: 'stale' },
    });
  });
});

describe('a holiday file', () => {
  it('reads a CSV of the notice into the form, and names the line of a mistake', async () => {
    const csv = [
      '# 示例数据，不是真实通知',
      '年份,节日,放假开始,放假结束,调休上班日',
      '2027,元旦,2027-01-01,2027-01-03,',
      '2027,春节,2027-02-06,2027-02-13,2027-01-31、2027-02-20',
    ].join('\n');
    const read = await h.ok<{ years: Record<string, unknown[]>; holidays: number }>(
      adminFunction,
      'importHolidays',
      { format: 'csv', text: csv },
      admin(),
    );
    expect(read.holidays).toBe(2);
    expect(read.years['2027']?.[1]).toEqual({
      name: '春节',
      from: '2027-02-06',
      to: '2027-02-13',
      workdays: ['2027-01-31', '2027-02-20'],
    });
    const bad = await h.call(
      adminFunction,
      'importHolidays',
      { format: 'csv', text: `${csv}\n2027,清明节,2027-04-03,2027-04-05,2027-04-07` },
      admin(),
    );
    expect(bad.ok ? null : bad.error.message).toMatch(/^节假日安排文件有误：第5行：.*不是周末/);
  });

  it('reads the saved JSON form back', async () => {
    const read = await h.ok<{ holidays: number }>(
      adminFunction,
      'importHolidays',
      { format: 'json', text: JSON.stringify({ years: { '2027': [NEW_YEAR] } }) },
      admin(),
    );
    expect(read.holidays).toBe(1);
  });
});
