/**
 * Steps on a booking before the session: the mediator records the other party's answer
 * (mediation is voluntary — a refusal ends it), and the applicant, the mediator or the centre
 * reschedules (改期) or cancels it. Each step goes through the booking machine's intent and
 * writes the booking, its seat, its reminder, its task and the notices in one transaction.
 */
import type { Account } from '../../shared/account/account.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { Role } from '../../shared/kernel/roles';
import { bookingIntents, isAwaitingConsent } from '../../shared/mediation/booking.machine';
import { stateLabel } from '../../shared/machine/machine';
import { bookingMachine } from '../../shared/mediation/booking.machine';
import type { Room } from '../../shared/mediation/mediation.schema';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import { notify } from '../runtime/outbox';
import type { AppContext } from '../runtime/context';
import type { Tx, StoredDoc } from '../store/store.port';
import { checkSlot } from './book-mediation';
import { closeTasks, tasksOf } from '../runtime/tasks';
import { cancelReminder, holdSeat, moveReminder, releaseSeat } from './mediation.steps';
import type { BookingRecord, Viewer } from './mediation.records';
import { loadBooking, loadRoom, notYours, viewerOf } from './mediation.records';
import type { BookingView } from './mediation.views';
import { toBookingView } from './mediation.views';
import { reminderAt, slotLabel } from './mediation.slots';
import { bookingWriter } from './mediation.collections';
import type { Task } from '../../shared/task/task.schema';
import { isPending } from '../../shared/task/task.machine';

/** A booking with its room, as the caller sees it. */
export interface Seen {
  readonly account: StoredDoc<Account>;
  readonly booking: BookingRecord;
  readonly room: Room;
  readonly viewer: Viewer;
}

/** Loads a booking of the caller's town with its room; FORBIDDEN unless the caller may see it. */
export async function seeBooking(
  ctx: AppContext,
  call: ActionCall<unknown>,
  bookingId: string,
): Promise<Result<Seen>> {
  const { account } = signedIn(call);
  const booking = await loadBooking(ctx, account.townId, bookingId);
  if (!booking.ok) return booking;
  const room = await loadRoom(ctx, account.townId, booking.value.roomId);
  if (!room.ok) return room;
  const viewer = viewerOf(account, booking.value, room.value);
  if (viewer === null) return notYours();
  return ok({ account, booking: booking.value, room: room.value, viewer });
}

/** The first of the account's roles among `allowed`: the role an audit event records. */
export function actingRole(account: Pick<Account, 'roles'>, allowed: readonly Role[]): Role {
  return account.roles.find((r) => allowed.includes(r)) ?? (account.roles[0] as Role);
}

/** Tells the applicant and the mediator of a step, skipping whoever took it. */
async function tellBoth(
  ctx: AppContext,
  tx: Tx,
  seen: Seen,
  title: string,
  body: string,
): Promise<Result<void>> {
  const { booking, account } = seen;
  const recipients = new Set([booking.applicant.accountId, booking.mediatorId]);
  recipients.delete(account._id);
  for (const recipientId of recipients) {
    if (recipientId === undefined) continue;
    const told = await notify(ctx, tx, {
      townId: booking.townId,
      recipientId,
      template: 'mediation.changed',
      title,
      body,
      link: { type: 'booking', id: booking._id },
    });
    if (!told.ok) return err(told.error);
  }
  return ok(undefined);
}

const CHANNEL_LABELS = { miniapp: '小程序', in_person: '当面', phone: '电话' } as const;

/** Frees what a booking held: its seat, its reminder and its task. */
async function releaseAll(
  ctx: AppContext,
  tx: Tx,
  booking: BookingRecord,
  tasks: readonly Task[],
  why: string,
): Promise<Result<void>> {
  const seat = await releaseSeat(tx, booking.seatId);
  if (!seat.ok) return seat;
  const reminder = await cancelReminder(ctx, tx, booking.reminderOutboxId, why);
  if (!reminder.ok) return reminder;
  return closeTasks(ctx, tx, tasks, 'cancel', why, ctx.clock.nowIso());
}

/**
 * `recordConsent`: the mediator records one other party's answer. A refusal ends the booking
 * (`refused`) and frees its seat; when every other party has agreed it is `confirmed`.
 */
