/**
 * Slots (时段) of a mediation room (调解室): generated from its weekly schedule, never stored.
 * What is stored is a held seat, `slot_seats/<roomId>:<yyyymmddThhmm>:<seatNo>`: an id, so an
 * insert of a taken seat is a CONFLICT on both backends and no seat is ever booked twice.
 *
 * Opening days: a room that closes on holidays (`closedOnHolidays`, the default) opens only on
 * working days of the official calendar (工作日历: statutory holidays off, 调休 make-up days
 * worked), and then only in the sessions its schedule gives for that weekday — so a make-up
 * Saturday opens only a room that has Saturday sessions. A room that stays open on holidays
 * follows its weekly schedule alone. `closedDates` always close. In a year the town's calendar
 * has no holiday data for, a room that closes on holidays offers no slot at all: nobody knows
 * which of its days are holidays, and a villager must not travel to a closed door (the
 * banners ask the admin to enter the year; docs/domain.md §2).
 *
 * Every slot instant is written `YYYY-MM-DDTHH:mm:00.000+08:00` (China has no DST; the same
 * form as the clock's), so stored slot starts compare correctly as strings in range queries.
 */
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import { addCalendarDays } from '../../shared/calendar/working-days';
import type { Room } from '../../shared/mediation/mediation.schema';
import { minutesOfDay } from '../../shared/validation/primitives';

/** `2025-11-18T09:00:00.000+08:00` → `20251118T0900`, the slot part of a seat id. */
export function compactSlot(slotStart: string): string {
  return `${slotStart.slice(0, 10).replace(/-/g, '')}T${slotStart.slice(11, 13)}${slotStart.slice(14, 16)}`;
}

/** The seat id: `<roomId>:<yyyymmddThhmm>:<seatNo>` (charset of the shared idSchema). */
export function seatId(roomId: string, slotStart: string, seatNo: number): string {
  return `${roomId}:${compactSlot(slotStart)}:${seatNo}`;
}

/** A generated slot of a room. */
export interface GeneratedSlot {
  readonly start: string;
  readonly end: string;
}

/** ISO weekday (1 Monday … 7 Sunday) of a local date. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

type ScheduledRoom = Pick<
  Room,
  'schedule' | 'slotMinutes' | 'closedOnHolidays' | 'closedDates' | 'active'
>;

/** Whether the room receives people on this local date at all (see the module comment). */
export function isOpenOn(room: ScheduledRoom, date: string, calendar: WorkingCalendar): boolean {
  if (!room.active || room.closedDates.includes(date)) return false;
  if (!room.closedOnHolidays) return true;
  return calendar.coversYear(Number(date.slice(0, 4))) && calendar.isWorkday(date);
}

/** Years from `from` to `to` in which a room that closes on holidays cannot offer slots. */
export function closedYears(
  room: Pick<Room, 'closedOnHolidays'>,
  from: string,
  to: string,
  calendar: WorkingCalendar,
): number[] {
  return room.closedOnHolidays ? calendar.uncoveredYears(from, to) : [];
}

/** Slots of one local date, in time order (none when the room is closed that day). */
export function slotsOn(
  room: ScheduledRoom,
  date: string,
  calendar: WorkingCalendar,
): GeneratedSlot[] {
  if (!isOpenOn(room, date, calendar)) return [];
  const weekday = isoWeekday(date);
  const out: GeneratedSlot[] = [];
  const sessions = room.schedule
    .filter((s) => s.weekday === weekday)
    .sort((a, b) => minutesOfDay(a.start) - minutesOfDay(b.start));
  for (const session of sessions) {
    const end = minutesOfDay(session.end);
    for (let t = minutesOfDay(session.start); t + room.slotMinutes <= end; t += room.slotMinutes) {
      out.push({
        start: `${date}T${hhmm(t)}:00.000+08:00`,
        end: `${date}T${hhmm(t + room.slotMinutes)}:00.000+08:00`,
      });
    }
  }
  return out;
}

/** Slots from `from` to `to` (local dates, inclusive), in time order. */
export function slotsBetween(
  room: ScheduledRoom,
  from: string,
  to: string,
  calendar: WorkingCalendar,
): GeneratedSlot[] {
  const out: GeneratedSlot[] = [];
  for (let date = from; date <= to; date = addCalendarDays(date, 1)) {
    out.push(...slotsOn(room, date, calendar));
  }
  return out;
}

/** The room's slot starting at `slotStart` (canonical form), or undefined if there is none. */
export function findSlot(
  room: ScheduledRoom,
  slotStart: string,
  calendar: WorkingCalendar,
): GeneratedSlot | undefined {
  return slotsOn(room, slotStart.slice(0, 10), calendar).find((s) => s.start === slotStart);
}

/**
 * When the reminder (提醒) goes out: 09:00 China time on the day before the session. Null when
 * that moment has already passed — the booking notice itself then tells the time.
 */
export function reminderAt(slotStart: string, nowMs: number): string | null {
  const at = `${addCalendarDays(slotStart.slice(0, 10), -1)}T09:00:00.000+08:00`;
  return Date.parse(at) > nowMs ? at : null;
}

/** `2025-11-18T09:00:00.000+08:00` → `11月18日 09:00`, for notices. */
export function slotLabel(slotStart: string): string {
  const month = Number(slotStart.slice(5, 7));
  const day = Number(slotStart.slice(8, 10));
  return `${month}月${day}日 ${slotStart.slice(11, 16)}`;
}
