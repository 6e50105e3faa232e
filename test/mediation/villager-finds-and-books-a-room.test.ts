/**
 * A villager picks what the dispute is about, is shown the nearest rooms that take it, sees
 * the free slots and books one: the room's mediator gets a task, the seat is held, and a
 * reminder waits in the outbox for 09:00 the day before.
 */
import type { BookingView } from '../../functions/mediation/mediation.views';
import type { ListSlotsReply, SuggestRoomsReply } from '../../functions/mediation/mediation.views';
import { URGENT_TO_POLICE_NOTICE } from '../../shared/mediation/room-suggest';
import { JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE } from '../../shared/mediation/mediation.catalog';
import type { World } from './mediation.helpers';
import {
  all,
  bookAsVillager,
  bookInput,
  createWorld,
  fn,
  THU_9,
  WED_9,
  WED_10,
} from './mediation.helpers';
import { AUDIT_EVENTS, BOOKINGS, OUTBOX, TASKS } from '../../functions/store/collections';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(() => w.h.close());

describe('suggestRooms', () => {
  it('offers the village room first, then the community, then the town, each with its reason', async () => {
    const reply = await w.h.ok<SuggestRoomsReply>(
      fn,
      'suggestRooms',
      { disputeType: 'neighbour', gridNodeId: w.town.villages[0]![0]!._id },
      { as: w.town.people.villager },
    );
    expect(reply.rooms.map((r) => r.room.name)).toEqual([
      '东关前村群众说话室',
      '东关新村老支书调解室',
      '镇家事调解室',
      '镇警司联调中心',
    ]);
    expect(reply.rooms.map((r) => r.distance)).toEqual([0, 1, 2, 2]);
    expect(reply.rooms[0]!.reason).toBe('本村的东关前村群众说话室受理邻里纠纷');
    expect(reply.rooms[1]!.reason).toContain('东关新村');
    // Another community's room is not this villager's.
    expect(reply.rooms.some((r) => r.room.name.startsWith('西岭'))).toBe(false);
    expect(reply.urgentToPolice).toBe(false);
    expect(reply.policeNotice).toBeNull();
    expect(reply.judicialConfirmation).toEqual({ available: true, notice: null });
    expect(reply.notice).toContain('不收费');
  });

  it('tells the villager to call the police at once for a dispute likely to escalate', async () => {
    const reply = await w.h.ok<SuggestRoomsReply>(
      fn,
      'suggestRooms',
      { disputeType: 'domestic_violence', gridNodeId: w.town.villages[0]![0]!._id },
      { as: w.town.people.villager },
    );
    expect(reply.urgentToPolice).toBe(true);
    expect(reply.policeNotice).toBe(URGENT_TO_POLICE_NOTICE);
    expect(reply.rooms.map((r) => r.room.name)).toEqual(['镇警司联调中心']);
  });

  it('says before booking that a marriage agreement cannot get judicial confirmation', async () => {
    const reply = await w.h.ok<SuggestRoomsReply>(
      fn,
      'suggestRooms',
      { disputeType: 'marriage', gridNodeId: w.town.villages[0]![0]!._id },
      { as: w.town.people.villager },
    );
    expect(reply.judicialConfirmation).toEqual({
      available: false,
      notice: JUDICIAL_CONFIRMATION_INELIGIBLE_NOTICE,
    });
  });

  it('refuses an unknown place with a Chinese message on the field', async () => {
    const reply = await w.h.call(
      fn,
      'suggestRooms',
      { disputeType: 'neighbour', gridNodeId: 'nowhere' },
      { as: w.town.people.villager },
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('VALIDATION_FAILED');
      expect(reply.error.details?.fields?.[0]?.field).toBe('gridNodeId');
    }
  });

  it('asks an anonymous caller to sign in', async () => {
    const reply = await w.h.call(
      fn,
      'suggestRooms',
      { disputeType: 'neighbour', gridNodeId: w.town.villages[0]![0]!._id },
      { as: null },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
  });
});

describe('listSlots', () => {
  const starts = (reply: ListSlotsReply) => reply.slots.map((s) => s.start);

  it('lists future weekday slots only: none at the weekend, none already past', async () => {
    const reply = await w.h.ok<ListSlotsReply>(
      fn,
      'listSlots',
      { roomId: w.rooms.oldSecretary._id, from: '2025-11-17', to: '2025-11-23' },
      { as: w.town.people.villager },
    );
    // Monday 09:00 is now (not bookable); Monday 10:00 to Friday 10:00: 9 slots.
    expect(starts(reply)[0]).toBe('2025-11-17T10:00:00.000+08:00');
    expect(reply.slots).toHaveLength(9);
    expect(
      starts(reply).some((s) => s.startsWith('2025-11-22') || s.startsWith('2025-11-23')),
    ).toBe(false);
    expect(reply.workingDaysOnly).toBe(true);
    expect(reply.slots[0]).toMatchObject({
      seats: 1,
      seatsTaken: 0,
      end: '2025-11-17T11:00:00.000+08:00',
    });
  });

  it('skips statutory holidays (New Year 2026) and the 调休 Sunday the room has no session for', async () => {
    const reply = await w.h.ok<ListSlotsReply>(
      fn,
      'listSlots',
      { roomId: w.rooms.oldSecretary._id, from: '2025-12-29', to: '2026-01-04' },
      { as: w.town.people.villager },
    );
    const days = [...new Set(starts(reply).map((s) => s.slice(0, 10)))];
    expect(days).toEqual(['2025-12-29', '2025-12-30', '2025-12-31']);
  });

  it('opens on holidays a room that does not close for them', async () => {
    await w.h.store.update('rooms', w.rooms.townPolice._id, { closedOnHolidays: false });
    const reply = await w.h.ok<ListSlotsReply>(
      fn,
      'listSlots',
      { roomId: w.rooms.townPolice._id, from: '2026-01-01', to: '2026-01-02' },
      { as: w.town.people.villager },
    );
    expect(reply.slots).toHaveLength(4);
    expect(reply.workingDaysOnly).toBe(false);
  });

  it('leaves out a slot whose seats are all booked, and counts taken seats of the others', async () => {
    await bookAsVillager(w, w.rooms.oldSecretary._id, WED_9);
    await bookAsVillager(w, w.rooms.townFamily._id, WED_9);
    const old = await w.h.ok<ListSlotsReply>(
      fn,
      'listSlots',
      { roomId: w.rooms.oldSecretary._id, from: '2025-11-19', to: '2025-11-19' },
      { as: w.town.people.neighbour },
    );
    expect(starts(old)).toEqual([WED_10]);
    const family = await w.h.ok<ListSlotsReply>(
      fn,
      'listSlots',
      { roomId: w.rooms.townFamily._id, from: '2025-11-19', to: '2025-11-19' },
      { as: w.town.people.neighbour },
    );
    expect(family.slots[0]).toMatchObject({ start: WED_9, seats: 2, seatsTaken: 1 });
  });

  it('refuses a range longer than 31 days, naming the field', async () => {
    const reply = await w.h.call(
      fn,
      'listSlots',
      { roomId: w.rooms.oldSecretary._id, from: '2025-11-17', to: '2026-01-17' },
      { as: w.town.people.villager },
    );
    expect(reply.ok).toBe(false);
    if (!reply.ok) {
      expect(reply.error.code).toBe('VALIDATION_FAILED');
      expect(reply.error.details?.fields?.[0]?.field).toBe('to');
      expect(reply.error.message).toContain('31');
    }
  });

  it('does not show a room of another town', async () => {
    const reply = await w.h.call(
      fn,
      'listSlots',
      { roomId: 'no-such-room', from: '2025-11-17', to: '2025-11-18' },
      { as: w.town.people.villager },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('book', () => {
  it('holds the seat, files the booking awaiting consent, tasks the mediator and schedules the reminder', async () => {
    const booking = await bookAsVillager(w, w.rooms.oldSecretary._id, WED_9);
    expect(booking.status).toBe('requested');
    expect(booking.statusLabel).toBe('等待对方同意');
    expect(booking.slot).toEqual({
      start: WED_9,
      end: '2025-11-19T10:00:00.000+08:00',
      label: '11月19日 09:00',
    });
    expect(booking.applicant.phone).toBe('13900000001');
    expect(booking.parties[0]).toMatchObject({
      name: '李大山',
      phone: '137****1111',
      consent: 'pending',
    });
    expect(booking.target?.dueAt).toBe('2025-12-17T23:59:59.999+08:00');
    expect(booking.target?.daysLeft).toBe(30);
    expect(booking.notice).toContain('自愿');

    const seat = await w.h.store.get('slot_seats', `${w.rooms.oldSecretary._id}:20251119T0900:1`);
    expect(seat).toMatchObject({ bookingId: booking.id, seatNo: 1 });

    const stored = await BOOKINGS.get(w.h.store, booking.id);
    expect(stored?.mediatorId).toBe(w.town.people.mediator._id);
    const tasks = await all(w, TASKS);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      kind: 'mediate',
      assigneeId: w.town.people.mediator._id,
      subject: { type: 'booking', id: booking.id },
      status: 'open',
    });

    const reminder = await OUTBOX.get(w.h.store, stored!.reminderOutboxId!);
    expect(reminder).toMatchObject({
      template: 'mediation.reminder',
      recipientId: w.town.people.villager._id,
      status: 'pending',
      nextAttemptAt: '2025-11-18T09:00:00.000+08:00',
      link: { type: 'booking', id: booking.id },
    });
    const outbox = await all(w, OUTBOX);
    expect(outbox.map((o) => o.template).sort()).toEqual([
      'mediation.booked',
      'mediation.reminder',
      'task.mediate',
    ]);
    const events = await all(w, AUDIT_EVENTS);
    expect(events).toEqual([
      expect.objectContaining({ action: 'book', subjectId: booking.id, to: 'requested' }),
    ]);
  });

  it('sends no reminder when 09:00 the day before has already passed', async () => {
    const booking = await bookAsVillager(w, w.rooms.oldSecretary._id, '2025-11-18T10:00:00+08:00');
    const stored = await BOOKINGS.get(w.h.store, booking.id);
    expect(stored?.reminderOutboxId).toBeUndefined();
    expect(booking.slot.start).toBe('2025-11-18T10:00:00.000+08:00');
  });

  it('gives the task of a village room to the village mediator', async () => {
    await bookAsVillager(w, w.rooms.villageTalk._id, WED_9);
    const tasks = await all(w, TASKS);
    expect(tasks.map((t) => t.assigneeId)).toEqual([w.town.people.villageGridWorker._id]);
  });

  it('gives the task to a mediator the room names', async () => {
    await w.h.store.update('rooms', w.rooms.townFamily._id, {
      mediatorIds: [w.town.people.villageGridWorker._id],
    });
    await bookAsVillager(w, w.rooms.townFamily._id, WED_9);
    const tasks = await all(w, TASKS);
    expect(tasks[0]).toMatchObject({
      assigneeId: w.town.people.villageGridWorker._id,
      reason: { ruleId: 'room.mediators' },
    });
  });

  it('answers the same request sent ten times with one booking', async () => {
    const replies = await Promise.all(
      Array.from({ length: 10 }, () =>
        w.h.call<BookingView>(fn, 'book', bookInput(w.rooms.oldSecretary._id, WED_9), {
          as: w.town.people.villager,
          requestId: 'req-same-0001',
        }),
      ),
    );
    expect(replies.every((r) => r.ok)).toBe(true);
    const ids = new Set(replies.map((r) => (r.ok ? r.data.id : null)));
    expect(ids.size).toBe(1);
    expect(await w.h.store.count('bookings')).toBe(1);
    expect(await w.h.store.count('tasks')).toBe(1);
    // And a retry later still answers the first booking.
    const later = await w.h.call<BookingView>(
      fn,
      'book',
      bookInput(w.rooms.oldSecretary._id, WED_9),
      {
        as: w.town.people.villager,
        requestId: 'req-same-0001',
      },
    );
    expect(later.ok && later.data.id).toBe([...ids][0]);
  });

  it('a grid worker files for a villager (代办): the villager with that phone owns the booking', async () => {
    const phone = w.town.people.neighbour.phone!;
    const booking = await w.h.ok<BookingView>(
      fn,
      'book',
      bookInput(w.rooms.oldSecretary._id, WED_9, { applicant: { name: '李大山', phone } }),
      { as: w.town.people.communityGridWorker },
    );
    const stored = await BOOKINGS.get(w.h.store, booking.id);
    expect(stored?.applicant.accountId).toBe(w.town.people.neighbour._id);
    expect(stored?.bookedBy).toEqual({
      accountId: w.town.people.communityGridWorker._id,
      onBehalf: true,
    });
    const mine = await w.h.ok<{ items: BookingView[] }>(
      fn,
      'listMine',
      {},
      {
        as: w.town.people.neighbour,
      },
    );
    expect(mine.items.map((b) => b.id)).toEqual([booking.id]);
  });

  describe('refusals leave the store unchanged', () => {
    const counts = async () => ({
      bookings: await w.h.store.count('bookings'),
      seats: await w.h.store.count('slot_seats'),
      tasks: await w.h.store.count('tasks'),
      outbox: await w.h.store.count('outbox'),
    });
    const none = { bookings: 0, seats: 0, tasks: 0, outbox: 0 };

    it('without consent: mediation is voluntary', async () => {
      const reply = await w.h.call(
        fn,
        'book',
        bookInput(w.rooms.oldSecretary._id, WED_9, { consent: false }),
        { as: w.town.people.villager },
      );
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.code).toBe('VALIDATION_FAILED');
        expect(reply.error.details?.fields?.[0]?.field).toBe('consent');
        expect(reply.error.message).toMatch(/自愿/);
      }
      expect(await counts()).toEqual(none);
    });

    it('a bad phone of the other party is named by its field', async () => {
      const reply = await w.h.call(
        fn,
        'book',
        bookInput(w.rooms.oldSecretary._id, WED_9, { parties: [{ name: '李大山', phone: '123' }] }),
        { as: w.town.people.villager },
      );
      expect(reply.ok).toBe(false);
      if (!reply.ok) {
        expect(reply.error.details?.fields?.[0]?.field).toBe('parties.0.phone');
        expect(reply.error.message).toMatch(/\p{Script=Han}/u);
      }
      expect(await counts()).toEqual(none);
    });

    it('a time that is not one of the room slots', async () => {
      const reply = await w.h.call(
        fn,
        'book',
        bookInput(w.rooms.oldSecretary._id, '2025-11-22T09:00:00+08:00'),
        { as: w.town.people.villager },
      );
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'slotStart' }] } },
      });
      expect(await counts()).toEqual(none);
    });

    it('a slot already past', async () => {
      const reply = await w.h.call(
        fn,
        'book',
        bookInput(w.rooms.oldSecretary._id, '2025-11-17T09:00:00+08:00'),
        { as: w.town.people.villager },
      );
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.message).toContain('已经过去');
      expect(await counts()).toEqual(none);
    });

    it('a slot too far ahead', async () => {
      const reply = await w.h.call(
        fn,
        'book',
        bookInput(w.rooms.oldSecretary._id, '2026-03-02T09:00:00+08:00'),
        { as: w.town.people.villager },
      );
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.message).toContain('60');
      expect(await counts()).toEqual(none);
    });

    it('a dispute the room does not take', async () => {
      const reply = await w.h.call(
        fn,
        'book',
        bookInput(w.rooms.oldSecretary._id, WED_9, { disputeType: 'marriage' }),
        { as: w.town.people.villager },
      );
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'disputeType' }] } },
      });
      expect(await counts()).toEqual(none);
    });

    it('a summary the content check rejects', async () => {
      const reply = await w.h.call(
        fn,
        'book',
        bookInput(w.rooms.oldSecretary._id, WED_9, { summary: '他在村里搞赌博网站，还骗钱' }),
        { as: w.town.people.villager },
      );
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'CONTENT_REJECTED', details: { fields: [{ field: 'summary' }] } },
      });
      expect(await counts()).toEqual(none);
    });

    it('a concern that does not exist', async () => {
      const reply = await w.h.call(
        fn,
        'book',
        bookInput(w.rooms.oldSecretary._id, WED_9, { concernId: 'con-missing' }),
        { as: w.town.people.villager },
      );
      expect(reply).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'concernId' }] } },
      });
      expect(await counts()).toEqual(none);
    });

    it('a closed room', async () => {
      await w.h.store.update('rooms', w.rooms.oldSecretary._id, { active: false });
      const reply = await w.h.call(fn, 'book', bookInput(w.rooms.oldSecretary._id, THU_9), {
        as: w.town.people.villager,
      });
      expect(reply).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(await counts()).toEqual(none);
    });

    it('a mediator cannot book', async () => {
      const reply = await w.h.call(fn, 'book', bookInput(w.rooms.oldSecretary._id, WED_9), {
        as: w.town.people.mediator,
      });
      expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await counts()).toEqual(none);
    });
  });
});
