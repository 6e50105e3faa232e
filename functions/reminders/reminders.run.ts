/**
 * The `reminders` run, per town:
 *
 * - 回访 return visit: a resolved concern whose return-visit day has come (the next working day
 *   after resolution) — the reporter is asked, once, for the one-tap rating (已解决 / 部分解决 /
 *   未解决). Three more working days without an answer and the concern is archived through the
 *   concern machine's `archive` intent with the system actor (回访无应答).
 * - 司法确认 judicial confirmation: after a successful mediation the parties have 30 days to
 *   apply jointly (人民调解法 art. 33). The applicant is reminded on the 7th day and on the day
 *   before the last day, once each, and the mediator is told so they can call the other parties (who have
 *   no account). Dispute types the court cannot confirm, and agreements already filed, are
 *   left alone.
 * - Performance return visit (履行回访): 30 days after a successful agreement the mediator gets
 *   a `return_visit` task to check the terms are being kept.
 *
 * Every step reaches a person, so the run acts from 08:00 to 20:00 China time only.
 * Session reminders are outbox entries the mediation function schedules in advance; the
 * `outbox` timer delivers them.
 */
import { confirmationDeadline, returnVisitDueAt } from '../../shared/calendar/deadlines';
import {
  addCalendarDays,
  endOfLocalDay,
  instantMs,
  toLocalDate,
} from '../../shared/calendar/working-days';
import { concernIntents } from '../../shared/concern/concern.machine';
import type { Concern } from '../../shared/concern/concern.schema';
import { concernSchema } from '../../shared/concern/concern.schema';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import { isJudicialConfirmationAvailable } from '../../shared/mediation/mediation.catalog';
import type { Booking } from '../../shared/mediation/mediation.schema';
import { bookingSchema } from '../../shared/mediation/mediation.schema';
import { isPending, taskIntents } from '../../shared/task/task.machine';
import { taskSchema } from '../../shared/task/task.schema';
import { instantSchema } from '../../shared/validation/primitives';
import type { ActionCall } from '../runtime/action';
import { appendEvent, createTask, firstError, notify } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import type { DocMeta } from '../store/store.port';
import type { TimerAssignmentRule } from '../timers/timer.assignees';
import { directoryLoader, findAssignee, taskReasonOf } from '../timers/timer.assignees';
import type { MarkKind } from '../timers/timer.marks';
import { getMark, markId, putMark } from '../timers/timer.marks';
import type { StepOutcome } from '../timers/timer.scan';
import { runStep, scanParsed } from '../timers/timer.scan';
import { chinaIso, DAY_MS, isDaytime, localTime } from '../timers/timer.time';

/** Working days the reporter has to answer the return visit before it is archived. */
export const RETURN_VISIT_ANSWER_WORKING_DAYS = 3;
/** Days before the confirmation deadline on which the parties are reminded. */
export const CONFIRMATION_REMINDER_DAYS = [7, 1] as const;
/** Days after a successful agreement when the mediator checks performance (履行回访). */
export const PERFORMANCE_VISIT_DAYS = 30;
/** Successful mediations older than this (by session) are no longer looked at. */
export const BOOKING_LOOKBACK_DAYS = 120;

const PERFORMANCE_FALLBACK: TimerAssignmentRule = {
  id: 'mediation.performance_visit',
  name: '调解协议履行回访',
  role: 'center_operator',
  scope: 'town',
  taskKind: 'return_visit',
};

export interface RemindersReport {
  readonly returnVisits: { readonly asked: number; readonly archived: number };
  readonly confirmation: { readonly reminded: number };
  readonly performanceVisits: { readonly tasks: number };
  readonly skipped: number;
  readonly failed: number;
  /** True when the run fell in the night and left everything for the morning. */
  readonly quietHours: boolean;
}

/**
 * A booking as the mediation function stores it: the shared entity plus the confirmation
 * deadline it records with a successful outcome (read when present, computed otherwise).
 */
const timerBookingSchema = bookingSchema.extend({
  confirmationDueBy: instantSchema.optional(),
});

type ConcernDoc = Concern & DocMeta;
type BookingDoc = Booking & { readonly confirmationDueBy?: string | undefined } & DocMeta;

