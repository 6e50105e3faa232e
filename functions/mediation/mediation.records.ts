/**
 * How the mediation function reads its records: rooms (调解室) and bookings (调解预约) are
 * parsed with the shared schemas on the way in (a row that no longer fits is a loud INTERNAL,
 * never a silent guess), scoped to the caller's town, and each caller is placed as one kind
 * of viewer — the applicant (申请人), the room's mediator (调解员) or the centre (指挥中心).
 */
import type { Account } from '../../shared/account/account.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Room } from '../../shared/mediation/mediation.schema';
import type { AppContext } from '../runtime/context';
import type { StoredDoc } from '../store/store.port';
import { BOOKINGS, ROOMS } from '../store/collections';
import type { BookingRecord } from '../store/records/records';

export type { BookingRecord } from '../store/records/records';

export const ROOM_NOT_FOUND = '没有找到这个调解室';
export const BOOKING_NOT_FOUND = '没有找到这次调解预约';

/** A room of the caller's town, parsed; NOT_FOUND for a missing room or one of another town. */
export async function loadRoom(
  ctx: AppContext,
  townId: string,
  roomId: string,
): Promise<Result<Room>> {
  const doc = await ROOMS.get(ctx.store, roomId);
  if (doc === null || doc.townId !== townId) {
    return err(
      appError('NOT_FOUND', ROOM_NOT_FOUND, {
        fields: [{ field: 'roomId', message: ROOM_NOT_FOUND }],
      }),
    );
  }
  return ok(doc);
}

/** A booking of the caller's town, parsed; NOT_FOUND otherwise. */
export async function loadBooking(
  ctx: AppContext,
  townId: string,
  bookingId: string,
): Promise<Result<BookingRecord>> {
  const doc = await BOOKINGS.get(ctx.store, bookingId);
  if (doc === null || doc.townId !== townId) return err(appError('NOT_FOUND', BOOKING_NOT_FOUND));
  return ok(doc);
}

/** Who is looking at a booking; each sees a different reply. */
export type Viewer = 'applicant' | 'mediator' | 'centre';

const CENTRE_ROLES = new Set(['center_operator']);

/**
 * Whether the account runs this room: a mediator named on the room, or — for a room that
 * names nobody — a mediator responsible for the grid node where it sits.
 */
export function isRoomMediator(
  account: Pick<StoredDoc<Account>, '_id' | 'townId' | 'roles' | 'gridNodeIds'>,
  room: Pick<Room, 'townId' | 'mediatorIds' | 'gridNodeId'>,
): boolean {
  if (account.townId !== room.townId || !account.roles.includes('mediator')) return false;
  if (room.mediatorIds.length > 0) return room.mediatorIds.includes(account._id);
  return account.gridNodeIds.includes(room.gridNodeId);
}

/** Whether the account sees every booking of its town (the centre, the admin). */
export function isCentre(account: Pick<Account, 'roles'>): boolean {
  return account.roles.some((r) => CENTRE_ROLES.has(r));
}

/**
 * How the account sees this booking, or null when it may not see it at all. Staff roles win
 * over being the applicant, so a mediator who filed for a villager still works as a mediator.
 */
export function viewerOf(
  account: Pick<StoredDoc<Account>, '_id' | 'townId' | 'roles' | 'gridNodeIds'>,
  booking: Pick<BookingRecord, 'townId' | 'mediatorId' | 'applicant' | 'bookedBy'>,
  room: Pick<Room, 'townId' | 'mediatorIds' | 'gridNodeId'>,
): Viewer | null {
  if (account.townId !== booking.townId) return null;
  if (
    isRoomMediator(account, room) ||
    (account.roles.includes('mediator') && booking.mediatorId === account._id)
  ) {
    return 'mediator';
  }
  if (isCentre(account)) return 'centre';
  if (booking.applicant.accountId === account._id || booking.bookedBy.accountId === account._id) {
    return 'applicant';
  }
  return null;
}

/** The refusal for someone who may not see or act on a booking. */
export function notYours(): Result<never> {
  return err(appError('FORBIDDEN', '这次调解预约不归您办理，您不能查看或操作'));
}
