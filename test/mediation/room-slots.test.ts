/**
 * Slot generation from a room's weekly schedule (unit level): only the room's sessions on
 * working days, closed dates honoured, a 调休 make-up Saturday opening only a room that has
 * Saturday sessions, seat ids in the shared id charset, reminders at 09:00 the day before.
 */
import fc from 'fast-check';
import { DEFAULT_HOLIDAY_TABLE } from '../../shared/calendar/calendar.data';
import { createWorkingCalendar } from '../../shared/calendar/working-days';
import { idSchema } from '../../shared/validation/primitives';
import { canonicalInstant } from '../../shared/calendar/china-time';
import {
  compactSlot,
  findSlot,
  reminderAt,
  seatId,
  slotsBetween,
  slotsOn,
} from '../../functions/mediation/mediation.slots';

const calendar = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE);
const room = {
  schedule: [
    { weekday: 1, start: '14:00', end: '17:00' },
    { weekday: 1, start: '08:30', end: '10:15' },
    { weekday: 6, start: '09:00', end: '10:00' },
  ],
  slotMinutes: 45,
  closedOnHolidays: true,
  closedDates: ['2025-11-24'],
  active: true,
};

it('cuts each session into whole slots, in time order, dropping a tail too short for one', () => {
  expect(slotsOn(room, '2025-11-17', calendar).map((s) => s.start.slice(11, 16))).toEqual([
    '08:30',
    '09:15',
    '14:00',
    '14:45',
    '15:30',
    '16:15',
  ]);
});

it('keeps closed dates and ordinary Saturdays shut, opens a make-up Saturday that has sessions', () => {
  expect(slotsOn(room, '2025-11-24', calendar)).toEqual([]); // a closed Monday
  expect(slotsOn(room, '2025-11-22', calendar)).toEqual([]); // an ordinary Saturday
  expect(slotsOn(room, '2026-02-14', calendar)).toHaveLength(1); // 调休 Saturday
  expect(slotsOn({ ...room, active: false }, '2025-11-17', calendar)).toEqual([]);
});

it('finds a slot only at one of its exact starts', () => {
  expect(findSlot(room, '2025-11-17T14:45:00.000+08:00', calendar)?.end).toBe(
    '2025-11-17T15:30:00.000+08:00',
  );
  expect(findSlot(room, '2025-11-17T14:50:00.000+08:00', calendar)).toBeUndefined();
  expect(canonicalInstant('2025-11-17T06:45:00Z')).toBe('2025-11-17T14:45:00.000+08:00');
});

it('every generated slot lies on an open day, and its seat id is a valid record id', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 700 }),
      fc.integer({ min: 1, max: 20 }),
      (offset, seat) => {
        const from = new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000)
          .toISOString()
          .slice(0, 10);
        for (const slot of slotsBetween(room, from, from, calendar)) {
          const day = slot.start.slice(0, 10);
          expect(calendar.isWorkday(day)).toBe(true);
          expect(room.closedDates).not.toContain(day);
          const id = seatId('town-a-room_1', slot.start, seat);
          expect(idSchema.safeParse(id).success).toBe(true);
          expect(id).toBe(`town-a-room_1:${compactSlot(slot.start)}:${seat}`);
        }
      },
    ),
  );
});

it('reminds at 09:00 the day before, or not at all once that has passed', () => {
  const slot = '2025-11-19T09:00:00.000+08:00';
  expect(reminderAt(slot, Date.parse('2025-11-17T09:00:00+08:00'))).toBe(
    '2025-11-18T09:00:00.000+08:00',
  );
  expect(reminderAt(slot, Date.parse('2025-11-18T09:00:00+08:00'))).toBeNull();
});
