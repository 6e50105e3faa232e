/**
 * A booking's dates when the town's holiday table changes (called by the deadlines folder,
 * which scans; docs/domain.md §2):
 * - the one-month mediation target (调解期限) and the 30-day 司法确认 countdown are counted again
 *   (each moved off a day off); when one moves the booking (and the mediate task that carries
 *   the target) moves, the step is on the timeline and the mediator or the applicant is told;
 * - a booked session whose day is now a day off is never moved: the mediator gets a
 *   调解改期 task to agree a new time with the parties, and the applicant is told; once the day
 *   is worked again (the holiday was removed) the task is withdrawn and the session stands.
 */
import {
  CALENDAR_MOVED,
  movedText,
  SESSION_HOLIDAY_LIFTED,
  SESSION_ON_HOLIDAY,
} from '../../shared/calendar/calendar.events';
import { confirmationDeadline, mediationTargetDueAt } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { isEnded, isUpcoming } from '../../shared/mediation/booking.machine';
import { isJudicialConfirmationAvailable } from '../../shared/mediation/mediation.catalog';
import type { Room } from '../../shared/mediation/mediation.schema';
import type { Task } from '../../shared/task/task.schema';
import { isPending } from '../../shared/task/task.machine';
import type { ActionCall } from '../runtime/action';
import { appendEvent, firstError } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import { closeTasks, createTask, setTaskDue, tasksOf } from '../runtime/tasks';
import { markId, putMark } from '../runtime/timer-steps';
import type { Tx } from '../store/store.port';
import { bookingWriter } from './mediation.collections';
import type { BookingRecord } from './mediation.records';
import { slotLabel } from './mediation.slots';
import { signedAtOf } from './remind-confirmation';

/** What the calendar changes about one booking (only what changes is present). */
export interface BookingCalendarMove {
  readonly bookingId: string;
  readonly target?: { readonly from: string; readonly to: string };
  readonly confirmation?: { readonly from: string; readonly to: string };
  /** The session's day is now off (`flag`), or worked again after a flag (`lift`). */
  readonly session?: 'flag' | 'lift';
}

/** The pending 调解改期 tasks of a booking. */
export function sessionFlagsOf(tasks: readonly Task[]): Task[] {
  return tasks.filter((t) => t.kind === 'reschedule_session' && isPending(t));
}

/**
 * What `calendar` changes about `booking` in `room`, or null. `tasks` are the booking's tasks
 * (to see whether its session is already flagged); `nowMs` keeps past sessions alone.
 */
export function bookingDatesOn(
  booking: BookingRecord,
  room: Pick<Room, 'closedOnHolidays'>,
  tasks: readonly Task[],
  calendar: WorkingCalendar,
  nowMs: number,
): BookingCalendarMove | null {
  let target: BookingCalendarMove['target'];
  if (!isEnded(booking)) {
    const to = mediationTargetDueAt(calendar, booking.createdAt);
    if (to !== booking.mediationDueAt) target = { from: booking.mediationDueAt, to };
  }
  let confirmation: BookingCalendarMove['confirmation'];
  if (
    booking.status === 'succeeded' &&
    booking.confirmationDueBy !== undefined &&
    booking.judicialConfirmation === undefined &&
    isJudicialConfirmationAvailable(booking.disputeType) &&
    Date.parse(booking.confirmationDueBy) >= nowMs
  ) {
    const to = confirmationDeadline(signedAtOf(booking), calendar);
    if (to !== booking.confirmationDueBy) confirmation = { from: booking.confirmationDueBy, to };
  }
  let session: BookingCalendarMove['session'];
  if (isUpcoming(booking) && Date.parse(booking.slotStart) > nowMs && room.closedOnHolidays) {
    const day = booking.slotStart.slice(0, 10);
    const known = calendar.coversYear(Number(day.slice(0, 4)));
    const off = known && !calendar.isWorkday(day);
    const flagged = sessionFlagsOf(tasks).some((t) => t.dueAt === booking.slotStart);
    if (off && !flagged) session = 'flag';
    if (!off && known && flagged) session = 'lift';
  }
  if (target === undefined && confirmation === undefined && session === undefined) return null;
  return {
    bookingId: booking._id,
    ...(target === undefined ? {} : { target }),
    ...(confirmation === undefined ? {} : { confirmation }),
    ...(session === undefined ? {} : { session }),
  };
}

/**
 * Applies one booking's move in one transaction (guarded by the version read before it):
 * dates counted again, a session flagged or its flag lifted, each with its timeline step and
 * the pushes. `version` is the holiday table's, so a session is flagged once per version.
 */
