/**
 * The reminders a town runs on its own: the villager is asked to rate a resolved concern on
 * the return-visit day (回访) and it is archived after three working days of silence; after a
 * successful mediation the parties are reminded of the 30-day judicial-confirmation (司法确认)
 * window 7 days and 1 day before it closes, and the mediator is sent back 30 days on to see
 * the agreement kept (履行回访). Each happens once, however often the timer runs.
 */
import type { Task } from '../../shared/task/task.schema';
import { remindersFunction } from '../../functions/reminders/reminders.function';
import type { RemindersReport } from '../../functions/reminders/run-reminders';
import type { OutboxRecord } from '../../functions/store/records/outbox.record';
import type { StoredDoc } from '../../functions/store/store.port';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { putBooking, putConcern, putRoom, putTask } from '../factories/records';
import { AUDIT_EVENTS, CONCERNS, OUTBOX, TASKS } from '../../functions/store/collections';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness(); // Monday 2025-11-17 09:00
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

async function run(): Promise<RemindersReport> {
  const reply = await h.runTimer<RemindersReport>(remindersFunction, 'run', town.townId);
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return reply.data;
}

async function outbox(template: string): Promise<StoredDoc<OutboxRecord>[]> {
  const page = await OUTBOX.query(h.store, {
    where: { townId: town.townId },
    orderBy: { path: 'createdAt', order: 'asc' },
    limit: 1000,
  });
  return page.docs.filter((d) => d.template === template);
}

async function tasksFor(type: string, id: string): Promise<StoredDoc<Task>[]> {
  const page = await TASKS.query(h.store, {
    where: { 'subject.type': type, 'subject.id': id },
    orderBy: { path: 'createdAt', order: 'asc' },
  });
  return page.docs;
}

function resolvedAt(at: string) {
  return {
    status: 'resolved' as const,
    resolution: {
      note: '已更换路灯',
      photos: [],
      resolvedAt: at,
      resolvedBy: town.people.villageGridWorker._id,
    },
  };
}

describe('return visits (回访)', () => {
  it('waits for the morning rather than ask at night', async () => {
    await putConcern(h.store, town, resolvedAt('2025-11-14T16:00:00.000+08:00'));
    h.clock.set('2025-11-17T07:59:00+08:00');
    expect(await run()).toMatchObject({ quietHours: true, returnVisits: { asked: 0 } });
    h.clock.set('2025-11-17T20:00:00+08:00');
    expect((await run()).quietHours).toBe(true);
    expect(await outbox('concern.rate')).toHaveLength(0);
  });

  it('asks the reporter on the next working day after resolution, once', async () => {
    const friday = await putConcern(h.store, town, resolvedAt('2025-11-14T16:00:00.000+08:00'));
    const today = await putConcern(h.store, town, resolvedAt('2025-11-17T08:00:00.000+08:00'));
    const first = await run();
    expect(first.returnVisits.asked).toBe(1);
    const asks = await outbox('concern.rate');
    expect(asks.map((o) => [o.recipientId, o.link?.id])).toEqual([
      [town.people.villager._id, friday._id],
    ]);
    expect(asks[0]!.body).toContain('已解决');

    await run();
    expect(await outbox('concern.rate')).toHaveLength(1);

    h.clock.set('2025-11-18T09:00:00+08:00');
    expect((await run()).returnVisits.asked).toBe(1);
    expect((await outbox('concern.rate')).map((o) => o.link?.id)).toEqual([friday._id, today._id]);
  });

  it('archives a concern three working days after an unanswered return visit', async () => {
    const c = await putConcern(h.store, town, resolvedAt('2025-11-14T16:00:00.000+08:00'));
    const rated = await putConcern(h.store, town, {
      ...resolvedAt('2025-11-14T16:00:00.000+08:00'),
      status: 'satisfied',
      rating: { result: 'resolved', at: '2025-11-15T08:00:00.000+08:00' },
    });
    await putTask(h.store, town, {
      _id: 'task_visit',
      kind: 'return_visit',
      subject: { type: 'concern', id: c._id },
      assigneeId: town.people.centre._id,
      dueAt: '2025-11-17T23:59:59.999+08:00',
    });
    await run(); // asked Monday 17th

    h.clock.set('2025-11-20T19:00:00+08:00'); // Thursday: the third working day is not over
    expect((await run()).returnVisits.archived).toBe(0);

    h.clock.set('2025-11-21T09:00:00+08:00');
    expect((await run()).returnVisits.archived).toBe(1);
    const archived = await CONCERNS.get(h.store, c._id);
    expect(archived?.status).toBe('archived');
    const events = await AUDIT_EVENTS.query(h.store, {
      where: { subjectType: 'concern', subjectId: c._id },
      orderBy: { path: 'at', order: 'asc' },
    });
    expect(events.docs.map((e) => [e.action, e.actorRole, e.from, e.to])).toEqual([
      ['archive', 'system', 'resolved', 'archived'],
    ]);
    expect(events.docs[0]!.note).toContain('回访');
    const visit = await TASKS.get(h.store, 'task_visit');
    expect(visit).toMatchObject({ status: 'cancelled' });
    expect(visit?.cancelledReason).toContain('未答复回访');
    expect((await CONCERNS.get(h.store, rated._id))?.status).toBe('satisfied');

    expect((await run()).returnVisits.archived).toBe(0);
  });

  it('asks again when a reopened concern is resolved a second time', async () => {
    const c = await putConcern(h.store, town, resolvedAt('2025-11-14T16:00:00.000+08:00'));
    await run();
    const stored = (await CONCERNS.get(h.store, c._id))!;
    await h.store.update('concerns', c._id, resolvedAt('2025-11-18T15:00:00.000+08:00'), {
      ifVersion: stored._version,
    });
    h.clock.set('2025-11-19T09:00:00+08:00');
    await run();
    expect(await outbox('concern.rate')).toHaveLength(2);
  });
});

