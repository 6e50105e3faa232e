/**
 * One calendar per town, current on every call: a second instance (another CloudBase
 * container with its own cache) sees a saved table on its next call; towns do not share
 * tables; a save cut short is finished by the deadlines sweep; and late-day work reads sensibly
 * (an emergency filed at 23:27 is not "overdue by a day" at 00:05; overdue working-day work is
 * counted in whole working days past).
 */
import type { HolidaysSaved } from '../../functions/admin/holidays.views';
import { adminFunction } from '../../functions/admin/admin.function';
import { concernFunction } from '../../functions/concern/concern.function';
import type { ConcernPage } from '../../functions/concern/read-concerns';
import type { StaffConcernView, VillagerConcernView } from '../../functions/concern/concern.views';
import { deadlinesFunction } from '../../functions/deadlines/deadlines.function';
import type { SweepReport } from '../../functions/deadlines/sweep-deadlines';
import { followCalendar } from '../../functions/deadlines/follow-calendar';
import type { ActionCall } from '../../functions/runtime/action';
import { createCalendarSource } from '../../functions/runtime/calendars';
import { dispatch } from '../../functions/runtime/dispatch';
import { CONCERNS, TASKS } from '../../functions/store/collections';
import { runTransaction } from '../../functions/store/store.raw';
import type { InboxPage } from '../../functions/task/read-inbox';
import { taskFunction } from '../../functions/task/task.function';
import { silentLogger } from '../../functions/adapters/select';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { saveTownRules } from '../factories/rules';
import { streetLight } from '../concern/concern.steps';

const end = (date: string) => `${date}T23:59:59.999+08:00`;
const NEW_YEAR = { name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: [] };

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness('2026-12-21T09:00:00+08:00');
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const submit = (extra: Record<string, unknown> = {}) =>
  h.ok<VillagerConcernView>(concernFunction, 'submit', streetLight(town, extra), {
    as: town.people.villager,
  });

describe('the town calendar on every instance', () => {
  it('is seen by a second instance with a warm cache on its very next call', async () => {
    // Another instance: same store, its own calendar cache, warmed before the change.
    const other = { ...h.ctx, calendars: createCalendarSource(h.ctx.store, silentLogger) };
    expect((await other.calendars.forTown(town.townId)).isWorkday('2027-01-01')).toBe(true);
    await h.ok<HolidaysSaved>(
      adminFunction,
      'saveHolidays',
      { years: { '2027': [NEW_YEAR] }, note: '录入', expectedVersion: 0 },
      { as: town.people.admin },
    );
    const reply = await dispatch(
      other,
      concernFunction,
      { action: 'submit', data: streetLight(town, { kind: 'complaint' }) },
      { kind: 'account', accountId: town.people.villager._id },
    );
    expect(reply.ok && (reply.data as VillagerConcernView).dueAt).toBe(end('2027-01-08'));
  });

  it('keeps each town’s table to itself', async () => {
    const other = await createTestTown(h.store, 'town-b');
    await h.ok(
      adminFunction,
      'saveHolidays',
      { years: { '2027': [NEW_YEAR] }, note: '录入', expectedVersion: 0 },
      { as: town.people.admin },
    );
    const mine = await h.ctx.calendars.forTown(town.townId);
    const theirs = await h.ctx.calendars.forTown(other.townId);
    expect([mine.isWorkday('2027-01-01'), theirs.isWorkday('2027-01-01')]).toEqual([false, true]);
    expect(theirs.coversYear(2027)).toBe(false);
  });

  it('counts on the library alone, loudly, when a stored table no longer reads', async () => {
    const errors: object[] = [];
    const log = { ...silentLogger, error: (o: object) => void errors.push(o) };
    await saveTownRules(h.store, town.townId, 'holidays', { years: 'garbled' });
    const source = createCalendarSource(h.ctx.store, log);
    expect((await source.forTown(town.townId)).coversYear(2027)).toBe(false);
    expect(errors).toEqual([expect.objectContaining({ townId: town.townId })]);
  });
});