export async function recordConsentUseCase(
  ctx: AppContext,
  call: ActionCall<{
    bookingId: string;
    partyIndex: number;
    agreed: boolean;
    via: 'miniapp' | 'in_person' | 'phone';
  }>,
): Promise<Result<BookingView>> {
  const seen = await seeBooking(ctx, call, call.input.bookingId);
  if (!seen.ok) return seen;
  const { account, booking, room, viewer } = seen.value;
  if (viewer === 'applicant') return notYours();
  const { partyIndex, agreed, via } = call.input;
  const party = booking.parties[partyIndex];
  if (party === undefined) {
    const message = '没有这位当事人，请刷新后再试';
    return err(
      appError('VALIDATION_FAILED', message, { fields: [{ field: 'partyIndex', message }] }),
    );
  }
  if (!isAwaitingConsent(booking)) {
    return err(
      appError(
        'CONFLICT',
        `这次调解预约当前状态为「${stateLabel(bookingMachine, booking.status)}」，不能再登记对方意见`,
      ),
    );
  }
  const now = ctx.clock.nowIso();
  const consents = [
    ...booking.partyConsents.filter((c) => c.partyIndex !== partyIndex),
    { partyIndex, agreed, via, at: now, recordedBy: account._id },
  ].sort((a, b) => a.partyIndex - b.partyIndex);
  const allAgreed = booking.parties.every((_, i) =>
    consents.some((c) => c.partyIndex === i && c.agreed),
  );
  const actor = { accountId: account._id, roles: account.roles, townId: account.townId };
  const channel = CHANNEL_LABELS[via];
  const step = !agreed
    ? bookingIntents.refuse(booking, actor, {
        now,
        note: `${party.name}不同意调解（${channel}答复）`,
      })
    : allAgreed
      ? bookingIntents.confirm(booking, actor, {
          now,
          note: `${party.name}同意调解（${channel}答复）`,
        })
      : ok({
          status: booking.status,
          event: {
            townId: booking.townId,
            subjectType: bookingMachine.subjectType,
            subjectId: booking._id,
            actorId: account._id,
            actorRole: actingRole(account, ['mediator', 'center_operator']),
            action: 'recordConsent',
            from: booking.status,
            to: booking.status,
            at: now,
            note: `${party.name}同意调解（${channel}答复），还在等其他当事人答复`,
            visibleToReporter: true,
          },
        });
  if (!step.ok) return step;
  const tasks = agreed ? [] : await tasksOf(ctx, { type: 'booking', id: booking._id });

  return call.transact(booking.townId, async (tx) => {
    const patch = {
      status: step.value.status,
      partyConsents: consents,
      updatedAt: now,
      ...(agreed ? {} : { reminderOutboxId: undefined }),
    };
    const updated = await bookingWriter.update(tx, booking._id, patch, {
      ifVersion: booking._version,
    });
    if (!updated.ok) return updated;
    const logged = await appendEvent(ctx, tx, step.value.event);
    if (!logged.ok) return logged;
    if (!agreed) {
      const released = await releaseAll(ctx, tx, booking, tasks, '对方不同意调解');
      if (!released.ok) return released;
    }
    const told = await tellBoth(
      ctx,
      tx,
      seen.value,
      agreed ? (allAgreed ? '调解预约已确认' : '对方已同意调解') : '对方不同意调解',
      !agreed
        ? `${party.name}不同意调解。调解是自愿的，不能强迫。您还可以找上一级调解组织、到法院起诉，或者申请法律援助。`
        : allAgreed
          ? `对方已同意调解，请于${slotLabel(booking.slotStart)}到${room.name}（${room.address}）。调解不收费。`
          : `${party.name}已同意调解，还在等其他当事人答复。`,
    );
    if (!told.ok) return told;
    const next: BookingRecord = {
      ...booking,
      ...patch,
      reminderOutboxId: agreed ? booking.reminderOutboxId : undefined,
    };
    return ok(toBookingView(next, room, viewer, { nowIso: now }));
  });
}

