/**
 * Which mediation rooms (调解室) the signed-in mediator — or the centre, for one place — looks
 * after, and their sessions. A mediator's rooms are the server's `myRooms`; the centre's, for
 * a place, come from `suggestRooms` at that node (only rooms sitting there, `distance` 0),
 * asked once per dispute type of a small set that covers every room kind. `listForRoom` then
 * answers only for the rooms the caller may see (a FORBIDDEN room is dropped).
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { DisputeType } from '../../../shared/mediation/mediation.catalog';
import { ROOM_KINDS } from '../../../shared/mediation/mediation.catalog';
import type { CallReply } from '../../../shared/kernel/envelope';
import { api } from '../../services/api';
import type { BookingView, RoomView, SuggestRoomsReply } from '../../services/views';

dayjs.extend(utc);

// Page shapes of the list actions (kept here: their modules in functions/ pull server code
// into the typecheck).
interface BookingPage {
  readonly items: readonly BookingView[];
  readonly nextCursor: string | null;
}
interface MyRoomsReply {
  readonly rooms: readonly RoomView[];
}

/** Monday (ISO week start) of the week holding `date`. */
export function mondayOf(date: string): string {
  const d = dayjs(`${date}T00:00:00Z`).utc();
  const back = (d.day() + 6) % 7;
  return d.subtract(back, 'day').format('YYYY-MM-DD');
}

/** Dispute types that, between them, reach every room kind's default list (greedy cover). */
function coveringTypes(): DisputeType[] {
  const uncovered = ROOM_KINDS.map((k) => new Set<string>(k.disputeTypes));
  const chosen: DisputeType[] = [];
  while (uncovered.length > 0) {
    const counts = new Map<string, number>();
    for (const kind of uncovered) for (const t of kind) counts.set(t, (counts.get(t) ?? 0) + 1);
    let best: string | undefined;
    for (const [t, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = t;
    if (best === undefined) break;
    chosen.push(best as DisputeType);
    for (let i = uncovered.length - 1; i >= 0; i -= 1) {
      if (uncovered[i]?.has(best)) uncovered.splice(i, 1);
    }
  }
  return chosen;
}

const COVER = coveringTypes();

/** Thrown on the first refusal that is not about one room (e.g. signed out). */
export class RoomsError extends Error {
  constructor(readonly reply: Extract<CallReply<unknown>, { ok: false }>) {
    super(reply.error.message);
  }
}

/** Active rooms sitting exactly at `gridNodeId`. */
export async function roomsAt(gridNodeId: string): Promise<RoomView[]> {
  const replies = await Promise.all(
    COVER.map((disputeType) =>
      api.call<SuggestRoomsReply>('mediation', 'suggestRooms', { disputeType, gridNodeId }),
    ),
  );
  const rooms = new Map<string, RoomView>();
  for (const reply of replies) {
    if (!reply.ok) {
      if (reply.error.code === 'UNAUTHENTICATED') throw new RoomsError(reply);
      continue;
    }
    for (const s of reply.data.rooms) if (s.distance === 0) rooms.set(s.room.id, s.room);
  }
  return [...rooms.values()];
}

/** The rooms the signed-in mediator runs (`mediation.myRooms`). */
export async function myRooms(): Promise<RoomView[]> {
  const reply = await api.call<MyRoomsReply>('mediation', 'myRooms', {});
  if (!reply.ok) throw new RoomsError(reply);
  return [...reply.data.rooms];
}

export interface RoomSessions {
  readonly room: RoomView;
  readonly sessions: readonly BookingView[];
}

/** A room's sessions between two days (all pages); null when the caller may not see the room. */
export async function sessionsOf(
  roomId: string,
  from: string,
  to: string,
): Promise<BookingView[] | null> {
  const out: BookingView[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 5; page += 1) {
    const data: Record<string, unknown> = { roomId, from, to, limit: 100 };
    if (cursor !== null) data.cursor = cursor;
    const reply: CallReply<BookingPage> = await api.call<BookingPage>(
      'mediation',
      'listForRoom',
      data,
    );
    if (!reply.ok) {
      if (reply.error.code === 'FORBIDDEN' || reply.error.code === 'NOT_FOUND') return null;
      throw new RoomsError(reply);
    }
    out.push(...reply.data.items);
    cursor = reply.data.nextCursor;
    if (cursor === null) break;
  }
  return out;
}
