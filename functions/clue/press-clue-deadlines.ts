/**
 * A clue's two reply deadlines (件件有回复), pressed by the `deadlines` sweep (deadlines/): the
 * procedural reply within 7 working days and the result or progress within 3 months. Near
 * one, the liaison is told; past it, a prosecutor gets a 督办 task; once each (timer marks).
 */
import type { Clue } from '../../shared/clue/clue.schema';
import { deadlineState, workingDaysAfter } from '../../shared/calendar/deadlines';
import { localTime } from '../../shared/calendar/china-time';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import type { RoutingDirectory } from '../../shared/routing/routing.types';
import type { ActionCall } from '../runtime/action';
import type { TimerAssignmentRule } from '../runtime/assignees';
import { findAssignee, taskReasonOf } from '../runtime/assignees';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import { createTask } from '../runtime/tasks';
import type { MarkKind, StepOutcome } from '../runtime/timer-steps';
import { getMark, markId, putMark, runStep } from '../runtime/timer-steps';

const CLUE_LIAISON: TimerAssignmentRule = {
  id: 'clue.deadline.liaison',
  name: '线索答复期限：检察联络员',
  role: 'prosecutor_liaison',
  scope: 'town',
  taskKind: 'review_clue',
};
const CLUE_PROSECUTOR: TimerAssignmentRule = {
  id: 'clue.deadline.prosecutor',
  name: '线索答复超期：检察官督办',
  role: 'prosecutor',
  scope: 'town',
  taskKind: 'supervise',
};

export interface ClueStepOutcome {
  readonly step: 'notified' | 'supervised';
  readonly result: StepOutcome;
}

/** One of a clue's two reply deadlines (件件有回复): tell the liaison near it, press when past it. */
export async function pressClueDeadline(
  ctx: AppContext,
  call: ActionCall<unknown>,
  clue: Clue,
  which: 'reply' | 'result',
  directory: () => Promise<RoutingDirectory>,
  calendar: WorkingCalendar,
): Promise<ClueStepOutcome | null> {
  const due = which === 'reply' ? clue.deadlines.proceduralReplyDueAt : clue.deadlines.resultDueAt;
  const answered =
    which === 'reply' ? clue.deadlines.proceduralRepliedAt : clue.deadlines.resultRepliedAt;
  if (answered !== undefined) return null;
  const state = deadlineState(ctx.clock.nowIso(), due, calendar);
  if (state === 'on_time') return null;
  const kind: MarkKind =
    state === 'near_due'
      ? which === 'reply'
        ? 'clue_reply_near'
        : 'clue_result_near'
      : which === 'reply'
        ? 'clue_reply_overdue'
        : 'clue_result_overdue';
  // Already done on an earlier sweep: nothing to look up.
  if ((await getMark(ctx, markId(kind, clue._id))) !== null) return null;
  const what = which === 'reply' ? '程序性答复（7个工作日内）' : '办理结果或进展答复（3个月内）';
  const link = { type: 'clue', id: clue._id };

  if (state === 'near_due') {
    const recipient =
      clue.liaisonId ??
      (
        await findAssignee(ctx, directory, {
          townId: clue.townId,
          subject: 'clue',
          gridNodeId: clue.place.gridNodeId,
          rule: CLUE_LIAISON,
        })
      )?.assigneeId;
    if (recipient === undefined) return { step: 'notified', result: 'failed' };
    const result = await runStep(ctx, { clueId: clue._id, step: kind }, () =>
      call.transact(clue.townId, async (tx) => {
        const marked = await putMark(ctx, tx, markId(kind, clue._id), {
          townId: clue.townId,
          kind,
          subjectType: 'clue',
          subjectId: clue._id,
        });
        if (!marked.ok) return marked;
        return notify(ctx, tx, {
          townId: clue.townId,
          recipientId: recipient,
          template: `clue.${which}_near_due`,
          title: '线索答复期限快到了',
          body: `线索 ${clue.trackingCode} 的${what}将于${localTime(due)}到期，请及时答复举报人。`,
          link,
        });
      }),
    );
    return { step: 'notified', result };
  }

  const prosecutor = await findAssignee(ctx, directory, {
    townId: clue.townId,
    subject: 'clue',
    gridNodeId: clue.place.gridNodeId,
    rule: CLUE_PROSECUTOR,
  });
  const assigneeId = clue.prosecutorId ?? prosecutor?.assigneeId;
  if (assigneeId === undefined) return { step: 'supervised', result: 'failed' };
  const nowIso = ctx.clock.nowIso();
  const pressBy = workingDaysAfter(calendar, nowIso, 1);
  const result = await runStep(ctx, { clueId: clue._id, step: kind }, () =>
    call.transact(clue.townId, async (tx) => {
      const marked = await putMark(ctx, tx, markId(kind, clue._id), {
        townId: clue.townId,
        kind,
        subjectType: 'clue',
        subjectId: clue._id,
      });
      if (!marked.ok) return marked;
      const task = await createTask(ctx, tx, {
        townId: clue.townId,
        kind: 'supervise',
        subject: { type: 'clue', id: clue._id },
        assigneeId,
        dueAt: pressBy.dueAt,
        dueRule: pressBy.rule,
        reason:
          clue.prosecutorId !== undefined || prosecutor === null
            ? { ruleId: CLUE_PROSECUTOR.id, explanation: '该线索的承办检察官' }
            : taskReasonOf(prosecutor, CLUE_PROSECUTOR.id),
        title: '线索答复已超期',
        body: `线索 ${clue.trackingCode} 的${what}已超过期限（${localTime(due)}），请尽快答复举报人。`,
      });
      if (!task.ok) return task;
      return appendEvent(ctx, tx, {
        townId: clue.townId,
        subjectType: 'clue',
        subjectId: clue._id,
        actorId: 'system',
        actorRole: 'system',
        action: which === 'reply' ? 'reply_overdue' : 'result_overdue',
        from: clue.status,
        to: clue.status,
        at: nowIso,
        note: `${what}已超期，已督办`,
        visibleToReporter: false,
      });
    }),
  );
  return { step: 'supervised', result };
}
