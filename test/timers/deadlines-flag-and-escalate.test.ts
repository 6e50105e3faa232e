/**
 * The deadlines sweep as the centre sees it: work near its deadline is flagged and its handler
 * told once; overdue work climbs one level per sweep (community, then the centre, 督办) with
 * a supervise task and an audit event each, never twice; clue reply deadlines (件件有回复) warn
 * the liaison and then press a prosecutor; a missing holiday table is shouted about.
 */
import type { AuditEvent } from '../../shared/kernel/audit';
import type { Task } from '../../shared/task/task.schema';
import { DEFAULT_HOLIDAY_TABLE } from '../../shared/calendar/calendar.data';
import { createWorkingCalendar } from '../../shared/calendar/working-days';
import { dispatch } from '../../functions/runtime/dispatch';
import type { Logger } from '../../functions/runtime/ports';
import { deadlinesFunction } from '../../functions/deadlines/deadlines.function';
import type { SweepReport } from '../../functions/deadlines/sweep-deadlines';
import { nextEscalationLevel } from '../../functions/concern/concern.api';
import type { OutboxRecord } from '../../functions/store/records/outbox.record';
import type { StoredDoc } from '../../functions/store/store.port';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import type { TestTown } from '../factories/town';
import { createTestTown } from '../factories/town';
import { putClue, putConcern, putTask } from '../factories/records';
import { AUDIT_EVENTS, CONCERNS, OUTBOX, TASKS } from '../../functions/store/collections';

let h: Harness;
let town: TestTown;

beforeEach(async () => {
  h = createHarness(); // Monday 2025-11-17 09:00
  town = await createTestTown(h.store);
});
afterEach(() => h.close());

const END_MON = '2025-11-17T23:59:59.999+08:00';
const END_TUE = '2025-11-18T23:59:59.999+08:00';

async function sweep(): Promise<SweepReport> {
  const reply = await h.runTimer<SweepReport>(deadlinesFunction, 'sweep', town.townId);
  if (!reply.ok) throw new Error(JSON.stringify(reply.error));
  return reply.data;
}

async function outbox(template?: string): Promise<StoredDoc<OutboxRecord>[]> {
  const page = await OUTBOX.query(h.store, {
    where: { townId: town.townId },
    orderBy: { path: 'createdAt', order: 'asc' },
    limit: 1000,
  });
  return page.docs.filter((d) => template === undefined || d.template === template);
}

async function tasksFor(type: string, id: string): Promise<StoredDoc<Task>[]> {
  const page = await TASKS.query(h.store, {
    where: { 'subject.type': type, 'subject.id': id },
    orderBy: { path: 'createdAt', order: 'asc' },
  });
  return page.docs;
}

async function eventsFor(type: string, id: string): Promise<StoredDoc<AuditEvent>[]> {
  const page = await AUDIT_EVENTS.query(h.store, {
    where: { subjectType: type, subjectId: id },
    orderBy: { path: 'at', order: 'asc' },
  });
  return page.docs;
}

async function concern(id: string) {
  return (await CONCERNS.get(h.store, id))!;
}

describe('concerns near their deadline', () => {
  it('flags the concern and tells its handler once', async () => {
    const near = await putConcern(h.store, town, { dueAt: END_TUE });
    const later = await putConcern(h.store, town, { dueAt: '2025-11-28T23:59:59.999+08:00' });
    const first = await sweep();
    expect(first.concerns.flaggedNearDue).toBe(1);
    expect((await concern(near._id)).nearDue).toBe(true);
    expect((await concern(later._id)).nearDue).toBeUndefined();
    const pushes = await outbox('concern.near_due');
    expect(pushes).toHaveLength(1);
    expect(pushes[0]).toMatchObject({
      recipientId: town.people.villageGridWorker._id,
      link: { type: 'concern', id: near._id },
    });
    expect(pushes[0]!.body).toContain('11月18日 23:59');

    const again = await sweep();
    expect(again.concerns.flaggedNearDue).toBe(0);
    expect(await outbox('concern.near_due')).toHaveLength(1);
  });

  it('warns again when an extension gives a new deadline', async () => {
    const c = await putConcern(h.store, town, { dueAt: END_TUE });
    await sweep();
    const stored = await concern(c._id);
    await h.store.update(
      'concerns',
      c._id,
      { dueAt: '2025-11-19T23:59:59.999+08:00' },
      {
        ifVersion: stored._version,
      },
    );
    h.clock.set('2025-11-18T10:00:00+08:00');
    await sweep();
    expect(await outbox('concern.near_due')).toHaveLength(2);
  });
});

