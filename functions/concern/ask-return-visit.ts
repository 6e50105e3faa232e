/**
 * The return visit (回访) of a resolved concern, taken by the `reminders` run (reminders/):
 * once the return-visit day has come (the next working day after resolution) the reporter is
 * asked, once per resolution, for the one-tap rating (已解决 / 部分解决 / 未解决). Three more
 * working days without an answer and the concern is archived through the concern machine's
 * `archive` intent with the system actor (回访无应答), its open return-visit task cancelled.
 */
import { returnVisitDueAt } from '../../shared/calendar/deadlines';
import { endOfLocalDay, instantMs, toLocalDate } from '../../shared/calendar/china-time';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import { concernIntents } from '../../shared/concern/concern.machine';
import { err } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import { isPending } from '../../shared/task/task.machine';
import type { ActionCall } from '../runtime/action';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import { closeTasks, tasksOf } from '../runtime/tasks';
import type { StepOutcome } from '../runtime/timer-steps';
import { getMark, markId, putMark, runStep } from '../runtime/timer-steps';
import { concernWriter } from './concern.collections';
import type { ConcernDoc } from './concern.records';

/** Working days the reporter has to answer the return visit before it is archived. */
export const RETURN_VISIT_ANSWER_WORKING_DAYS = 3;

/** Asks for the rating once the return-visit day has come; archives after no answer. */
export async function returnVisit(
  ctx: AppContext,
  call: ActionCall<unknown>,
  concern: ConcernDoc,
  calendar: WorkingCalendar,
): Promise<{ key: 'asked' | 'archived'; outcome: StepOutcome } | null> {
  const resolvedAt = concern.resolution?.resolvedAt ?? concern.updatedAt;
  const visitDay = toLocalDate(returnVisitDueAt(calendar, resolvedAt).dueAt);
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
    calendar.addWorkingDays(toLocalDate(asked.at), RETURN_VISIT_ANSWER_WORKING_DAYS),
  );
  if (ctx.clock.nowMs() <= instantMs(answerBy)) return null;
  const transition = concernIntents.archive(concern, systemActor(concern.townId), {
    now: nowIso,
    note: `回访后${RETURN_VISIT_ANSWER_WORKING_DAYS}个工作日未收到评价，自动归档`,
  });
  if (!transition.ok) return null;
  // The centre's return-visit task goes with it: nobody needs to call any more.
  const visits = await tasksOf(ctx, { type: 'concern', id: concern._id });
  const open = visits.filter((t) => t.kind === 'return_visit' && isPending(t));
  const outcome = await runStep(ctx, { concernId: concern._id, step: 'archive' }, () =>
    call.transact(concern.townId, async (tx) => {
      const updated = await concernWriter.update(
        tx,
        concern._id,
        { status: transition.value.status, updatedAt: nowIso },
        { ifVersion: concern._version },
      );
      if (!updated.ok) return err(updated.error);
      const logged = await appendEvent(ctx, tx, transition.value.event);
      if (!logged.ok) return logged;
      return closeTasks(ctx, tx, open, 'cancel', '村民未答复回访，事项已自动归档', nowIso);
    }),
  );
  return { key: 'archived', outcome };
}