describe('after a successful mediation', () => {
  it('reminds of the judicial-confirmation deadline 7 days and 1 day before, once each', async () => {
    const room = await putRoom(h.store, town);
    const booking = await putBooking(h.store, town, room); // signed Mon 17 Nov 10:00
    const filed = await putBooking(h.store, town, room, {
      judicialConfirmation: {
        requestedAt: '2025-11-20T10:00:00.000+08:00',
        dueBy: '2025-12-17T23:59:59.999+08:00',
      },
    });
    const marriage = await putBooking(h.store, town, room, { disputeType: 'marriage' });

    // The last day is Wednesday 17 December (30 days after signing).
    h.clock.set('2025-12-09T09:00:00+08:00');
    expect((await run()).confirmation.reminded).toBe(0);

    h.clock.set('2025-12-10T06:30:00+08:00'); // the 7th day before, but still night
    expect(await run()).toMatchObject({ quietHours: true, confirmation: { reminded: 0 } });

    h.clock.set('2025-12-10T08:30:00+08:00');
    expect((await run()).confirmation.reminded).toBe(1);
    await run();
    let reminders = await outbox('mediation.confirmation_reminder');
    expect(reminders.map((o) => [o.recipientId, o.link?.id])).toEqual([
      [town.people.villager._id, booking._id],
    ]);
    expect(reminders[0]!.body).toContain('12月17日');
    expect(await outbox('mediation.confirmation_reminder_mediator')).toHaveLength(1);

    h.clock.set('2025-12-16T09:00:00+08:00');
    expect((await run()).confirmation.reminded).toBe(1);
    h.clock.set('2025-12-17T09:00:00+08:00');
    expect((await run()).confirmation.reminded).toBe(0);
    reminders = await outbox('mediation.confirmation_reminder');
    expect(reminders.map((o) => o.title)).toEqual([
      '请记得申请司法确认',
      '申请司法确认马上就要截止了',
    ]);
    expect(await outbox('mediation.confirmation_reminder_mediator')).toHaveLength(2);

    h.clock.set('2025-12-18T09:00:00+08:00');
    expect((await run()).confirmation.reminded).toBe(0);
    const links = (await outbox('mediation.confirmation_reminder')).map((o) => o.link?.id);
    expect(links).not.toContain(filed._id);
    expect(links).not.toContain(marriage._id);
  });

  it('keeps to the deadline the mediation function recorded', async () => {
    const room = await putRoom(h.store, town);
    const booking = await putBooking(h.store, town, room);
    await h.store.update('bookings', booking._id, {
      confirmationDueBy: '2025-12-18T23:59:59.999+08:00',
    });
    h.clock.set('2025-12-10T09:00:00+08:00');
    expect((await run()).confirmation.reminded).toBe(0);
    h.clock.set('2025-12-11T09:00:00+08:00');
    expect((await run()).confirmation.reminded).toBe(1);
    expect((await outbox('mediation.confirmation_reminder'))[0]!.body).toContain('12月18日');
  });

  it('sends only the nearer reminder when the 7-day one was missed', async () => {
    const room = await putRoom(h.store, town);
    await putBooking(h.store, town, room);
    h.clock.set('2025-12-16T10:00:00+08:00');
    await run();
    await run();
    const reminders = await outbox('mediation.confirmation_reminder');
    expect(reminders.map((o) => o.title)).toEqual(['申请司法确认马上就要截止了']);
  });

  it('sends the mediator back 30 days after the agreement to check it is kept', async () => {
    const room = await putRoom(h.store, town);
    const booking = await putBooking(h.store, town, room);
    const unassigned = await putBooking(h.store, town, room, { mediatorId: undefined });

    h.clock.set('2025-12-17T09:00:00+08:00');
    expect((await run()).performanceVisits.tasks).toBe(0);

    h.clock.set('2025-12-17T11:00:00+08:00');
    expect((await run()).performanceVisits.tasks).toBe(2);
    await run();
    const tasks = await tasksFor('booking', booking._id);
    expect(tasks.map((t) => [t.kind, t.assigneeId])).toEqual([
      ['return_visit', town.people.mediator._id],
    ]);
    // Without a mediator on record, the centre makes the visit.
    expect((await tasksFor('booking', unassigned._id)).map((t) => t.assigneeId)).toEqual([
      town.people.centre._id,
    ]);
  });
});
