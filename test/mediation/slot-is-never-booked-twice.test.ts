/**
 * No slot is ever booked twice (docs/domain.md §2): a seat is an id, and an insert of a taken id is a
 * CONFLICT, so however many villagers press "预约" at the same moment, a one-seat slot goes to
 * exactly one of them and everyone else is told, in Chinese, to pick another time.
 */
import type { BookingView } from '../../functions/mediation/mediation.views';
import type { CallReply } from '../../shared/kernel/envelope';
import type { World } from './mediation.helpers';
import { bookInput, createWorld, fn, WED_9 } from './mediation.helpers';

let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(() => w.h.close());

function tally(replies: readonly CallReply<BookingView>[]) {
  const ok = replies.filter((r) => r.ok);
  const conflicts = replies.filter((r) => !r.ok && r.error.code === 'CONFLICT');
  return { ok: ok.length, conflicts, other: replies.length - ok.length - conflicts.length };
}

it('100 concurrent bookings of a one-seat slot by different villagers: 1 succeeds, 99 conflict', async () => {
  const villagers = [w.town.people.villager, w.town.people.neighbour, w.town.people.farVillager];
  const replies = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      w.h.call<BookingView>(fn, 'book', bookInput(w.rooms.oldSecretary._id, WED_9), {
        as: villagers[i % villagers.length]!,
        requestId: `req-race-${String(i).padStart(4, '0')}`,
      }),
    ),
  );
  const { ok, conflicts, other } = tally(replies);
  expect(ok).toBe(1);
  expect(conflicts).toHaveLength(99);
  expect(other).toBe(0);
  for (const c of conflicts) {
    if (!c.ok) expect(c.error.message).toBe('这个时段已约满，请选择其他时段');
  }
  expect(await w.h.store.count('bookings')).toBe(1);
  expect(await w.h.store.count('slot_seats')).toBe(1);
  expect(await w.h.store.count('tasks')).toBe(1);
});

it('100 concurrent bookings by the same villager with different requests: still one booking', async () => {
  const replies = await Promise.all(
    Array.from({ length: 100 }, (_, i) =>
      w.h.call<BookingView>(fn, 'book', bookInput(w.rooms.oldSecretary._id, WED_9), {
        as: w.town.people.villager,
        requestId: `req-same-${String(i).padStart(4, '0')}`,
      }),
    ),
  );
  const { ok, conflicts } = tally(replies);
  expect(ok).toBe(1);
  expect(conflicts).toHaveLength(99);
  expect(await w.h.store.count('bookings')).toBe(1);
  expect(await w.h.store.count('slot_seats')).toBe(1);
});

it('a two-seat slot takes exactly two of many concurrent bookings, on seats 1 and 2', async () => {
  const replies = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      w.h.call<BookingView>(fn, 'book', bookInput(w.rooms.townFamily._id, WED_9), {
        as: w.town.people.villager,
        requestId: `req-two-${String(i).padStart(4, '0')}`,
      }),
    ),
  );
  expect(tally(replies).ok).toBe(2);
  const seats = await w.h.store.query('slot_seats', { limit: 10 });
  expect(seats.docs.map((s) => s._id).sort()).toEqual([
    `${w.rooms.townFamily._id}:20251119T0900:1`,
    `${w.rooms.townFamily._id}:20251119T0900:2`,
  ]);
});