/** One run of the town's reminders. */
export async function runReminders(
  ctx: AppContext,
  call: ActionCall<unknown>,
): Promise<Result<RemindersReport>> {
  const townId = call.caller.actor?.townId;
  if (townId === undefined) throw new Error('reminders run without a timer actor');
  const counts = { asked: 0, archived: 0, reminded: 0, tasks: 0, failed: 0 };
  // Everything here reaches a villager or a mediator: it waits for the morning.
  if (!isDaytime(ctx.clock.nowMs())) {
    return ok({
      returnVisits: { asked: 0, archived: 0 },
      confirmation: { reminded: 0 },
      performanceVisits: { tasks: 0 },
      skipped: 0,
      failed: 0,
      quietHours: true,
    });
  }
  const count = (outcome: StepOutcome, key: 'asked' | 'archived' | 'reminded' | 'tasks') => {
    if (outcome === 'done') counts[key] += 1;
    if (outcome === 'failed') counts.failed += 1;
  };

  const resolved = await scanParsed(
    ctx,
    'concerns',
    { where: { townId, status: 'resolved' }, orderBy: { path: 'dueAt', order: 'asc' } },
    concernSchema,
  );
  for (const concern of resolved.docs) {
    const step = await returnVisit(ctx, call, concern);
    if (step !== null) count(step.outcome, step.key);
  }

  const nowMs = ctx.clock.nowMs();
  const bookings = await scanParsed(
    ctx,
    'bookings',
    {
      where: {
        townId,
        status: 'succeeded',
        slotStart: { gte: chinaIso(nowMs - BOOKING_LOOKBACK_DAYS * DAY_MS) },
      },
      orderBy: { path: 'slotStart', order: 'asc' },
    },
    timerBookingSchema,
  );
  const directory = directoryLoader(ctx, townId);
  for (const booking of bookings.docs) {
    if (booking.outcome?.result !== 'success') continue;
    const signedAt = signedAtOf(booking);
    const reminder = await confirmationReminder(ctx, call, booking, signedAt);
    if (reminder !== null) count(reminder, 'reminded');
    const visit = await performanceVisit(ctx, call, booking, signedAt, directory);
    if (visit !== null) count(visit, 'tasks');
  }

  return ok({
    returnVisits: { asked: counts.asked, archived: counts.archived },
    confirmation: { reminded: counts.reminded },
    performanceVisits: { tasks: counts.tasks },
    skipped: resolved.invalid + bookings.invalid,
    failed: counts.failed,
    quietHours: false,
  });
}

/** Asks for the rating once the return-visit day has come; archives after no answer. */
async function returnVisit(
  ctx: AppContext,
  call: ActionCall<unknown>,
  concern: ConcernDoc,
): Promise<{ key: 'asked' | 'archived'; outcome: StepOutcome } | null> {
  const resolvedAt = concern.resolution?.resolvedAt ?? concern.updatedAt;
  const visitDay = toLocalDate(returnVisitDueAt(ctx.calendar, resolvedAt).dueAt);
  const nowIso = ctx.clock.nowIso();
  if (toLocalDate(nowIso) < visitDay) return null;
  // One ask per resolution: a reopened concern resolved again is asked again.
  const id = markId('return_visit_asked', concern._id, instantMs(resolvedAt));
  const asked = await getMark(ctx, id);

  if (asked === null) {
    const outcome = await runStep(ctx, { concernId: concern._id, step: 'return_visit' }, () =>
      call.transact(concern.townId, async (tx) => {
        const marked = await putMark(ctx, tx, id, {
          townId: concern.townId,
          kind: 'return_visit_asked',
          subjectType: 'concern',
          subjectId: concern._id,
        });
        if (!marked.ok) return marked;
        return notify(ctx, tx, {
          townId: concern.townId,
          recipientId: concern.reporterId,
          template: 'concern.rate',
          title: '您反映的事项已办结，请评价',
          body: '请点一下告诉我们：已解决、部分解决，还是未解决？没有解决的，我们会重新办理。',
          link: { type: 'concern', id: concern._id },
        });
      }),
    );
    return { key: 'asked', outcome };
  }

  const answerBy = endOfLocalDay(
    ctx.calendar.addWorkingDays(toLocalDate(asked.at), RETURN_VISIT_ANSWER_WORKING_DAYS),
  );
  if (ctx.clock.nowMs() <= instantMs(answerBy)) return null;
  const transition = concernIntents.archive(concern, systemActor(concern.townId), {
    now: nowIso,
    note: `回访后${RETURN_VISIT_ANSWER_WORKING_DAYS}个工作日未收到评价，自动归档`,
  });
  if (!transition.ok) return null;
  // The centre's return-visit task goes with it: nobody needs to call any more.
  const visits = await scanParsed(
    ctx,
    'tasks',
    {
      where: { 'subject.type': 'concern', 'subject.id': concern._id },
      orderBy: { path: 'createdAt', order: 'asc' },
    },
    taskSchema,
  );
  const open = visits.docs.filter((t) => t.kind === 'return_visit' && isPending(t));
  const outcome = await runStep(ctx, { concernId: concern._id, step: 'archive' }, () =>
    call.transact(concern.townId, async (tx) => {
      const updated = await tx.update(
        'concerns',
        concern._id,
        { status: transition.value.status, updatedAt: nowIso },
        { ifVersion: concern._version },
      );
      if (!updated.ok) return err(updated.error);
      const steps: Result<unknown>[] = [await appendEvent(ctx, tx, transition.value.event)];
      for (const task of open) {
        const reason = '村民未答复回访，事项已自动归档';
        const cancel = taskIntents.cancel(task, systemActor(task.townId), {
          now: nowIso,
          note: reason,
        });
        if (!cancel.ok) return cancel;
        const closed = await tx.update(
          'tasks',
          task._id,
          { status: cancel.value.status, cancelledReason: reason, updatedAt: nowIso },
          { ifVersion: task._version },
        );
        steps.push(closed, await appendEvent(ctx, tx, cancel.value.event));
      }
      const failed = firstError(steps);
      return failed === null ? ok(undefined) : err(failed);
    }),
  );
  return { key: 'archived', outcome };
}