/** `reschedule`: a new free slot of the same room; new seat in, old seat out, reminder moved. */
export async function rescheduleUseCase(
  ctx: AppContext,
  call: ActionCall<{ bookingId: string; slotStart: string; reason?: string | undefined }>,
): Promise<Result<BookingView>> {
  const seen = await seeBooking(ctx, call, call.input.bookingId);
  if (!seen.ok) return seen;
  const { account, booking, room, viewer } = seen.value;
  const now = ctx.clock.nowIso();
  const actor = { accountId: account._id, roles: account.roles, townId: account.townId };
  const step = bookingIntents.reschedule(booking, actor, {
    now,
    ...(call.input.reason === undefined ? {} : { note: call.input.reason }),
  });
  if (!step.ok) return step;
  const slot = await checkSlot(ctx, room, call.input.slotStart, 'slotStart');
  if (!slot.ok) return slot;
  if (slot.value.start === booking.slotStart) {
    const message = '新的时间和原来的一样，请选择其他时段';
    return err(
      appError('VALIDATION_FAILED', message, { fields: [{ field: 'slotStart', message }] }),
    );
  }
  if (booking.reschedules.length >= 10) {
    return err(appError('CONFLICT', '这次调解已经改期很多次了，请联系调解员商量时间'));
  }
  // A session flagged as falling on a holiday is settled by moving it.
  const flags = (await tasksOf(ctx, { type: 'booking', id: booking._id })).filter(
    (t) => t.kind === 'reschedule_session' && isPending(t),
  );

  return call.transact(booking.townId, async (tx) => {
    const seat = await holdSeat(tx, room, slot.value.start, {
      bookingId: booking._id,
      accountId: account._id,
      requestId: null,
      now,
    });
    if (!seat.ok) return seat;
    if (seat.value.kind !== 'held') return err(appError('INTERNAL'));
    const freed = await releaseSeat(tx, booking.seatId);
    if (!freed.ok) return freed;
    const reminder = await moveReminder(ctx, tx, booking.reminderOutboxId, {
      townId: booking.townId,
      recipientId: booking.applicant.accountId,
      bookingId: booking._id,
      room,
      slotStart: slot.value.start,
      at: reminderAt(slot.value.start, ctx.clock.nowMs()),
    });
    if (!reminder.ok) return reminder;
    const patch = {
      slotStart: slot.value.start,
      slotEnd: slot.value.end,
      seatId: seat.value.seatId,
      reschedules: [
        ...booking.reschedules,
        { from: booking.slotStart, to: slot.value.start, at: now, by: account._id },
      ],
      reminderOutboxId: reminder.value,
      updatedAt: now,
    };
    const updated = await bookingWriter.update(tx, booking._id, patch, {
      ifVersion: booking._version,
    });
    if (!updated.ok) return updated;
    const logged = await appendEvent(ctx, tx, step.value.event);
    if (!logged.ok) return logged;
    const settled = await closeTasks(ctx, tx, flags, 'complete', '已改期', now);
    if (!settled.ok) return settled;
    const told = await tellBoth(
      ctx,
      tx,
      seen.value,
      '调解已改期',
      `${room.name}的调解改到${slotLabel(slot.value.start)}（原定${slotLabel(booking.slotStart)}）。`,
    );
    if (!told.ok) return told;
    return ok(toBookingView({ ...booking, ...patch }, room, viewer, { nowIso: now }));
  });
}

/** `cancel`: withdraws a booking before the session; frees the seat, the reminder and the task. */
export async function cancelUseCase(
  ctx: AppContext,
  call: ActionCall<{ bookingId: string; reason: string }>,
): Promise<Result<BookingView>> {
  const seen = await seeBooking(ctx, call, call.input.bookingId);
  if (!seen.ok) return seen;
  const { account, booking, room, viewer } = seen.value;
  const now = ctx.clock.nowIso();
  const actor = { accountId: account._id, roles: account.roles, townId: account.townId };
  const step = bookingIntents.cancel(booking, actor, { now, note: call.input.reason });
  if (!step.ok) return step;
  const tasks = await tasksOf(ctx, { type: 'booking', id: booking._id });

  return call.transact(booking.townId, async (tx) => {
    const patch = {
      status: step.value.status,
      cancellation: { reason: call.input.reason, at: now, by: account._id },
      reminderOutboxId: undefined,
      updatedAt: now,
    };
    const updated = await bookingWriter.update(tx, booking._id, patch, {
      ifVersion: booking._version,
    });
    if (!updated.ok) return updated;
    const logged = await appendEvent(ctx, tx, step.value.event);
    if (!logged.ok) return logged;
    const released = await releaseAll(ctx, tx, booking, tasks, '预约已取消');
    if (!released.ok) return released;
    const told = await tellBoth(
      ctx,
      tx,
      seen.value,
      '调解预约已取消',
      `${room.name}${slotLabel(booking.slotStart)}的调解已取消。原因：${call.input.reason}`,
    );
    if (!told.ok) return told;
    return ok(toBookingView({ ...booking, ...patch }, room, viewer, { nowIso: now }));
  });
}