export async function applyBookingMove(
  ctx: AppContext,
  call: ActionCall<unknown>,
  booking: BookingRecord,
  move: BookingCalendarMove,
  version: number,
): Promise<Result<void>> {
  const now = ctx.clock.nowIso();
  const tasks = await tasksOf(ctx, { type: 'booking', id: booking._id });
  const mediateTasks = tasks.filter(
    (t) =>
      t.kind === 'mediate' &&
      isPending(t) &&
      t.dueRule === undefined &&
      t.dueAt === move.target?.from,
  );
  const mediator = booking.mediatorId ?? tasks.find((t) => t.kind === 'mediate')?.assigneeId;
  const applicant = booking.applicant.accountId;
  const link = { type: 'booking', id: booking._id };
  const event = (tx: Tx, action: string, note: string) =>
    appendEvent(ctx, tx, {
      townId: booking.townId,
      subjectType: 'booking',
      subjectId: booking._id,
      actorId: 'system',
      actorRole: 'system',
      action,
      from: booking.status,
      to: booking.status,
      at: now,
      note,
      visibleToReporter: true,
    });

  return call.transact(booking.townId, async (tx) => {
    const steps: Result<unknown>[] = [];
    const dates: Partial<BookingRecord> = {};
    if (move.target !== undefined) dates.mediationDueAt = move.target.to;
    if (move.confirmation !== undefined) dates.confirmationDueBy = move.confirmation.to;
    const updated = await bookingWriter.update(
      tx,
      booking._id,
      { ...dates, updatedAt: now },
      { ifVersion: booking._version },
    );
    if (!updated.ok) return err(updated.error);

    if (move.target !== undefined) {
      const words = movedText('调解期限（一个月内调结）', move.target.from, move.target.to);
      steps.push(await event(tx, CALENDAR_MOVED, `因节假日安排调整，${words}`));
      for (const task of mediateTasks) steps.push(await setTaskDue(tx, task, move.target.to, now));
      if (mediator !== undefined) {
        steps.push(
          await notify(ctx, tx, {
            townId: booking.townId,
            recipientId: mediator,
            template: 'mediation.deadline_moved',
            title: '调解期限随节假日安排调整',
            body: `调解预约（${slotLabel(booking.slotStart)}）的${words}。`,
            link,
          }),
        );
      }
    }
    if (move.confirmation !== undefined) {
      const words = movedText('申请司法确认的截止日', move.confirmation.from, move.confirmation.to);
      steps.push(await event(tx, CALENDAR_MOVED, `因节假日安排调整，${words}`));
      for (const recipientId of new Set([
        applicant,
        ...(mediator === undefined ? [] : [mediator]),
      ])) {
        steps.push(
          await notify(ctx, tx, {
            townId: booking.townId,
            recipientId,
            template: 'mediation.deadline_moved',
            title: '司法确认申请期限有调整',
            body: `因节假日安排调整，调解协议${words}，请在这一天前共同向法院申请。`,
            link,
          }),
        );
      }
    }
    if (move.session === 'flag') {
      const when = slotLabel(booking.slotStart);
      const marked = await putMark(
        ctx,
        tx,
        markId('session_on_holiday', booking._id, `${Date.parse(booking.slotStart)}-v${version}`),
        {
          townId: booking.townId,
          kind: 'session_on_holiday',
          subjectType: 'booking',
          subjectId: booking._id,
        },
      );
      if (!marked.ok) return marked;
      steps.push(
        await event(
          tx,
          SESSION_ON_HOLIDAY,
          `镇里新录入的节假日安排中，${when}是休息日；时段没有改动，请调解员与当事人商量改期`,
        ),
      );
      if (mediator !== undefined) {
        steps.push(
          await createTask(ctx, tx, {
            townId: booking.townId,
            kind: 'reschedule_session',
            subject: { type: 'booking', id: booking._id },
            assigneeId: mediator,
            // Settle it before the session would have taken place.
            dueAt: booking.slotStart,
            reason: {
              ruleId: 'calendar.session_on_holiday',
              explanation: '预约的时段成了节假日，由该预约的调解员联系当事人改期',
            },
            title: '调解时段遇上节假日，请改期',
            body: `${when}的调解，按镇里新录入的节假日安排是休息日。时段没有自动改动，请联系当事人商量新的时间后改期。`,
          }),
        );
      } else {
        ctx.log.error({ bookingId: booking._id }, 'session on a holiday but no mediator to tell');
      }
      steps.push(
        await notify(ctx, tx, {
          townId: booking.townId,
          recipientId: applicant,
          template: 'mediation.session_on_holiday',
          title: '您预约的调解遇上节假日',
          body: `您预约的${when}调解，按镇里新录入的节假日安排是休息日。调解员会联系您商量改期；改期前原时段保留。`,
          link,
        }),
      );
    }
    if (move.session === 'lift') {
      const when = slotLabel(booking.slotStart);
      steps.push(
        await closeTasks(
          ctx,
          tx,
          sessionFlagsOf(tasks),
          'cancel',
          '节假日安排撤回，原时段照常',
          now,
        ),
      );
      steps.push(
        await event(tx, SESSION_HOLIDAY_LIFTED, `节假日安排撤回，${when}是工作日，原时段照常`),
      );
      steps.push(
        await notify(ctx, tx, {
          townId: booking.townId,
          recipientId: applicant,
          template: 'mediation.session_holiday_lifted',
          title: '调解按原时间进行',
          body: `镇里撤回了节假日安排，您预约的${when}调解照常进行。`,
          link,
        }),
      );
    }
    const failed = firstError(steps);
    return failed === null ? ok(undefined) : err(failed);
  });
}