/** When the agreement was signed off: its last signature, else when the outcome was stored. */
function signedAtOf(booking: BookingDoc): string {
  const signatures =
    booking.outcome?.result === 'success' ? (booking.outcome.agreement.signatures ?? []) : [];
  let latest: string | null = null;
  for (const s of signatures) {
    if (latest === null || instantMs(s.signedAt) > instantMs(latest)) latest = s.signedAt;
  }
  return latest ?? booking.updatedAt;
}

/**
 * The reminder of the judicial-confirmation deadline due today, if any: on the 7th day before
 * the last day, then on the day before it (a run that first sees it later sends the nearer one).
 */
async function confirmationReminder(
  ctx: AppContext,
  call: ActionCall<unknown>,
  booking: BookingDoc,
  signedAt: string,
): Promise<StepOutcome | null> {
  if (booking.judicialConfirmation !== undefined) return null;
  if (!isJudicialConfirmationAvailable(booking.disputeType)) return null;
  const deadline = booking.confirmationDueBy ?? confirmationDeadline(signedAt, ctx.calendar);
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

/** A return-visit task to the mediator 30 days after the agreement (履行回访). */
async function performanceVisit(
  ctx: AppContext,
  call: ActionCall<unknown>,
  booking: BookingDoc,
  signedAt: string,
  directory: ReturnType<typeof directoryLoader>,
): Promise<StepOutcome | null> {
  if (ctx.clock.nowMs() < instantMs(signedAt) + PERFORMANCE_VISIT_DAYS * DAY_MS) return null;
  const id = markId('performance_visit', booking._id);
  if ((await getMark(ctx, id)) !== null) return null;
  let assigneeId = booking.mediatorId;
  let reason = { ruleId: PERFORMANCE_FALLBACK.id, explanation: '该纠纷的调解员' };
  if (assigneeId === undefined) {
    const room = await ctx.store.get<{ gridNodeId?: string }>('rooms', booking.roomId);
    const centre =
      room?.gridNodeId === undefined
        ? null
        : await findAssignee(ctx, directory, {
            townId: booking.townId,
            subject: 'booking',
            gridNodeId: room.gridNodeId,
            rule: PERFORMANCE_FALLBACK,
          });
    if (centre === null) {
      ctx.log.error({ bookingId: booking._id }, 'nobody to make the performance return visit');
      return 'failed';
    }
    assigneeId = centre.assigneeId;
    reason = taskReasonOf(centre, PERFORMANCE_FALLBACK.id);
  }
  const nowIso = ctx.clock.nowIso();
  const dueAt = endOfLocalDay(ctx.calendar.addWorkingDays(toLocalDate(nowIso), 5));
  const recipient = assigneeId;
  return runStep(ctx, { bookingId: booking._id, step: 'performance_visit' }, () =>
    call.transact(booking.townId, async (tx) => {
      const marked = await putMark(ctx, tx, id, {
        townId: booking.townId,
        kind: 'performance_visit',
        subjectType: 'booking',
        subjectId: booking._id,
      });
      if (!marked.ok) return marked;
      return createTask(ctx, tx, {
        townId: booking.townId,
        kind: 'return_visit',
        subject: { type: 'booking', id: booking._id },
        assigneeId: recipient,
        dueAt,
        reason,
        title: '调解协议履行回访',
        body: '调解协议签订已满30天，请回访当事人，了解协议履行情况。',
      });
    }),
  );
}
