/**
 * What follows the booked slot (调解之后): an outcome waits for the session (a withdrawal
 * does not); a no-show is recorded once the slot has started, tells the applicant, counts in
 * the statistics and is booked again without re-entering the case; a failed or withdrawn
 * mediation hands its concern back to the worker who transferred it instead of closing it;
 * the performance return visit (履行回访) records each term and offers the parties 司法确认
 * or the court when a term is not kept; the mediator lists their own rooms.
 */
import type { BookingView } from '../../functions/mediation/mediation.views';
import type { MyRoomsReply } from '../../functions/mediation/my-rooms';
import { remindersFunction } from '../../functions/reminders/reminders.function';
import type { StatsOverview } from '../../functions/stats/stats.views';
import { statsFunction } from '../../functions/stats/stats.function';
import { concernFunction } from '../../functions/concern/concern.function';
import { putConcern, signedAgreement } from '../factories/records';
import type { World } from './mediation.helpers';
import { all, bookAsVillager, createWorld, fn, THU_9, WED_9 } from './mediation.helpers';
import { BOOKINGS, CONCERNS, OUTBOX, TASKS } from '../../functions/store/collections';

let w: World;
beforeEach(async () => {
  w = await createWorld(); // Monday 2025-11-17 09:00
});
afterEach(() => w.h.close());

const SIGNED = '2025-11-19T10:00:00.000+08:00';

/** A booking of the old secretary's room on Wednesday 09:00, consented to; clock unchanged. */
async function consented(overrides: object = {}) {
  const booking = await bookAsVillager(w, w.rooms.oldSecretary._id, WED_9, overrides);
  await w.h.ok(
    fn,
    'recordConsent',
    { bookingId: booking.id, partyIndex: 0, agreed: true, via: 'phone' },
    { as: w.town.people.mediator },
  );
  return booking;
}

const mediator = () => ({ as: w.town.people.mediator });
const villager = () => ({ as: w.town.people.villager });

async function tasksOf(id: string) {
  return (await all(w, TASKS)).filter((t) => t.subject.id === id);
}

describe('an outcome waits for the session', () => {
  it('refuses success and failure before the slot starts, naming the time; withdrawal is allowed', async () => {
    const booking = await consented();
    w.h.clock.set('2025-11-18T20:00:00+08:00'); // the evening before
    for (const outcome of [
      { result: 'success', agreement: signedAgreement('2025-11-18T19:00:00.000+08:00') },
      { result: 'failure', routesLeft: ['litigation'], referredToCourt: false, note: '谈不拢' },
    ]) {
      const reply = await w.h.call(
        fn,
        'recordOutcome',
        { bookingId: booking.id, outcome },
        mediator(),
      );
      expect(reply).toMatchObject({
        ok: false,
        error: {
          code: 'CONFLICT',
          message: expect.stringContaining('调解定在'),
          details: { reason: 'session_not_started', fields: [{ field: 'outcome.result' }] },
        },
      });
    }
    expect((await BOOKINGS.get(w.h.store, booking.id))?.status).toBe('confirmed');
    expect(await w.h.store.count('agreements')).toBe(0);

    const withdrawn = await w.h.ok<BookingView>(
      fn,
      'recordOutcome',
      {
        bookingId: booking.id,
        outcome: { result: 'withdrawn', withdrawnBy: 'other_party', note: '对方说不来了' },
      },
      mediator(),
    );
    expect(withdrawn.status).toBe('withdrawn');
  });

  it('accepts the outcome once the slot has started', async () => {
    const booking = await consented();
    w.h.clock.set(WED_9);
    const view = await w.h.ok<BookingView>(
      fn,
      'recordOutcome',
      { bookingId: booking.id, outcome: { result: 'success', agreement: signedAgreement(WED_9) } },
      mediator(),
    );
    expect(view.status).toBe('succeeded');
  });
});

