/**
 * A concern's deadline when the town's holiday table changes (called by the deadlines folder,
 * which scans; docs/domain.md §2): an open concern's working-day deadline is counted again from
 * its rule (submission, reopening, extensions) on the new calendar. When it moves, the concern
 * and the tasks that carry its deadline move together, the step is recorded on its timeline
 * (the reporter sees it), and the assignee and the reporter are told the new date. An
 * emergency's fixed deadline never moves.
 */
import { CALENDAR_MOVED, movedText } from '../../shared/calendar/calendar.events';
import type { DueRule } from '../../shared/calendar/deadlines';
import { dueAtOf } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import { isOpen } from '../../shared/concern/concern.machine';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { appendEvent, firstError } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import { setTaskDue } from '../runtime/tasks';
import { concernWriter } from './concern.collections';
import type { ConcernDoc } from './concern.records';
import { dueRuleOf, pendingTasksOf } from './concern.records';
import { tellReporter } from './concern.steps';
import { excerpt } from './concern.views';

/** A concern's deadline before and after the calendar changed, with the rule it follows. */
export interface ConcernDeadlineMove {
  readonly concernId: string;
  readonly from: string;
  readonly to: string;
  readonly rule: DueRule;
}

/** Where an open concern's deadline lands on `calendar`, or null when it does not move. */
export function concernDeadlineOn(
  concern: ConcernDoc,
  calendar: WorkingCalendar,
): ConcernDeadlineMove | null {
  if (!isOpen(concern) || concern.dueAt === null) return null;
  const rule = dueRuleOf(concern);
  const to = dueAtOf(rule, calendar);
  if (to === null || to === concern.dueAt) return null;
  return { concernId: concern._id, from: concern.dueAt, to, rule };
}

/**
 * Moves one concern's deadline (one transaction, guarded by the version read before it): the
 * concern, its pending tasks that carried the old deadline, the timeline step, the pushes.
 */
export async function moveConcernDeadline(
  ctx: AppContext,
  call: ActionCall<unknown>,
  concern: ConcernDoc,
  move: ConcernDeadlineMove,
): Promise<Result<void>> {
  const now = ctx.clock.nowIso();
  // Tasks with a rule of their own (a return visit, a 督办) move on their own.
  const tasks = (await pendingTasksOf(ctx, concern._id)).filter(
    (t) => t.dueRule === undefined && t.dueAt === move.from,
  );
  const moved = movedText('办理期限', move.from, move.to);
  return call.transact(concern.townId, async (tx) => {
    const updated = await concernWriter.update(
      tx,
      concern._id,
      // A later deadline may come near again: the sweep warns once per deadline.
      { dueAt: move.to, dueRule: move.rule, nearDue: false, updatedAt: now },
      { ifVersion: concern._version },
    );
    if (!updated.ok) return err(updated.error);
    const steps: Result<unknown>[] = [
      await appendEvent(ctx, tx, {
        townId: concern.townId,
        subjectType: 'concern',
        subjectId: concern._id,
        actorId: 'system',
        actorRole: 'system',
        action: CALENDAR_MOVED,
        from: concern.status,
        to: concern.status,
        at: now,
        note: `镇里调整了节假日安排，${moved}`,
        visibleToReporter: true,
      }),
    ];
    for (const task of tasks) steps.push(await setTaskDue(tx, task, move.to, now));
    if (concern.assigneeId !== null) {
      steps.push(
        await notify(ctx, tx, {
          townId: concern.townId,
          recipientId: concern.assigneeId,
          template: 'concern.deadline_moved',
          title: '办理期限随节假日安排调整',
          body: `您办理的「${excerpt(concern.text, 20)}」${moved}。`,
          link: { type: 'concern', id: concern._id },
        }),
      );
    }
    steps.push(
      await tellReporter(
        ctx,
        tx,
        concern,
        'deadline_moved_reporter',
        '办理期限有调整',
        `镇里调整了节假日安排，您反映的事项${moved}。`,
      ),
    );
    const failed = firstError(steps);
    return failed === null ? ok(undefined) : err(failed);
  });
}
