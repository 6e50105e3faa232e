/**
 * The records a booking step writes beside the booking, inside the step's one transaction:
 * the held seat (席位) and the session reminder (提醒) waiting in the outbox. Tasks are closed
 * with runtime/tasks.ts, a linked concern through concern.api.ts. Queries happen before the
 * transaction; inside it only by-id writes.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Room } from '../../shared/mediation/mediation.schema';
import type { AppContext } from '../runtime/context';
import type { NoticeInput } from '../runtime/outbox';
import { notify, retimeNotice, withdrawNotice } from '../runtime/outbox';
import { SLOT_SEATS } from '../store/collections';
import type { Tx } from '../store/store.port';
import { roomWriter, seatWriter } from './mediation.collections';
import { seatId, slotLabel } from './mediation.slots';

export const SLOT_FULL = '这个时段已约满，请选择其他时段';

/** The seat that was taken, or the booking a retry of the same request already made. */
export type HeldSeat =
  | { readonly kind: 'held'; readonly seatId: string }
  | { readonly kind: 'retry'; readonly bookingId: string };

/**
 * Takes the first free seat of the slot, trying seat 1 … N: an insert of a taken seat is a
 * CONFLICT, so two bookings can never hold the same seat. With a requestId, a seat already
 * held by the same account and request is a retry answered with its booking (the
 * idempotency record then returns the first reply). All seats taken → CONFLICT.
 */
export async function holdSeat(
  tx: Tx,
  room: Pick<Room, '_id' | 'townId' | 'seatsPerSlot'>,
  slotStart: string,
  holder: { bookingId: string; accountId: string; requestId: string | null; now: string },
): Promise<Result<HeldSeat>> {
  for (let seatNo = 1; seatNo <= room.seatsPerSlot; seatNo += 1) {
    const id = seatId(room._id, slotStart, seatNo);
    if (holder.requestId !== null) {
      const held = await SLOT_SEATS.get(tx, id);
      if (
        held !== null &&
        held.accountId === holder.accountId &&
        held.requestId === holder.requestId
      ) {
        return ok({ kind: 'retry', bookingId: held.bookingId });
      }
    }
    const inserted = await seatWriter.insert(tx, {
      _id: id,
      townId: room.townId,
      roomId: room._id,
      slotStart,
      seatNo,
      bookingId: holder.bookingId,
      accountId: holder.accountId,
      requestId: holder.requestId,
      createdAt: holder.now,
    });
    if (inserted.ok) return ok({ kind: 'held', seatId: id });
    if (inserted.error.code !== 'CONFLICT') return err(inserted.error);
  }
  return err(
    appError('CONFLICT', SLOT_FULL, {
      reason: 'slot_full',
      fields: [{ field: 'slotStart', message: SLOT_FULL }],
    }),
  );
}

/** Frees a seat; one already gone is fine (nothing is held twice either way). */
export async function releaseSeat(tx: Tx, id: string): Promise<Result<void>> {
  const removed = await seatWriter.remove(tx, id);
  return removed.ok || removed.error.code === 'NOT_FOUND' ? ok(undefined) : removed;
}

export interface ReminderInput {
  readonly townId: string;
  readonly recipientId: string;
  readonly bookingId: string;
  readonly room: Pick<Room, 'name' | 'address'>;
  readonly slotStart: string;
  /** When it goes out: 09:00 the day before the session. */
  readonly at: string;
}

/** The reminder as a notice (its words name the room, the time and the address). */
function reminderNotice(input: Omit<ReminderInput, 'at'>): NoticeInput {
  return {
    townId: input.townId,
    recipientId: input.recipientId,
    template: 'mediation.reminder',
    title: '调解提醒',
    body: `您预约的${input.room.name}调解在${slotLabel(input.slotStart)}，地址：${input.room.address}。调解不收费，请按时到场；如果去不了，请在小程序里改期或取消。`,
    link: { type: 'booking', id: input.bookingId },
  };
}

/** Queues the reminder in the outbox, due at `at`; answers its outbox id. */
export function scheduleReminder(
  ctx: AppContext,
  tx: Tx,
  input: ReminderInput,
): Promise<Result<string>> {
  return notify(ctx, tx, reminderNotice(input), input.at);
}

/** Withdraws a reminder that has not gone out (one already sent stays as it was). */
export function cancelReminder(
  ctx: AppContext,
  tx: Tx,
  outboxId: string | undefined,
  why: string,
): Promise<Result<void>> {
  return withdrawNotice(ctx, tx, outboxId, why);
}

/**
 * Moves the reminder to a new session: re-timed and re-worded, replaced when it has gone out,
 * withdrawn when `at` is null (too late for a reminder). Answers the outbox id to keep.
 */
export function moveReminder(
  ctx: AppContext,
  tx: Tx,
  outboxId: string | undefined,
  input: Omit<ReminderInput, 'at'> & { at: string | null },
): Promise<Result<string | undefined>> {
  return retimeNotice(ctx, tx, outboxId, reminderNotice(input), input.at);
}

/** Stores a room: a new one, or the whole of one read before the transaction (`old`). */
export function putRoom(
  tx: Tx,
  room: Omit<Room, '_version'>,
  old: Pick<Room, '_id' | '_version'> | null,
): Promise<Result<Room>> {
  return old === null
    ? roomWriter.insert(tx, room)
    : roomWriter.replace(tx, old._id, room, { ifVersion: old._version });
}