describe('no-show', () => {
  it('is refused before the slot, then recorded: the applicant is told, offered a new slot, and it counts', async () => {
    const booking = await consented();
    const early = await w.h.call(
      fn,
      'markNoShow',
      { bookingId: booking.id, who: 'other_party' },
      mediator(),
    );
    expect(early).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'session_not_started' } },
    });

    w.h.clock.set('2025-11-19T09:40:00+08:00');
    const notMine = await w.h.call(
      fn,
      'markNoShow',
      { bookingId: booking.id, who: 'both' },
      villager(),
    );
    expect(notMine).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const bad = await w.h.call(
      fn,
      'markNoShow',
      { bookingId: booking.id, who: 'nobody' },
      mediator(),
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'who' }] } },
    });

    const view = await w.h.ok<BookingView>(
      fn,
      'markNoShow',
      { bookingId: booking.id, who: 'other_party', note: '打电话没人接' },
      mediator(),
    );
    expect(view.status).toBe('no_show');
    expect(view.followUp.noShow).toMatchObject({ who: 'other_party', whoLabel: '对方当事人' });
    // The mediate task is done; the applicant is told and can rebook.
    expect((await tasksOf(booking.id)).map((t) => [t.kind, t.status])).toEqual([
      ['mediate', 'done'],
    ]);
    const told = (await all(w, OUTBOX)).find((o) => o.template === 'mediation.no_show');
    expect(told).toMatchObject({ recipientId: w.town.people.villager._id });
    expect(told?.body).toContain('重新预约');
    const applicantView = await w.h.ok<BookingView>(
      fn,
      'get',
      { bookingId: booking.id },
      villager(),
    );
    expect(applicantView.followUp.canRebook).toBe(true);

    // An outcome after a no-show is refused by the machine.
    const after = await w.h.call(
      fn,
      'recordOutcome',
      { bookingId: booking.id, outcome: { result: 'success', agreement: signedAgreement(WED_9) } },
      mediator(),
    );
    expect(after).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const stats = await w.h.ok<StatsOverview>(
      statsFunction,
      'overview',
      { from: '2025-11-01', to: '2025-11-30' },
      { as: w.town.people.centre },
    );
    expect(stats.mediation.noShows).toBe(1);
    expect(stats.mediation.ended).toBe(0);
  });

  it('the applicant books again from the no-show without re-entering the case, once', async () => {
    const concern = await putConcern(w.h.store, w.town, { status: 'transferred' });
    const booking = await consented({ concernId: concern._id });
    w.h.clock.set('2025-11-19T10:00:00+08:00');
    await w.h.ok(fn, 'markNoShow', { bookingId: booking.id, who: 'applicant' }, mediator());

    const again = await w.h.ok<BookingView>(
      fn,
      'rebook',
      { bookingId: booking.id, slotStart: THU_9 },
      villager(),
    );
    expect(again.id).not.toBe(booking.id);
    expect(again).toMatchObject({
      status: 'requested',
      slot: { start: THU_9 },
      summary: booking.summary,
      disputeType: booking.disputeType,
      concernId: concern._id,
      followUp: { rebookOf: booking.id },
    });
    expect(again.parties.map((p) => p.name)).toEqual(['李大山']);
    const stored = await BOOKINGS.get(w.h.store, again.id);
    expect(stored?.applicant.accountId).toBe(w.town.people.villager._id);
    expect((await BOOKINGS.get(w.h.store, booking.id))?.rebookedAs).toBe(again.id);
    expect((await CONCERNS.get(w.h.store, concern._id))?.links.bookingId).toBe(again.id);
    // The mediator has the new booking's task.
    expect((await tasksOf(again.id)).map((t) => [t.kind, t.status, t.assigneeId])).toEqual([
      ['mediate', 'open', w.town.people.mediator._id],
    ]);

    const twice = await w.h.call(
      fn,
      'rebook',
      { bookingId: booking.id, slotStart: WED_9.replace('19', '21') },
      villager(),
    );
    expect(twice).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'already_rebooked' } },
    });
    const notNoShow = await w.h.call(
      fn,
      'rebook',
      { bookingId: again.id, slotStart: THU_9 },
      villager(),
    );
    expect(notNoShow).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'not_no_show' } },
    });
  });
});