describe('overdue concerns', () => {
  it('escalate one level per sweep: community, then the centre, each once', async () => {
    const c = await putConcern(h.store, town, { dueAt: END_MON });
    h.clock.set('2025-11-18T09:00:00+08:00');

    const first = await sweep();
    expect(first.concerns.escalatedToCommunity).toBe(1);
    expect((await concern(c._id)).escalationLevel).toBe(1);
    let tasks = await tasksFor('concern', c._id);
    expect(tasks.map((t) => [t.kind, t.assigneeId])).toEqual([
      ['supervise', town.people.communityGridWorker._id],
    ]);
    expect(tasks[0]!.reason.ruleId).toBe('escalation.community');
    expect(tasks[0]!.reason.explanation).toContain('东关新村');

    // Still the same day: the community has until the end of the next working day.
    h.clock.set('2025-11-18T19:30:00+08:00');
    expect((await sweep()).concerns.escalatedToCentre).toBe(0);
    expect(await tasksFor('concern', c._id)).toHaveLength(1);

    h.clock.set('2025-11-19T09:00:00+08:00');
    const second = await sweep();
    expect(second.concerns.escalatedToCentre).toBe(1);
    expect((await concern(c._id)).escalationLevel).toBe(2);
    tasks = await tasksFor('concern', c._id);
    expect(tasks.map((t) => t.assigneeId)).toEqual([
      town.people.communityGridWorker._id,
      town.people.centre._id,
    ]);

    h.clock.set('2025-11-25T09:00:00+08:00');
    const later = await sweep();
    expect(later.concerns.escalatedToCommunity + later.concerns.escalatedToCentre).toBe(0);
    expect(await tasksFor('concern', c._id)).toHaveLength(2);

    const events = await eventsFor('concern', c._id);
    expect(events.map((e) => [e.action, e.actorRole, e.from, e.to])).toEqual([
      ['escalate', 'system', 'assigned', 'assigned'],
      ['escalate', 'system', 'assigned', 'assigned'],
    ]);
    expect(events[1]!.note).toContain('中心督办');
    // The handler and the reporter hear of each escalation.
    expect(await outbox('concern.escalated')).toHaveLength(2);
    const told = await outbox('concern.escalated_reporter');
    expect(told.map((o) => o.recipientId)).toEqual([
      town.people.villager._id,
      town.people.villager._id,
    ]);
  });

  it('waits for the morning rather than push in the night', async () => {
    const c = await putConcern(h.store, town, { dueAt: END_MON });
    h.clock.set('2025-11-18T00:15:00+08:00');
    const night = await sweep();
    expect(night).toMatchObject({ quietHours: true, concerns: { escalatedToCommunity: 0 } });
    expect((await concern(c._id)).escalationLevel).toBe(0);
    h.clock.set('2025-11-18T08:00:00+08:00');
    expect((await sweep()).concerns.escalatedToCommunity).toBe(1);
  });

  it('still raises the level, and says so loudly, when the town has nobody at the centre', async () => {
    const centre = town.people.centre;
    await h.store.update('accounts', centre._id, { status: 'disabled' });
    const c = await putConcern(h.store, town, {
      dueAt: '2025-11-12T23:59:59.999+08:00',
      escalationLevel: 1,
    });
    const errors: object[] = [];
    const log: Logger = { info() {}, warn() {}, error: (obj) => void errors.push(obj) };
    const reply = await dispatch(
      { ...h.ctx, log },
      deadlinesFunction,
      { action: 'sweep', data: {} },
      { kind: 'timer', townId: town.townId },
    );
    expect(reply.ok && (reply.data as SweepReport).concerns.escalatedToCentre).toBe(1);
    expect((await concern(c._id)).escalationLevel).toBe(2);
    expect(await tasksFor('concern', c._id)).toHaveLength(0);
    expect(errors).toContainEqual(expect.objectContaining({ rule: 'escalation.centre' }));
  });

  it('never skips a level, however late the sweep finds it', async () => {
    const c = await putConcern(h.store, town, { dueAt: '2025-11-03T23:59:59.999+08:00' });
    await sweep();
    expect((await concern(c._id)).escalationLevel).toBe(1);
    await sweep();
    expect((await concern(c._id)).escalationLevel).toBe(2);
  });

  it('escalates once when two sweeps run at the same time', async () => {
    const c = await putConcern(h.store, town, { dueAt: '2025-11-14T23:59:59.999+08:00' });
    const near = await putConcern(h.store, town, { dueAt: END_TUE });
    const [a, b] = await Promise.all([sweep(), sweep()]);
    expect(a.concerns.escalatedToCommunity + b.concerns.escalatedToCommunity).toBe(1);
    expect(a.concerns.flaggedNearDue + b.concerns.flaggedNearDue).toBe(1);
    expect((await concern(c._id)).escalationLevel).toBe(1);
    expect(await tasksFor('concern', c._id)).toHaveLength(1);
    expect(await eventsFor('concern', c._id)).toHaveLength(1);
    expect((await outbox('concern.near_due')).map((o) => o.link?.id)).toEqual([near._id]);
  });

  it('does not make handlers supervise their own work', async () => {
    const c = await putConcern(h.store, town, {
      place: { gridNodeId: town.villages[0]![1]!._id },
      assigneeId: town.people.communityGridWorker._id,
      dueAt: '2025-11-14T23:59:59.999+08:00',
    });
    await sweep();
    const tasks = await tasksFor('concern', c._id);
    expect(tasks.map((t) => t.assigneeId)).toEqual([town.people.centre._id]);
  });

  it('leaves concerns in mediation to their own deadlines but presses departments', async () => {
    const at = '2025-11-11T09:00:00.000+08:00';
    const mediation = await putConcern(h.store, town, {
      status: 'transferred',
      dueAt: '2025-11-14T23:59:59.999+08:00',
      transfer: {
        target: { to: 'mediation', disputeType: 'neighbour' },
        note: '转老支书调解室',
        at,
        by: town.people.villageGridWorker._id,
      },
    });
    const department = await putConcern(h.store, town, {
      status: 'transferred',
      assigneeId: town.people.landOfficer._id,
      dueAt: '2025-11-14T23:59:59.999+08:00',
      transfer: {
        target: { to: 'department', departmentId: 'natural_resources' },
        note: '转国土所',
        at,
        by: town.people.villageGridWorker._id,
      },
    });
    const resolved = await putConcern(h.store, town, {
      status: 'resolved',
      dueAt: '2025-11-14T23:59:59.999+08:00',
    });
    await sweep();
    expect((await concern(mediation._id)).escalationLevel).toBe(0);
    expect((await concern(department._id)).escalationLevel).toBe(1);
    expect((await concern(resolved._id)).escalationLevel).toBe(0);
  });

  it('leaves overdue tasks as they are and skips records that do not parse', async () => {
    const task = await putTask(h.store, town, { dueAt: '2025-11-10T23:59:59.999+08:00' });
    await h.store.insert('concerns', {
      _id: 'con_broken',
      townId: town.townId,
      status: 'assigned',
      dueAt: '2025-11-10T23:59:59.999+08:00',
    });
    const report = await sweep();
    expect(report.skipped).toBe(1);
    expect(report.concerns.checked).toBe(0);
    expect(await h.store.get('tasks', task._id)).toEqual(task);
  });
});

