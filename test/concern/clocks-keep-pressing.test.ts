/**
 * The clocks keep pressing (督办): a concern that gets a new deadline — reopened after a
 * 未解决 rating, extended by the centre after it ran over, transferred to a department — is
 * held to that deadline as a new one: past it, it escalates again from the community. Staff
 * read why it came to them (派单原因).
 */
import { concernFunction } from '../../functions/concern/concern.function';
import type { StaffConcernView } from '../../functions/concern/concern.views';
import { deadlinesFunction } from '../../functions/deadlines/deadlines.function';
import type { SweepReport } from '../../functions/deadlines/sweep-deadlines';
import { CONCERNS } from '../../functions/store/collections';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { outboxOf, reportStreetLight, tasksOf } from './concern.steps';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness(); // Monday 2025-11-17 09:00
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

async function sweepAt(iso: string): Promise<SweepReport['concerns']> {
  h.clock.set(iso);
  const reply = await h.runTimer<SweepReport>(deadlinesFunction, 'sweep', town.townId);
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return reply.data.concerns;
}

const levelOf = async (id: string) => (await CONCERNS.get(h.store, id))!.escalationLevel;
const superviseTasks = async (id: string) =>
  (await tasksOf(h, id)).filter((t) => t.kind === 'supervise').map((t) => t.assigneeId);

describe('a new deadline re-arms the escalation ladder', () => {
  it('a reopened concern escalates again when it runs over its fresh time limit', async () => {
    const { villager, villageGridWorker: worker, communityGridWorker, centre } = town.people;
    // A 求助 filed Monday is due by the end of Thursday (3 working days).
    const { id } = await reportStreetLight(h, town);
    expect((await sweepAt('2025-11-21T09:00:00+08:00')).escalatedToCommunity).toBe(1);
    expect((await sweepAt('2025-11-24T09:00:00+08:00')).escalatedToCentre).toBe(1);
    expect(await levelOf(id)).toBe(2);

    const as = { as: worker };
    await h.ok(concernFunction, 'accept', { concernId: id }, as);
    await h.ok(concernFunction, 'start', { concernId: id }, as);
    await h.ok(concernFunction, 'resolve', { concernId: id, note: '换了灯泡' }, as);
    h.clock.set('2025-11-24T15:00:00+08:00');
    await h.ok(
      concernFunction,
      'rate',
      { concernId: id, result: 'unresolved', comment: '还是不亮' },
      { as: villager },
    );
    expect(await levelOf(id)).toBe(0);
    // Reopened Monday the 24th: due again by the end of Thursday the 27th.
    expect((await CONCERNS.get(h.store, id))!.dueAt).toBe('2025-11-27T23:59:59.999+08:00');
    expect((await sweepAt('2025-11-27T10:00:00+08:00')).escalatedToCommunity).toBe(0);
    expect(await superviseTasks(id)).toEqual([communityGridWorker._id, centre._id]);

    const overdueAgain = await sweepAt('2025-11-28T09:00:00+08:00');
    expect(overdueAgain.escalatedToCommunity).toBe(1);
    expect(await levelOf(id)).toBe(1);
    expect(await superviseTasks(id)).toEqual([
      communityGridWorker._id,
      centre._id,
      communityGridWorker._id,
    ]);
  });

  it('an extension the centre grants after the deadline starts the ladder again', async () => {
    const { id } = await reportStreetLight(h, town);
    expect((await sweepAt('2025-11-21T09:00:00+08:00')).escalatedToCommunity).toBe(1);
    h.clock.set('2025-11-21T10:00:00+08:00');
    await h.ok(
      concernFunction,
      'requestExtension',
      { concernId: id, reason: '需要等供电所排期', workingDays: 3 },
      { as: town.people.centre },
    );
    const extended = (await CONCERNS.get(h.store, id))!;
    expect(extended).toMatchObject({ escalationLevel: 0, nearDue: false });
    expect(extended.dueAt).toBe('2025-11-25T23:59:59.999+08:00');
    // Still within the extension on Monday: no escalation to the centre (which level 1 would
    // have reached by now without the re-arm).
    expect(await sweepAt('2025-11-24T09:00:00+08:00')).toMatchObject({
      flaggedNearDue: 1,
      escalatedToCommunity: 0,
      escalatedToCentre: 0,
    });
    expect((await sweepAt('2025-11-26T09:00:00+08:00')).escalatedToCommunity).toBe(1);
    expect(await levelOf(id)).toBe(1);
  });
});

describe('a concern transferred to a department', () => {
  it('is held to the department’s own time limit from the day it arrives', async () => {
    const { id } = await reportStreetLight(h, town, {
      text: '邻居在耕地上盖房子，占了路',
      kind: 'help',
    });
    // Thursday, the last day of the grid worker's 3 working days.
    h.clock.set('2025-11-20T10:00:00+08:00');
    await h.ok(
      concernFunction,
      'transfer',
      {
        concernId: id,
        target: { to: 'department', departmentId: 'natural_resources' },
        note: '涉及占用耕地，需国土所现场查看',
      },
      { as: town.people.villageGridWorker },
    );
    const moved = (await CONCERNS.get(h.store, id))!;
    // Three working days from Thursday: Friday, Monday, Tuesday.
    expect(moved.dueAt).toBe('2025-11-25T23:59:59.999+08:00');
    const officerTask = (await tasksOf(h, id)).find(
      (t) => t.assigneeId === town.people.landOfficer._id,
    );
    expect(officerTask?.dueAt).toBe(moved.dueAt);
    const told = (await outboxOf(h, town.townId)).filter(
      (o) => o.recipientId === town.people.villager._id && o.template === 'concern.transferred',
    );
    expect(told.at(-1)?.body).toContain('预计 11月25日 前办结');

    // Past the grid worker's old deadline, but not the department's: nothing escalates.
    expect((await sweepAt('2025-11-21T09:00:00+08:00')).escalatedToCommunity).toBe(0);
    expect((await sweepAt('2025-11-26T09:00:00+08:00')).escalatedToCommunity).toBe(1);
  });
});

describe('why it came to me (派单原因)', () => {
  it('the handler and the centre read the routing rule’s explanation on the concern', async () => {
    const { id } = await reportStreetLight(h, town);
    const [task] = await tasksOf(h, id);
    for (const who of [town.people.villageGridWorker, town.people.centre]) {
      const view = await h.ok<StaffConcernView>(
        concernFunction,
        'get',
        { concernId: id },
        { as: who },
      );
      expect(view.routedBecause).toBe(task!.reason.explanation);
      expect(view.routedBecause).toMatch(/\S/);
    }
  });
});