describe('a mediation that did not settle the concern hands it back', () => {
  async function fromConcern() {
    const worker = w.town.people.villageGridWorker;
    const concern = await putConcern(w.h.store, w.town, {
      status: 'transferred',
      assigneeId: w.town.people.mediator._id,
      transfer: {
        target: { to: 'mediation', disputeType: 'neighbour' },
        note: '邻里排水纠纷，转调解',
        at: '2025-11-17T09:00:00.000+08:00',
        by: worker._id,
      },
    });
    const booking = await consented({ concernId: concern._id });
    w.h.clock.set('2025-11-19T10:30:00+08:00');
    return { concern, booking, worker };
  }

  it('failure: back to the worker with a task; the villager sees what happened and the routes left', async () => {
    const { concern, booking, worker } = await fromConcern();
    await w.h.ok(
      fn,
      'recordOutcome',
      {
        bookingId: booking.id,
        outcome: {
          result: 'failure',
          routesLeft: ['litigation', 'legal_aid'],
          referredToCourt: false,
          note: '双方对赔偿数额分歧太大',
        },
      },
      mediator(),
    );
    const stored = await CONCERNS.get(w.h.store, concern._id);
    expect(stored).toMatchObject({
      status: 'assigned',
      assigneeId: worker._id,
      escalationLevel: 0,
    });
    expect(stored?.resolution).toBeUndefined();
    const tasks = (await tasksOf(concern._id)).filter((t) => t.status === 'open');
    expect(tasks.map((t) => [t.kind, t.assigneeId])).toEqual([['handle_concern', worker._id]]);
    const outbox = await all(w, OUTBOX);
    expect(outbox.some((o) => o.template === 'concern.resolved')).toBe(false);
    const told = outbox.find((o) => o.template === 'concern.returned');
    expect(told?.recipientId).toBe(concern.reporterId);
    expect(told?.body).toContain('到法院起诉');

    // The villager's own view of the concern says what happened.
    const seen = await w.h.ok<{ status: string; timeline: { note: string | null }[] }>(
      concernFunction,
      'get',
      { concernId: concern._id },
      villager(),
    );
    expect(seen.status).toBe('assigned');
    expect(seen.timeline.some((e) => e.note?.includes('调解没有解决'))).toBe(true);
  });

  it('withdrawal: back to the worker too, never 已办结', async () => {
    const { concern, booking, worker } = await fromConcern();
    await w.h.ok(
      fn,
      'recordOutcome',
      {
        bookingId: booking.id,
        outcome: { result: 'withdrawn', withdrawnBy: 'other_party', note: '对方不愿再谈' },
      },
      mediator(),
    );
    expect(await CONCERNS.get(w.h.store, concern._id)).toMatchObject({
      status: 'assigned',
      assigneeId: worker._id,
    });
  });
});

