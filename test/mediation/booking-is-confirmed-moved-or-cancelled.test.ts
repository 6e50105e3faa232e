/**
 * Before the session: the mediator asks the other party (mediation is voluntary) and records
 * the answer; the villager or the mediator moves the session or cancels it. A cancelled or
 * refused booking frees its seat, withdraws its reminder and closes the mediator's task; a
 * moved one takes a new seat and moves its reminder.
 */
import type { BookingView } from '../../functions/mediation/mediation.views';
import type { BookingPage } from '../../functions/mediation/read-bookings';
import type { World } from './mediation.helpers';
import { all, bookAsVillager, createWorld, fn, THU_9, WED_9, WED_10 } from './mediation.helpers';
import { AUDIT_EVENTS, BOOKINGS, OUTBOX, TASKS } from '../../functions/store/collections';

let w: World;
let booking: BookingView;
beforeEach(async () => {
  w = await createWorld();
  booking = await bookAsVillager(w, w.rooms.oldSecretary._id, WED_9);
});
afterEach(() => w.h.close());

const seatOf = (roomId: string, compact: string) => `${roomId}:${compact}:1`;
const stored = (id: string) => BOOKINGS.get(w.h.store, id);

describe('recordConsent', () => {
  it('confirms the booking once the other party agrees, and tells the applicant', async () => {
    const view = await w.h.ok<BookingView>(
      fn,
      'recordConsent',
      { bookingId: booking.id, partyIndex: 0, agreed: true, via: 'phone' },
      { as: w.town.people.mediator },
    );
    expect(view.status).toBe('confirmed');
    expect(view.parties[0]).toMatchObject({ consent: 'agreed', consentLabel: '已同意调解' });
    const outbox = await all(w, OUTBOX);
    expect(outbox).toContainEqual(
      expect.objectContaining({
        template: 'mediation.changed',
        recipientId: w.town.people.villager._id,
        title: '调解预约已确认',
      }),
    );
  });

  it('waits for every other party before confirming', async () => {
    const two = await bookAsVillager(w, w.rooms.oldSecretary._id, WED_10, {
      parties: [{ name: '李大山' }, { name: '赵小二' }],
    });
    const first = await w.h.ok<BookingView>(
      fn,
      'recordConsent',
      { bookingId: two.id, partyIndex: 1, agreed: true, via: 'in_person' },
      { as: w.town.people.mediator },
    );
    expect(first.status).toBe('requested');
    expect(first.parties.map((p) => p.consent)).toEqual(['pending', 'agreed']);
    const second = await w.h.ok<BookingView>(
      fn,
      'recordConsent',
      { bookingId: two.id, partyIndex: 0, agreed: true, via: 'in_person' },
      { as: w.town.people.mediator },
    );
    expect(second.status).toBe('confirmed');
  });

  it('a refusal ends the booking and frees the seat: mediation is voluntary', async () => {
    const before = await stored(booking.id);
    const view = await w.h.ok<BookingView>(
      fn,
      'recordConsent',
      { bookingId: booking.id, partyIndex: 0, agreed: false, via: 'phone' },
      { as: w.town.people.mediator },
    );
    expect(view.status).toBe('refused');
    expect(view.target).toBeNull();
    expect(
      await w.h.store.get('slot_seats', seatOf(w.rooms.oldSecretary._id, '20251119T0900')),
    ).toBeNull();
    expect(await w.h.store.get('outbox', before!.reminderOutboxId!)).toMatchObject({
      status: 'cancelled',
    });
    const tasks = await all(w, TASKS);
    expect(tasks.map((t) => t.status)).toEqual(['cancelled']);
  });

  it('names an unknown party by its field, and refuses a second answer after the end', async () => {
    const bad = await w.h.call(
      fn,
      'recordConsent',
      { bookingId: booking.id, partyIndex: 3, agreed: true, via: 'phone' },
      { as: w.town.people.mediator },
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'partyIndex' }] } },
    });
    await w.h.ok(
      fn,
      'recordConsent',
      { bookingId: booking.id, partyIndex: 0, agreed: true, via: 'phone' },
      {
        as: w.town.people.mediator,
      },
    );
    const again = await w.h.call(
      fn,
      'recordConsent',
      { bookingId: booking.id, partyIndex: 0, agreed: false, via: 'phone' },
      { as: w.town.people.mediator },
    );
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('a mediator of another room may not record consent', async () => {
    const reply = await w.h.call(
      fn,
      'recordConsent',
      { bookingId: booking.id, partyIndex: 0, agreed: true, via: 'phone' },
      { as: w.town.people.villageGridWorker },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await stored(booking.id))?.status).toBe('requested');
  });
});

