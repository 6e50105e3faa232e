/**
 * The 司法确认 (judicial confirmation) reminders of a successful mediation, sent by the
 * `reminders` run (reminders/): the parties have 30 days to apply jointly (人民调解法 art. 33).
 * The applicant is reminded on the 7th day and on the day before the last day, once each,
 * and the mediator is told so they can call the other parties (who have no account).
 * Dispute types the court cannot confirm, and agreements already filed, are left alone.
 */
import { confirmationDeadline } from '../../shared/calendar/deadlines';
import { instantMs, localTime, toLocalDate } from '../../shared/calendar/china-time';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import { addCalendarDays } from '../../shared/calendar/working-days';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { isJudicialConfirmationAvailable } from '../../shared/mediation/mediation.catalog';
import type { ActionCall } from '../runtime/action';
import { firstError } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import type { MarkKind, StepOutcome } from '../runtime/timer-steps';
import { markId, putMark, runStep } from '../runtime/timer-steps';
import type { BookingRecord } from '../store/records/records';

/** Days before the confirmation deadline on which the parties are reminded. */
export const CONFIRMATION_REMINDER_DAYS = [7, 1] as const;

/**
 * When the agreement was signed off: its last signature, else when the outcome was stored
 * (never the booking's `updatedAt`, which later steps move).
 */
export function signedAtOf(booking: BookingRecord): string {
  const signatures =
    booking.outcome?.result === 'success' ? (booking.outcome.agreement.signatures ?? []) : [];
  let latest: string | null = null;
  for (const s of signatures) {
    if (latest === null || instantMs(s.signedAt) > instantMs(latest)) latest = s.signedAt;
  }
  return latest ?? booking.outcomeAt ?? booking.updatedAt;
}

/**
 * The reminder of the judicial-confirmation deadline due today, if any: on the 7th day before
 * the last day, then on the day before it (a run that first sees it later sends the nearer one).
 */
export async function remindConfirmation(
  ctx: AppContext,
  call: ActionCall<unknown>,
  booking: BookingRecord,
  signedAt: string,
  calendar: WorkingCalendar,
): Promise<StepOutcome | null> {
  if (booking.judicialConfirmation !== undefined) return null;
  if (!isJudicialConfirmationAvailable(booking.disputeType)) return null;
  const deadline = booking.confirmationDueBy ?? confirmationDeadline(signedAt, calendar);
  if (ctx.clock.nowMs() > instantMs(deadline)) return null;
  const lastDay = toLocalDate(deadline);
  const today = toLocalDate(ctx.clock.nowIso());
  const [week, day] = CONFIRMATION_REMINDER_DAYS;
  const which =
    today >= addCalendarDays(lastDay, -day)
      ? day
      : today >= addCalendarDays(lastDay, -week)
        ? week
        : null;
  if (which === null) return null;
  const kind: MarkKind = which === day ? 'confirmation_1d' : 'confirmation_7d';
  const when = localTime(deadline);
  return runStep(ctx, { bookingId: booking._id, step: kind }, () =>
    call.transact(booking.townId, async (tx) => {
      const marked = await putMark(ctx, tx, markId(kind, booking._id), {
        townId: booking.townId,
        kind,
        subjectType: 'booking',
        subjectId: booking._id,
      });
      if (!marked.ok) return marked;
      const steps: Result<unknown>[] = [
        await notify(ctx, tx, {
          townId: booking.townId,
          recipientId: booking.applicant.accountId,
          template: 'mediation.confirmation_reminder',
          title: which === day ? '申请司法确认马上就要截止了' : '请记得申请司法确认',
          body: `调解协议如需申请司法确认，双方当事人应在${when}前共同向人民法院提出申请；过期后法院不再受理。不申请的，请双方自觉履行协议。`,
          link: { type: 'booking', id: booking._id },
        }),
      ];
      if (booking.mediatorId !== undefined) {
        steps.push(
          await notify(ctx, tx, {
            townId: booking.townId,
            recipientId: booking.mediatorId,
            template: 'mediation.confirmation_reminder_mediator',
            title: '请提醒当事人申请司法确认',
            body: `您调解成功的纠纷，申请司法确认的期限至${when}，请提醒各方当事人。`,
            link: { type: 'booking', id: booking._id },
          }),
        );
      }
      const failed = firstError(steps);
      return failed === null ? ok(undefined) : err(failed);
    }),
  );
}
