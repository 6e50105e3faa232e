/**
 * The performance return visit (履行回访) of a successful mediation, asked for by the
 * `reminders` run (reminders/): 30 days after the agreement the mediator (or, without one,
 * the centre) gets a `return_visit` task to check the terms are being kept.
 */
import { DAY_MS, instantMs } from '../../shared/calendar/china-time';
import { workingDaysAfter } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import type { RoutingDirectory } from '../../shared/routing/routing.types';
import type { ActionCall } from '../runtime/action';
import type { TimerAssignmentRule } from '../runtime/assignees';
import { findAssignee, taskReasonOf } from '../runtime/assignees';
import type { AppContext } from '../runtime/context';
import { createTask } from '../runtime/tasks';
import type { StepOutcome } from '../runtime/timer-steps';
import { getMark, markId, putMark, runStep } from '../runtime/timer-steps';
import { ROOMS } from '../store/collections';
import type { BookingRecord } from '../store/records/records';

/** Days after a successful agreement when the mediator checks performance (履行回访). */
export const PERFORMANCE_VISIT_DAYS = 30;
/** Working days the mediator has for that visit. */
const PERFORMANCE_VISIT_WORKING_DAYS = 5;

const PERFORMANCE_FALLBACK: TimerAssignmentRule = {
  id: 'mediation.performance_visit',
  name: '调解协议履行回访',
  role: 'center_operator',
  scope: 'town',
  taskKind: 'return_visit',
};

/** A return-visit task to the mediator 30 days after the agreement (履行回访). */
export async function requestPerformanceVisit(
  ctx: AppContext,
  call: ActionCall<unknown>,
  booking: BookingRecord,
  signedAt: string,
  directory: () => Promise<RoutingDirectory>,
  calendar: WorkingCalendar,
): Promise<StepOutcome | null> {
  if (ctx.clock.nowMs() < instantMs(signedAt) + PERFORMANCE_VISIT_DAYS * DAY_MS) return null;
  const id = markId('performance_visit', booking._id);
  if ((await getMark(ctx, id)) !== null) return null;
  let assigneeId = booking.mediatorId;
  let reason = { ruleId: PERFORMANCE_FALLBACK.id, explanation: '该纠纷的调解员' };
  if (assigneeId === undefined) {
    const room = await ROOMS.get(ctx.store, booking.roomId);
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
  const visitBy = workingDaysAfter(calendar, nowIso, PERFORMANCE_VISIT_WORKING_DAYS);
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
        dueAt: visitBy.dueAt,
        dueRule: visitBy.rule,
        reason,
        title: '调解协议履行回访',
        body: '调解协议签订已满30天，请回访当事人，了解协议履行情况。',
      });
    }),
  );
}