describe('cancel', () => {
  it('frees the seat, withdraws the reminder and cancels the mediator task', async () => {
    const before = await stored(booking.id);
    const view = await w.h.ok<BookingView>(
      fn,
      'cancel',
      { bookingId: booking.id, reason: '家里有事，去不了' },
      { as: w.town.people.villager },
    );
    expect(view.status).toBe('cancelled');
    expect(view.cancellation?.reason).toBe('家里有事，去不了');
    expect(await w.h.store.count('slot_seats')).toBe(0);
    expect(await w.h.store.get('outbox', before!.reminderOutboxId!)).toMatchObject({
      status: 'cancelled',
    });
    const tasks = await all(w, TASKS);
    expect(tasks[0]).toMatchObject({ status: 'cancelled', cancelledReason: '预约已取消' });
    // The freed slot can be booked again.
    const again = await bookAsVillager(w, w.rooms.oldSecretary._id, WED_9);
    expect(again.status).toBe('requested');
  });

  it('another villager may not cancel it, and nothing changes', async () => {
    const reply = await w.h.call(
      fn,
      'cancel',
      { bookingId: booking.id, reason: '不想调了' },
      { as: w.town.people.neighbour },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await w.h.store.count('slot_seats')).toBe(1);
  });

  it('a reason is required', async () => {
    const reply = await w.h.call(
      fn,
      'cancel',
      { bookingId: booking.id, reason: ' ' },
      {
        as: w.town.people.villager,
      },
    );
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'reason' }] } },
    });
  });
});