describe('a save cut short', () => {
  it('is finished by the next deadlines sweep, once', async () => {
    const open = await submit({ kind: 'complaint' });
    expect(open.dueAt).toBe(end('2027-01-07'));
    // The table was stored but the process stopped before the dates moved.
    await saveTownRules(h.store, town.townId, 'holidays', { years: { '2027': [NEW_YEAR] } });
    const sweep = async () => {
      const reply = await h.runTimer<SweepReport>(deadlinesFunction, 'sweep', town.townId);
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
      return reply.data;
    };
    const first = await sweep();
    expect(first.followedCalendar).toMatchObject({ done: 1, followed: true });
    expect((await CONCERNS.get(h.store, open.id))?.dueAt).toBe(end('2027-01-08'));
    expect((await sweep()).followedCalendar).toBeNull();
  });

  it('stops when its time is up, and leaves the rest to the sweep', async () => {
    const open = await submit({ kind: 'complaint' });
    await saveTownRules(h.store, town.townId, 'holidays', { years: { '2027': [NEW_YEAR] } });
    const call: ActionCall<unknown> = {
      input: {},
      caller: { account: null, actor: null },
      requestId: undefined,
      transact: (_townId, fn) => runTransaction(h.ctx.store, fn),
    };
    const state = await h.ctx.calendars.stateOf(town.townId);
    const report = await followCalendar(h.ctx, call, town.townId, state, -1);
    expect(report).toMatchObject({ done: 0, left: 1, followed: false });
    expect((await CONCERNS.get(h.store, open.id))?.dueAt).toBe(end('2027-01-07'));
    const reply = await h.runTimer<SweepReport>(deadlinesFunction, 'sweep', town.townId);
    expect(reply.ok && reply.data.followedCalendar).toMatchObject({ done: 1, followed: true });
  });

  it('is not needed in a town that never saved a table', async () => {
    const reply = await h.runTimer<SweepReport>(deadlinesFunction, 'sweep', town.townId);
    expect(reply.ok && reply.data.followedCalendar).toBeNull();
  });
});

describe('work filed late in the day', () => {
  it('gives an emergency filed at 23:27 until noon, and tells late hours in hours', async () => {
    h.clock.set('2026-12-22T23:27:00+08:00');
    const urgent = await submit({ emergency: true });
    expect(urgent.dueAt).toBe('2026-12-23T12:00:00.000+08:00');
    expect(urgent.dueDateText).toBe('12月23日 12:00');
    const centre = { as: town.people.centre };
    h.clock.set('2026-12-23T00:05:00+08:00');
    const atMidnight = await h.ok<StaffConcernView>(
      concernFunction,
      'get',
      { concernId: urgent.id },
      centre,
    );
    expect(atMidnight).toMatchObject({ deadline: 'near_due', overdueText: null });
    h.clock.set('2026-12-23T15:30:00+08:00');
    const late = await h.ok<StaffConcernView>(
      concernFunction,
      'get',
      { concernId: urgent.id },
      centre,
    );
    expect(late).toMatchObject({
      deadline: 'overdue',
      overdueText: '超时3小时',
      calendarNote: null,
    });
  });

  it('counts overdue working-day work in whole working days past, in lists and the inbox', async () => {
    const help = await submit(); // Mon 21 Dec + 3 working days → Thu 24 Dec
    expect(help.dueAt).toBe(end('2026-12-24'));
    const centre = { as: town.people.centre };
    const overdue = async () =>
      (await h.ok<ConcernPage>(concernFunction, 'listAssigned', { overdue: true }, centre)).items;
    h.clock.set('2026-12-25T00:05:00+08:00');
    expect((await overdue()).map((c) => c.overdueText)).toEqual(['已超期']);
    h.clock.set('2026-12-28T09:00:00+08:00'); // Friday passed; the weekend does not count
    expect((await overdue()).map((c) => c.overdueText)).toEqual(['超期1个工作日']);
    const task = (await TASKS.query(h.store, { limit: 10 })).docs.find(
      (t) => t.subject.id === help.id,
    );
    const worker = await h.ok<InboxPage>(
      taskFunction,
      'inbox',
      {},
      { as: { _id: task!.assigneeId } },
    );
    expect(worker.items.find((t) => t.id === task!._id)).toMatchObject({
      deadline: 'overdue',
      overdueText: '超期1个工作日',
      calendarNote: null,
    });
  });

  it('says beside a task’s date that a year without holiday data was counted by weekends', async () => {
    const complaint = await submit({ kind: 'complaint' });
    const task = (await TASKS.query(h.store, { limit: 10 })).docs.find(
      (t) => t.subject.id === complaint.id,
    );
    const inbox = await h.ok<InboxPage>(
      taskFunction,
      'inbox',
      {},
      { as: { _id: task!.assigneeId } },
    );
    expect(inbox.items[0]?.calendarNote).toBe(
      '2027年的节假日安排还没有录入，这个日期只按周末推算，可能不准',
    );
  });
});