describe('clue reply deadlines (件件有回复)', () => {
  it('tells the liaison when the procedural reply is near and presses a prosecutor once overdue', async () => {
    const clue = await putClue(h.store, town, {
      deadlines: { proceduralReplyDueAt: END_TUE, resultDueAt: '2026-02-10T23:59:59.999+08:00' },
    });
    const first = await sweep();
    expect(first.clues).toMatchObject({ checked: 1, linkedNotified: 1, supervised: 0 });
    const near = await outbox('clue.reply_near_due');
    expect(near.map((o) => o.recipientId)).toEqual([town.people.liaison._id]);
    await sweep();
    expect(await outbox('clue.reply_near_due')).toHaveLength(1);

    h.clock.set('2025-11-19T09:00:00+08:00');
    const overdue = await sweep();
    expect(overdue.clues.supervised).toBe(1);
    await sweep();
    const tasks = await tasksFor('clue', clue._id);
    expect(tasks.map((t) => [t.kind, t.assigneeId])).toEqual([
      ['supervise', town.people.prosecutor._id],
    ]);
    const events = await eventsFor('clue', clue._id);
    expect(events.map((e) => [e.action, e.visibleToReporter])).toEqual([['reply_overdue', false]]);
  });

  it('watches the 3-month result once the procedural reply is given', async () => {
    const clue = await putClue(h.store, town, {
      status: 'under_review',
      liaisonId: undefined,
      prosecutorId: town.people.prosecutor._id,
      deadlines: {
        proceduralReplyDueAt: '2025-11-05T23:59:59.999+08:00',
        proceduralRepliedAt: '2025-11-04T10:00:00.000+08:00',
        resultDueAt: END_TUE,
      },
    });
    await sweep();
    const near = await outbox('clue.result_near_due');
    // No liaison named on the clue: the town's liaison is found by routing.
    expect(near.map((o) => o.recipientId)).toEqual([town.people.liaison._id]);
    expect(await tasksFor('clue', clue._id)).toHaveLength(0);
    h.clock.set('2025-11-20T09:00:00+08:00');
    await sweep();
    expect((await tasksFor('clue', clue._id)).map((t) => t.reason.ruleId)).toEqual([
      'clue.deadline.prosecutor',
    ]);
  });
});