describe('performance return visit', () => {
  async function succeeded(terms: string[]) {
    const booking = await consented();
    w.h.clock.set('2025-11-19T10:30:00+08:00');
    await w.h.ok(
      fn,
      'recordOutcome',
      {
        bookingId: booking.id,
        outcome: { result: 'success', agreement: { ...signedAgreement(SIGNED), terms } },
      },
      mediator(),
    );
    return booking;
  }
  const TERMS = ['李家在十日内疏通排水沟', '李家赔偿王家损失五百元'];

  it('closes the visit task, records each term, plans the next visit and offers the court', async () => {
    const booking = await succeeded(TERMS);
    w.h.clock.set('2025-12-20T10:00:00+08:00'); // past the 30-day 司法确认 window
    const run = await w.h.runTimer(remindersFunction, 'run', w.town.townId);
    expect(run.ok).toBe(true);
    const visitTask = (await tasksOf(booking.id)).find((t) => t.kind === 'return_visit');
    expect(visitTask).toMatchObject({ status: 'open', assigneeId: w.town.people.mediator._id });

    const missing = await w.h.call(
      fn,
      'recordVisit',
      { bookingId: booking.id, terms: [{ index: 0, state: 'kept' }], note: '去看了' },
      mediator(),
    );
    expect(missing).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('第2条'),
        details: { fields: [{ field: 'terms' }] },
      },
    });
    const byVillager = await w.h.call(
      fn,
      'recordVisit',
      {
        bookingId: booking.id,
        terms: [
          { index: 0, state: 'kept' },
          { index: 1, state: 'kept' },
        ],
        note: '好了',
      },
      villager(),
    );
    expect(byVillager).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const view = await w.h.ok<BookingView>(
      fn,
      'recordVisit',
      {
        bookingId: booking.id,
        terms: [
          { index: 1, state: 'not_kept', note: '说手头紧' },
          { index: 0, state: 'kept' },
        ],
        note: '排水沟已疏通，赔偿款还没给',
        nextVisitOn: '2025-12-27',
      },
      mediator(),
    );
    expect(view.followUp.visits).toEqual([
      expect.objectContaining({
        nextVisitOn: '2025-12-27',
        terms: [
          expect.objectContaining({
            index: 0,
            term: TERMS[0],
            state: 'kept',
            stateLabel: '已履行',
          }),
          expect.objectContaining({
            index: 1,
            state: 'not_kept',
            stateLabel: '未履行',
            note: '说手头紧',
          }),
        ],
      }),
    ]);
    const tasks = await tasksOf(booking.id);
    expect(tasks.filter((t) => t.kind === 'return_visit').map((t) => [t.status, t.dueAt])).toEqual([
      ['done', visitTask!.dueAt],
      ['open', '2025-12-27T23:59:59.999+08:00'],
    ]);
    const told = (await all(w, OUTBOX)).find((o) => o.template === 'mediation.visit');
    expect(told?.recipientId).toBe(w.town.people.villager._id);
    expect(told?.body).toContain('第2条未履行');
    expect(told?.body).toContain('向人民法院起诉');
    expect(told?.body).not.toContain('申请司法确认');
  });

  it('within the 30 days a term not kept offers 司法确认; the next visit must be after today', async () => {
    const booking = await succeeded(TERMS);
    w.h.clock.set('2025-11-28T10:00:00+08:00');
    await w.h.ok(
      fn,
      'recordVisit',
      {
        bookingId: booking.id,
        terms: [
          { index: 0, state: 'partly' },
          { index: 1, state: 'not_kept' },
        ],
        note: '排水沟只通了一半',
      },
      mediator(),
    );
    const first = (await all(w, OUTBOX)).find((o) => o.template === 'mediation.visit');
    expect(first?.body).toContain('共同向法院申请司法确认');
    const past = await w.h.call(
      fn,
      'recordVisit',
      {
        bookingId: booking.id,
        terms: [
          { index: 0, state: 'kept' },
          { index: 1, state: 'kept' },
        ],
        note: '都办了',
        nextVisitOn: '2025-11-28',
      },
      mediator(),
    );
    expect(past).toMatchObject({
      ok: false,
      error: { details: { fields: [{ field: 'nextVisitOn' }] } },
    });
  });

  it('is refused for a mediation without an agreement', async () => {
    const booking = await consented();
    w.h.clock.set('2025-11-19T10:30:00+08:00');
    const reply = await w.h.call(
      fn,
      'recordVisit',
      { bookingId: booking.id, terms: [{ index: 0, state: 'kept' }], note: '看看' },
      mediator(),
    );
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', details: { reason: 'no_agreement' } },
    });
  });
});

describe('myRooms', () => {
  it('lists the rooms the mediator runs, and nobody else’s', async () => {
    const mine = await w.h.ok<MyRoomsReply>(fn, 'myRooms', {}, mediator());
    expect(mine.rooms.map((r) => r.id)).toContain(w.rooms.oldSecretary._id);
    expect(mine.rooms.map((r) => r.id)).not.toContain(w.rooms.villageTalk._id);
    const theirs = await w.h.ok<MyRoomsReply>(
      fn,
      'myRooms',
      {},
      { as: w.town.people.villageGridWorker },
    );
    expect(theirs.rooms.map((r) => r.id)).toEqual([w.rooms.villageTalk._id]);
    const refused = await w.h.call(fn, 'myRooms', {}, villager());
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
