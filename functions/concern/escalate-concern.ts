/**
 * The deadline steps of a concern (限时办结 and 督办 supervision), taken by the `deadlines`
 * sweep (deadlines/):
 * - near its deadline it is flagged (`nearDue: true`) and its assignee told, once per
 *   deadline (an extension makes a new deadline, which may warn again);
 * - overdue it escalates ONE level per sweep through the concern machine's `escalate` intent
 *   with the system actor: level 0 → 1 as soon as the deadline passes (a 督办 task to the
 *   community's grid worker), 1 → 2 once it is still overdue at the end of the next working
 *   day (a 督办 task to the centre). The level on the concern, guarded by `ifVersion`, makes
 *   every level happen once however many sweeps run.
 */
import { endOfLocalDay, instantMs, localTime, toLocalDate } from '../../shared/calendar/china-time';
import { workingDaysAfter } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import { concernIntents } from '../../shared/concern/concern.machine';
import type { Concern } from '../../shared/concern/concern.schema';
import { ESCALATION_LEVEL_LABELS } from '../../shared/concern/concern.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import type { ActionCall } from '../runtime/action';
import type { TimerAssignmentRule, directoryLoader } from '../runtime/assignees';
import { findAssignee, taskReasonOf } from '../runtime/assignees';
import { appendEvent, firstError } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import { createTask } from '../runtime/tasks';
import { getMark, markId, putMark } from '../runtime/timer-steps';
import { concernWriter } from './concern.collections';
import type { ConcernDoc } from './concern.records';
import { excerpt } from './concern.views';
import { tellReporter } from './concern.steps';

const TO_COMMUNITY: TimerAssignmentRule = {
  id: 'escalation.community',
  name: '超期提级：新村督办',
  role: 'grid_worker',
  scope: 'community',
  taskKind: 'supervise',
};
const TO_CENTRE: TimerAssignmentRule = {
  id: 'escalation.centre',
  name: '超期提级：指挥中心督办',
  role: 'center_operator',
  scope: 'town',
  taskKind: 'supervise',
};

/** The town's routing directory, loaded once per sweep on first use. */
export type Directory = ReturnType<typeof directoryLoader>;

/**
 * The level an overdue concern escalates to now, or null: 1 once overdue, 2 once still overdue
 * at the end of the next working day after the due date, nothing beyond the centre.
 */
export function nextEscalationLevel(
  concern: Pick<Concern, 'dueAt' | 'escalationLevel'>,
  nowMs: number,
  calendar: WorkingCalendar,
): 1 | 2 | null {
  if (concern.dueAt === null || nowMs <= instantMs(concern.dueAt)) return null;
  if (concern.escalationLevel === 0) return 1;
  if (concern.escalationLevel === 1) {
    const grace = endOfLocalDay(calendar.nextWorkday(toLocalDate(concern.dueAt)));
    return nowMs > instantMs(grace) ? 2 : null;
  }
  return null;
}

/** Flags a concern near its deadline and tells its assignee, once per deadline. */
export async function flagNearDue(
  ctx: AppContext,
  call: ActionCall<unknown>,
  concern: ConcernDoc,
): Promise<Result<void>> {
  const due = concern.dueAt as string;
  const id = markId('concern_near_due', concern._id, instantMs(due));
  if ((await getMark(ctx, id)) !== null) return err(appError('CONFLICT'));
  return call.transact(concern.townId, async (tx) => {
    const marked = await putMark(ctx, tx, id, {
      townId: concern.townId,
      kind: 'concern_near_due',
      subjectType: 'concern',
      subjectId: concern._id,
    });
    if (!marked.ok) return marked;
    const flagged = await concernWriter.update(
      tx,
      concern._id,
      { nearDue: true },
      { ifVersion: concern._version },
    );
    if (!flagged.ok) return err(flagged.error);
    if (concern.assigneeId === null) return ok(undefined);
    const pushed = await notify(ctx, tx, {
      townId: concern.townId,
      recipientId: concern.assigneeId,
      template: 'concern.near_due',
      title: '办理期限快到了',
      body: `您办理的「${excerpt(concern.text, 20)}」将于${localTime(due)}到期，请抓紧办结；确实办不完的，请在到期前申请延期。`,
      link: { type: 'concern', id: concern._id },
    });
    return pushed.ok ? ok(undefined) : err(pushed.error);
  });
}

/** Escalates an overdue concern to `level` (1: the community, 2: the centre). */
export async function escalateOverdue(
  ctx: AppContext,
  call: ActionCall<unknown>,
  concern: ConcernDoc,
  level: 1 | 2,
  directory: Directory,
  calendar: WorkingCalendar,
): Promise<Result<void>> {
  const nowIso = ctx.clock.nowIso();
  const supervisor = await findAssignee(ctx, directory, {
    townId: concern.townId,
    subject: 'concern',
    gridNodeId: concern.place.gridNodeId,
    rule: level === 1 ? TO_COMMUNITY : TO_CENTRE,
    exclude: [concern.assigneeId],
  });
  const levelLabel = ESCALATION_LEVEL_LABELS[level] ?? '督办';
  const transition = concernIntents.escalate(concern, systemActor(concern.townId), {
    now: nowIso,
    note: `超过办理期限（${localTime(concern.dueAt as string)}）仍未办结，已提级${levelLabel}`,
  });
  if (!transition.ok) return transition;
  const superviseBy = workingDaysAfter(calendar, nowIso, 1);
  return call.transact(concern.townId, async (tx) => {
    const updated = await concernWriter.update(
      tx,
      concern._id,
      { escalationLevel: level, updatedAt: nowIso },
      { ifVersion: concern._version },
    );
    if (!updated.ok) return err(updated.error);
    const steps: Result<unknown>[] = [await appendEvent(ctx, tx, transition.value.event)];
    if (supervisor !== null) {
      steps.push(
        await createTask(ctx, tx, {
          townId: concern.townId,
          kind: 'supervise',
          subject: { type: 'concern', id: concern._id },
          assigneeId: supervisor.assigneeId,
          dueAt: superviseBy.dueAt,
          dueRule: superviseBy.rule,
          reason: taskReasonOf(supervisor, level === 1 ? TO_COMMUNITY.id : TO_CENTRE.id),
          title: level === 1 ? '超期事项，请新村督办' : '超期事项，请指挥中心督办',
          body: `「${excerpt(concern.text, 20)}」已超过办理期限仍未办结，请督促办理人员尽快办结。`,
        }),
      );
    }
    if (concern.assigneeId !== null && concern.assigneeId !== supervisor?.assigneeId) {
      steps.push(
        await notify(ctx, tx, {
          townId: concern.townId,
          recipientId: concern.assigneeId,
          template: 'concern.escalated',
          title: '事项已超期，已提级督办',
          body: `您办理的「${excerpt(concern.text, 20)}」已超过办理期限，已提级${levelLabel}，请尽快办结。`,
          link: { type: 'concern', id: concern._id },
        }),
      );
    }
    steps.push(
      await tellReporter(
        ctx,
        tx,
        concern,
        'escalated_reporter',
        '您反映的事项已提级督办',
        level === 1
          ? '您反映的事项超过了办理期限，新村已开始督办，会催促尽快给您答复。'
          : '您反映的事项超过了办理期限，镇指挥中心已开始督办，会催促尽快给您答复。',
      ),
    );
    const failed = firstError(steps);
    return failed === null ? ok(undefined) : err(failed);
  });
}