describe('reschedule', () => {
  it('moves the seat and the reminder to the new slot', async () => {
    const before = await stored(booking.id);
    const view = await w.h.ok<BookingView>(
      fn,
      'reschedule',
      { bookingId: booking.id, slotStart: THU_9, reason: '那天要去医院' },
      { as: w.town.people.villager },
    );
    expect(view.slot.start).toBe(THU_9);
    expect(view.rescheduleCount).toBe(1);
    const room = w.rooms.oldSecretary._id;
    expect(await w.h.store.get('slot_seats', seatOf(room, '20251119T0900'))).toBeNull();
    expect(await w.h.store.get('slot_seats', seatOf(room, '20251120T0900'))).toMatchObject({
      bookingId: booking.id,
    });
    const after = await stored(booking.id);
    expect(after?.seatId).toBe(seatOf(room, '20251120T0900'));
    expect(after?.reminderOutboxId).toBe(before?.reminderOutboxId);
    expect(await w.h.store.get('outbox', after!.reminderOutboxId!)).toMatchObject({
      status: 'pending',
      nextAttemptAt: '2025-11-19T09:00:00.000+08:00',
    });
  });

  it('refuses a slot that is full, keeping the old seat', async () => {
    await w.h.ok(
      fn,
      'book',
      {
        roomId: w.rooms.oldSecretary._id,
        slotStart: THU_9,
        applicant: { name: '李大山', phone: '13700001111' },
        parties: [{ name: '王秀兰' }],
        disputeType: 'land',
        summary: '承包地的地界说不清',
        consent: true,
      },
      { as: w.town.people.neighbour },
    );
    const reply = await w.h.call(
      fn,
      'reschedule',
      { bookingId: booking.id, slotStart: THU_9 },
      {
        as: w.town.people.villager,
      },
    );
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: '这个时段已约满，请选择其他时段' },
    });
    expect((await stored(booking.id))?.seatId).toBe(
      seatOf(w.rooms.oldSecretary._id, '20251119T0900'),
    );
    expect(await w.h.store.count('slot_seats')).toBe(2);
  });

  it('refuses the same slot again', async () => {
    const reply = await w.h.call(
      fn,
      'reschedule',
      { bookingId: booking.id, slotStart: WED_9 },
      {
        as: w.town.people.villager,
      },
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('schedules a new reminder when a session too soon for one moves later again', async () => {
    await w.h.ok(
      fn,
      'reschedule',
      { bookingId: booking.id, slotStart: '2025-11-18T09:00:00+08:00' },
      { as: w.town.people.villager },
    );
    await w.h.ok(
      fn,
      'reschedule',
      { bookingId: booking.id, slotStart: THU_9 },
      {
        as: w.town.people.villager,
      },
    );
    const after = await stored(booking.id);
    expect(await w.h.store.get('outbox', after!.reminderOutboxId!)).toMatchObject({
      status: 'pending',
      template: 'mediation.reminder',
      nextAttemptAt: '2025-11-19T09:00:00.000+08:00',
    });
  });

  it('withdraws the reminder when the new session is too soon for one', async () => {
    const before = await stored(booking.id);
    await w.h.ok(
      fn,
      'reschedule',
      { bookingId: booking.id, slotStart: '2025-11-18T09:00:00+08:00' },
      {
        as: w.town.people.mediator,
      },
    );
    expect(await w.h.store.get('outbox', before!.reminderOutboxId!)).toMatchObject({
      status: 'cancelled',
    });
    expect((await stored(booking.id))?.reminderOutboxId).toBeUndefined();
  });
});

describe('who sees what', () => {
  it('the room mediator lists the sessions with masked phones; revealing them is audited', async () => {
    const page = await w.h.ok<BookingPage>(
      fn,
      'listForRoom',
      { roomId: w.rooms.oldSecretary._id, from: '2025-11-19', to: '2025-11-19' },
      { as: w.town.people.mediator },
    );
    expect(page.items.map((b) => b.id)).toEqual([booking.id]);
    expect(page.items[0]!.applicant.phone).toBe('139****0001');
    expect(page.items[0]!.parties[0]!.phone).toBe('137****1111');
    expect(page.items[0]!.phonesRevealed).toBe(false);

    const revealed = await w.h.ok<BookingView>(
      fn,
      'revealParties',
      { bookingId: booking.id },
      {
        as: w.town.people.mediator,
      },
    );
    expect(revealed.parties[0]!.phone).toBe('13700001111');
    expect(revealed.applicant.phone).toBe('13900000001');
    const reads = (await all(w, AUDIT_EVENTS)).filter((e) => e.action === 'read_protected');
    expect(reads).toEqual([
      expect.objectContaining({ actorId: w.town.people.mediator._id, visibleToReporter: false }),
    ]);
  });

  it('a mediator of another room cannot list it, see the parties or reveal their phones', async () => {
    const other = w.town.people.villageGridWorker; // mediator of the village room only
    const list = await w.h.call(
      fn,
      'listForRoom',
      { roomId: w.rooms.oldSecretary._id },
      { as: other },
    );
    expect(list).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const get = await w.h.call(fn, 'get', { bookingId: booking.id }, { as: other });
    expect(get).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const reveal = await w.h.call(fn, 'revealParties', { bookingId: booking.id }, { as: other });
    expect(reveal).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await all(w, AUDIT_EVENTS)).some((e) => e.action === 'read_protected')).toBe(false);
  });

  it('refuses a day range that ends before it starts', async () => {
    const reply = await w.h.call(
      fn,
      'listForRoom',
      { roomId: w.rooms.oldSecretary._id, from: '2025-11-20', to: '2025-11-19' },
      { as: w.town.people.mediator },
    );
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'to' }] } },
    });
  });

  it('the centre sees every room of the town; another villager sees nothing', async () => {
    const page = await w.h.ok<BookingPage>(
      fn,
      'listForRoom',
      { roomId: w.rooms.oldSecretary._id },
      {
        as: w.town.people.centre,
      },
    );
    expect(page.items).toHaveLength(1);
    const stranger = await w.h.call(
      fn,
      'get',
      { bookingId: booking.id },
      { as: w.town.people.neighbour },
    );
    expect(stranger).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const theirs = await w.h.ok<BookingPage>(fn, 'listMine', {}, { as: w.town.people.neighbour });
    expect(theirs.items).toEqual([]);
  });

  it('the applicant sees their booking with its timeline, without staff-only steps', async () => {
    // Steps a minute apart, as they happen: the timeline is in time order.
    w.h.clock.advance(60_000);
    await w.h.ok(fn, 'revealParties', { bookingId: booking.id }, { as: w.town.people.mediator });
    w.h.clock.advance(60_000);
    await w.h.ok(
      fn,
      'recordConsent',
      { bookingId: booking.id, partyIndex: 0, agreed: true, via: 'phone' },
      {
        as: w.town.people.mediator,
      },
    );
    const view = await w.h.ok<BookingView>(
      fn,
      'get',
      { bookingId: booking.id },
      {
        as: w.town.people.villager,
      },
    );
    expect(view.timeline?.map((e) => e.label)).toEqual([
      '已提交调解预约',
      '对方同意调解，预约已确认',
    ]);
    expect(view.room.name).toBe('东关新村老支书调解室');
    const staff = await w.h.ok<BookingView>(
      fn,
      'get',
      { bookingId: booking.id },
      {
        as: w.town.people.mediator,
      },
    );
    expect(staff.timeline).toHaveLength(3);
  });

  it('listMine pages the applicant bookings newest first and filters by status', async () => {
    const second = await bookAsVillager(w, w.rooms.oldSecretary._id, THU_9);
    const page = await w.h.ok<BookingPage>(
      fn,
      'listMine',
      { limit: 1 },
      { as: w.town.people.villager },
    );
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).not.toBeNull();
    const next = await w.h.ok<BookingPage>(
      fn,
      'listMine',
      { limit: 1, cursor: page.nextCursor },
      { as: w.town.people.villager },
    );
    expect(new Set([page.items[0]!.id, next.items[0]!.id])).toEqual(
      new Set([booking.id, second.id]),
    );
    await w.h.ok(
      fn,
      'cancel',
      { bookingId: second.id, reason: '不用了' },
      { as: w.town.people.villager },
    );
    const cancelled = await w.h.ok<BookingPage>(
      fn,
      'listMine',
      { status: 'cancelled' },
      {
        as: w.town.people.villager,
      },
    );
    expect(cancelled.items.map((b) => b.id)).toEqual([second.id]);
    const bad = await w.h.call(
      fn,
      'listMine',
      { cursor: 'garbage' },
      { as: w.town.people.villager },
    );
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED', details: { fields: [{ field: 'cursor' }] } },
    });
  });
});
