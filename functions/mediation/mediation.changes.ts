/**
 * The records a booking step writes beside the booking, inside the step's one transaction:
 * the held seat (席位), the reminder (提醒) waiting in the outbox, the mediator's `mediate` task,
 * and — when the booking came from a concern (说事) — the concern's resolution. Queries happen
 * before the transaction (`loadBookingTasks`, the concern read); inside it only by-id writes.
 */
import type { Concern } from '../../shared/concern/concern.schema';
import { concernIntents } from '../../shared/concern/concern.machine';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import type { Room } from '../../shared/mediation/mediation.schema';
import type { Task } from '../../shared/task/task.schema';
import { isPending, taskIntents } from '../../shared/task/task.machine';
import type { OutboxEntry } from '../runtime/changes';
import { appendEvent, notify } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import type { StoreTx, StoredDoc } from '../store/store.port';
import { seatId, slotLabel } from './slots';

/** A held seat of a slot. Its id is the uniqueness: `<roomId>:<yyyymmddThhmm>:<seatNo>`. */
export interface SeatDoc {
  readonly townId: string;
  readonly roomId: string;
  readonly slotStart: string;
  readonly seatNo: number;
  readonly bookingId: string;
  /** Who booked, and with which requestId: a retry of the same request finds its own seat. */
  readonly accountId: string;
  readonly requestId: string | null;
  readonly createdAt: string;
}

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
  tx: StoreTx,
  room: Pick<Room, '_id' | 'townId' | 'seatsPerSlot'>,
  slotStart: string,
  holder: { bookingId: string; accountId: string; requestId: string | null; now: string },
): Promise<Result<HeldSeat>> {
  for (let seatNo = 1; seatNo <= room.seatsPerSlot; seatNo += 1) {
    const id = seatId(room._id, slotStart, seatNo);
    if (holder.requestId !== null) {
      const held = await tx.get<SeatDoc>('slot_seats', id);
      if (
        held !== null &&
        held.accountId === holder.accountId &&
        held.requestId === holder.requestId
      ) {
        return ok({ kind: 'retry', bookingId: held.bookingId });
      }
    }
    const inserted = await tx.insert<SeatDoc>('slot_seats', {
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
export async function releaseSeat(tx: StoreTx, id: string): Promise<Result<void>> {
  const removed = await tx.remove('slot_seats', id);
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

function reminderText(input: ReminderInput): { title: string; body: string } {
  return {
    title: '调解提醒',
    body: `您预约的${input.room.name}调解在${slotLabel(input.slotStart)}，地址：${input.room.address}。调解不收费，请按时到场；如果去不了，请在小程序里改期或取消。`,
  };
}

/** Queues the reminder in the outbox, due at `at`; answers its outbox id. */
export async function scheduleReminder(
  ctx: AppContext,
  tx: StoreTx,
  input: ReminderInput,
): Promise<Result<string>> {
  const id = ctx.ids.newId('out');
  const entry: OutboxEntry = {
    townId: input.townId,
    recipientId: input.recipientId,
    template: 'mediation.reminder',
    ...reminderText(input),
    link: { type: 'booking', id: input.bookingId },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: input.at,
    createdAt: ctx.clock.nowIso(),
  };
  const stored = await tx.insert('outbox', { _id: id, ...entry });
  return stored.ok ? ok(id) : err(stored.error);
}

/** The fields a withdrawn reminder gets; the outbox timer sends `pending` entries only. */
interface CancelledOutbox {
  readonly status: 'cancelled';
  readonly lastError: string;
  readonly cancelledAt: string;
}

/**
 * Withdraws a reminder that has not gone out: it is marked `cancelled`, so the outbox timer
 * (which sends pending entries only) skips it. One already sent stays as it was.
 */
export async function cancelReminder(
  ctx: AppContext,
  tx: StoreTx,
  outboxId: string | undefined,
  why: string,
): Promise<Result<void>> {
  if (outboxId === undefined) return ok(undefined);
  const entry = await tx.get<OutboxEntry>('outbox', outboxId);
  if (entry === null || entry.status !== 'pending') return ok(undefined);
  const updated = await tx.update<CancelledOutbox>(
    'outbox',
    outboxId,
    { status: 'cancelled', lastError: `cancelled: ${why}`, cancelledAt: ctx.clock.nowIso() },
    { ifVersion: entry._version },
  );
  return updated.ok ? ok(undefined) : err(updated.error);
}

/**
 * Moves the reminder to a new session: the pending entry is re-timed and re-worded; a sent
 * or missing one is replaced by a new entry. `at` null (too late for a reminder) withdraws
 * it. Answers the outbox id the booking keeps, if any.
 */
export async function moveReminder(
  ctx: AppContext,
  tx: StoreTx,
  outboxId: string | undefined,
  input: Omit<ReminderInput, 'at'> & { at: string | null },
): Promise<Result<string | undefined>> {
  if (input.at === null) {
    const cancelled = await cancelReminder(ctx, tx, outboxId, 'rescheduled');
    return cancelled.ok ? ok(undefined) : cancelled;
  }
  const at = input.at;
  const entry = outboxId === undefined ? null : await tx.get<OutboxEntry>('outbox', outboxId);
  if (entry !== null && entry.status === 'pending') {
    const updated = await tx.update<OutboxEntry>(
      'outbox',
      entry._id,
      { nextAttemptAt: at, ...reminderText({ ...input, at }) },
      { ifVersion: entry._version },
    );
    return updated.ok ? ok(entry._id) : err(updated.error);
  }
  return scheduleReminder(ctx, tx, { ...input, at });
}

/** The tasks made for a booking (read before the transaction). */
export async function loadBookingTasks(
  ctx: AppContext,
  bookingId: string,
): Promise<StoredDoc<Task>[]> {
  const page = await ctx.store.query<Task>('tasks', {
    where: { 'subject.type': 'booking', 'subject.id': bookingId },
    orderBy: { path: 'createdAt', order: 'asc' },
    limit: 100,
  });
  return page.docs;
}

/**
 * Closes the booking's pending tasks as the system: `complete` when the mediation ended with
 * an outcome, `cancel` when the booking was cancelled or refused. Each step is audited.
 */
export async function closeTasks(
  ctx: AppContext,
  tx: StoreTx,
  tasks: readonly StoredDoc<Task>[],
  how: 'complete' | 'cancel',
  note: string,
): Promise<Result<void>> {
  const now = ctx.clock.nowIso();
  for (const task of tasks.filter((t) => isPending(t))) {
    const step = taskIntents[how](task, systemActor(task.townId), { now, note });
    if (!step.ok) return step;
    const patch =
      how === 'complete'
        ? { status: step.value.status, updatedAt: now, doneAt: now, note: note.slice(0, 500) }
        : { status: step.value.status, updatedAt: now, cancelledReason: note.slice(0, 200) };
    const updated = await tx.update<Task>('tasks', task._id, patch, { ifVersion: task._version });
    if (!updated.ok) return updated;
    const logged = await appendEvent(ctx, tx, step.value.event);
    if (!logged.ok) return logged;
  }
  return ok(undefined);
}

/** The concern a booking came from, if it still exists in the town (read before the transaction). */
export async function loadLinkedConcern(
  ctx: AppContext,
  townId: string,
  concernId: string | undefined,
): Promise<StoredDoc<Concern> | null> {
  if (concernId === undefined) return null;
  const concern = await ctx.store.get<Concern>('concerns', concernId);
  return concern !== null && concern.townId === townId ? concern : null;
}

/**
 * Closes the loop on the concern the mediation came from: the concern machine's `resolve`
 * as the system (from `transferred`, where a concern handed to mediation waits), with the
 * outcome as the resolution note, and the reporter told. A concern in a state `resolve`
 * does not start from is left alone — its own handler decides.
 */
export async function resolveLinkedConcern(
  ctx: AppContext,
  tx: StoreTx,
  concern: StoredDoc<Concern> | null,
  note: string,
): Promise<Result<void>> {
  if (concern === null) return ok(undefined);
  const now = ctx.clock.nowIso();
  const step = concernIntents.resolve(concern, systemActor(concern.townId), { now, note });
  if (!step.ok) {
    ctx.log.info({ concernId: concern._id, status: concern.status }, 'linked concern not resolved');
    return ok(undefined);
  }
  const updated = await tx.update<Concern>(
    'concerns',
    concern._id,
    {
      status: step.value.status,
      resolution: { note: note.slice(0, 1000), photos: [], resolvedAt: now, resolvedBy: 'system' },
      updatedAt: now,
    },
    { ifVersion: concern._version },
  );
  if (!updated.ok) return updated;
  const logged = await appendEvent(ctx, tx, step.value.event);
  if (!logged.ok) return logged;
  const told = await notify(ctx, tx, {
    townId: concern.townId,
    recipientId: concern.reporterId,
    template: 'concern.resolved',
    title: '您说的事已办结',
    body: note.slice(0, 200),
    link: { type: 'concern', id: concern._id },
  });
  return told.ok ? ok(undefined) : err(told.error);
}