describe('the holiday calendar', () => {
  it('warns loudly from 1 November when next year has no holiday data', async () => {
    const warnings: object[] = [];
    const log: Logger = { info() {}, error() {}, warn: (obj) => void warnings.push(obj) };
    h.clock.set('2026-11-20T09:00:00+08:00');
    const reply = await dispatch(
      { ...h.ctx, log },
      deadlinesFunction,
      { action: 'sweep', data: {} },
      { kind: 'timer', townId: town.townId },
    );
    expect(reply.ok && reply.data).toMatchObject({ calendar: { uncoveredYears: [2027] } });
    expect(reply.ok && (reply.data as SweepReport).calendar.message).toContain('2027年');
    expect(warnings).toContainEqual(expect.objectContaining({ uncoveredYears: [2027] }));
  });

  it('is quiet while this year and next are covered', async () => {
    const report = await sweep();
    expect(report.calendar).toEqual({ uncoveredYears: [], message: null });
  });
});

describe('nextEscalationLevel', () => {
  const ctx = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE);
  const due = Date.parse(END_MON);

  it('waits until the deadline has passed, then gives the community a working day', () => {
    expect(nextEscalationLevel({ dueAt: END_MON, escalationLevel: 0 }, due, ctx)).toBeNull();
    expect(nextEscalationLevel({ dueAt: END_MON, escalationLevel: 0 }, due + 1, ctx)).toBe(1);
    expect(nextEscalationLevel({ dueAt: null, escalationLevel: 0 }, due + 1, ctx)).toBeNull();
    const graceEnd = Date.parse(END_TUE);
    expect(nextEscalationLevel({ dueAt: END_MON, escalationLevel: 1 }, graceEnd, ctx)).toBeNull();
    expect(nextEscalationLevel({ dueAt: END_MON, escalationLevel: 1 }, graceEnd + 1, ctx)).toBe(2);
  });

  it('counts the grace day on the working calendar (a Friday deadline waits for Monday)', () => {
    const friday = '2025-11-21T23:59:59.999+08:00';
    const sunday = Date.parse('2025-11-23T12:00:00+08:00');
    const tuesday = Date.parse('2025-11-25T09:00:00+08:00');
    expect(nextEscalationLevel({ dueAt: friday, escalationLevel: 1 }, sunday, ctx)).toBeNull();
    expect(nextEscalationLevel({ dueAt: friday, escalationLevel: 1 }, tuesday, ctx)).toBe(2);
  });

  it('stops at the centre', () => {
    expect(nextEscalationLevel({ dueAt: END_MON, escalationLevel: 2 }, due + 9e9, ctx)).toBeNull();
  });
});
