/**
 * When the session does not take place (当事人未到场): the mediator, once the slot has
 * started, records who did not come through the booking machine's `markNoShow`; the
 * applicant is told and offered a new slot, which they book from the no-show booking
 * (`rebook`) without entering the case again — parties, summary, dispute type and the
 * concern (说事) it came from are copied. Also the rule that an outcome waits for the
 * session: only a withdrawal (终止调解) may be recorded before the slot starts.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { bookingIntents } from '../../shared/mediation/booking.machine';
import type {
  MarkNoShowInput,
  RebookInput,
} from '../../shared/mediation/mediation.followup.schema';
import { NO_SHOW_WHO_LABELS } from '../../shared/mediation/mediation.followup.schema';
import type { ActionCall } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import { closeTasks, tasksOf } from '../runtime/tasks';
import { bookUseCase } from './book-mediation';
import { seeBooking } from './change-booking';
import { bookingWriter } from './mediation.collections';
import type { BookingRecord } from './mediation.records';
import { notYours } from './mediation.records';
import { slotLabel } from './mediation.slots';
import type { BookingView } from './mediation.views';
import { toBookingView } from './mediation.views';

/** Whether the booked session has begun (its slot start has passed). */
export function sessionStarted(booking: Pick<BookingRecord, 'slotStart'>, nowMs: number): boolean {
  return nowMs >= Date.parse(booking.slotStart);
}

/** The refusal of a step that needs the session to have begun. */
export function notStartedYet(
  booking: Pick<BookingRecord, 'slotStart'>,
  what: string,
  field: string,
): Result<never> {
  const message = `调解定在${slotLabel(booking.slotStart)}，到时间以后才能${what}`;
  return err(
    appError('CONFLICT', message, {
      reason: 'session_not_started',
      slotStart: booking.slotStart,
      fields: [{ field, message }],
    }),
  );
}

/** `markNoShow`: the room's mediator, after the slot has started, records who did not come. */
export async function markNoShowUseCase(
  ctx: AppContext,
  call: ActionCall<MarkNoShowInput>,
): Promise<Result<BookingView>> {
  const seen = await seeBooking(ctx, call, call.input.bookingId);
  if (!seen.ok) return seen;
  const { account, booking, room, viewer } = seen.value;
  if (viewer !== 'mediator') return notYours();
  const { who, note } = call.input;
  const now = ctx.clock.nowIso();
  const actor = { accountId: account._id, roles: account.roles, townId: account.townId };
  const words = `${NO_SHOW_WHO_LABELS[who]}没有到场${note === undefined ? '' : `：${note}`}`;
  const step = bookingIntents.markNoShow(booking, actor, { now, note: words });
  if (!step.ok) return step;
  if (!sessionStarted(booking, ctx.clock.nowMs())) {
    return notStartedYet(booking, '登记未到场', 'who');
  }
  const tasks = await tasksOf(ctx, { type: 'booking', id: booking._id });

  return call.transact(booking.townId, async (tx) => {
    const patch: Partial<BookingRecord> = {
      status: step.value.status,
      noShow: { who, at: now, by: account._id, ...(note === undefined ? {} : { note }) },
      updatedAt: now,
    };
    const updated = await bookingWriter.update(tx, booking._id, patch, {
      ifVersion: booking._version,
    });
    if (!updated.ok) return updated;
    const logged = await appendEvent(ctx, tx, step.value.event);
    if (!logged.ok) return logged;
    const closed = await closeTasks(ctx, tx, tasks, 'complete', words, now);
    if (!closed.ok) return closed;
    const told = await notify(ctx, tx, {
      townId: booking.townId,
      recipientId: booking.applicant.accountId,
      template: 'mediation.no_show',
      title: '调解没有进行：当事人未到场',
      body: `${room.name}${slotLabel(booking.slotStart)}的调解没有进行（${NO_SHOW_WHO_LABELS[who]}没有到场）。您可以在小程序里打开这次预约，直接选一个新的时间重新预约，不用重新填写。`,
      link: { type: 'booking', id: booking._id },
    });
    if (!told.ok) return err(told.error);
    return ok(toBookingView({ ...booking, ...patch }, room, viewer, { nowIso: now }));
  });
}

/**
 * `rebook`: the applicant (or whoever filed it for them) books a new slot of the same room
 * from a no-show booking. The case is copied; the new booking belongs to the same account.
 * Once only: the no-show booking is marked with the new one in the same transaction.
 */
export async function rebookUseCase(
  ctx: AppContext,
  call: ActionCall<RebookInput>,
): Promise<Result<BookingView>> {
  const seen = await seeBooking(ctx, call, call.input.bookingId);
  if (!seen.ok) return seen;
  const { booking, viewer } = seen.value;
  if (viewer !== 'applicant') return notYours();
  if (booking.status !== 'no_show') {
    return err(
      appError('CONFLICT', '只有当事人未到场的调解，才能从这里重新预约', { reason: 'not_no_show' }),
    );
  }
  if (booking.rebookedAs !== undefined) {
    return err(
      appError('CONFLICT', '这次调解已经重新预约过了，请查看新的预约', {
        reason: 'already_rebooked',
        bookingId: booking.rebookedAs,
      }),
    );
  }
  const input = {
    roomId: booking.roomId,
    slotStart: call.input.slotStart,
    applicant: { name: booking.applicant.name, phone: booking.applicant.phone },
    parties: booking.parties,
    disputeType: booking.disputeType,
    summary: booking.summary,
    consent: true as const,
    ...(booking.concernId === undefined ? {} : { concernId: booking.concernId }),
  };
  return bookUseCase(
    ctx,
    { ...call, input, transact: call.transact.bind(call) },
    { applicantId: booking.applicant.accountId, from: booking },
  );
}
