/**
 * The `deadlines` sweep (限时办结 and 督办 supervision), run per town by the timer:
 *
 * - Open concerns near their deadline are flagged (`nearDue: true`) and their assignee told,
 *   once per deadline (an extension makes a new deadline, which may warn again).
 * - Overdue concerns escalate ONE level per sweep through the concern machine's `escalate`
 *   intent with the system actor: level 0 → 1 as soon as the deadline passes (a 督办 task to
 *   the community's grid worker), 1 → 2 once it is still overdue at the end of the next
 *   working day (a 督办 task to the centre). The level on the concern, guarded by `ifVersion`,
 *   makes every level happen once however many sweeps run.
 * - Public-interest clues (公益诉讼线索), 件件有回复: the 7-working-day procedural reply and the
 *   3-month result — the liaison is told when one is near, and a prosecutor gets a 督办 task
 *   when one is overdue, once each (timer marks).
 * - Overdue tasks are not touched: views compare `dueAt` with the clock.
 * - When the calendar has no holiday data for a year within the coming 60 days, the sweep
 *   warns loudly (log) and says so in its reply; the stats overview shows it too.
 * - Everything here pushes to people, so the sweep acts from 08:00 to 20:00 China time only;
 *   what falls due in the night is taken up by the first sweep of the morning.
 *
 * A concern transferred to mediation, a clue or the petition office follows that pipeline's
 * own deadlines, so it is not escalated here; one transferred to a department is.
 */
import type { Clue } from '../../shared/clue/clue.schema';
import { clueSchema } from '../../shared/clue/clue.schema';
import { CLUE_GROUPS } from '../../shared/clue/clue.machine';
import { deadlineState } from '../../shared/calendar/deadlines';
import { endOfLocalDay, instantMs, toLocalDate } from '../../shared/calendar/working-days';
import { CONCERN_GROUPS, concernIntents, isOpen } from '../../shared/concern/concern.machine';
import type { Concern } from '../../shared/concern/concern.schema';
import { concernSchema, ESCALATION_LEVEL_LABELS } from '../../shared/concern/concern.schema';
import { appError } from '../../shared/kernel/errors';
import { err, ok } from '../../shared/kernel/result';
import type { Result } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import type { ActionCall } from '../runtime/action';
import { appendEvent, createTask, firstError, notify } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import type { DocMeta } from '../store/store.port';
import type { TimerAssignmentRule } from '../timers/timer.assignees';
import { directoryLoader, findAssignee, taskReasonOf } from '../timers/timer.assignees';
import type { MarkKind } from '../timers/timer.marks';
import { getMark, markId, putMark } from '../timers/timer.marks';
import type { StepOutcome } from '../timers/timer.scan';
import type { CalendarWarning } from '../timers/calendar.warning';
import { calendarWarning } from '../timers/calendar.warning';
import { runStep, scanParsed } from '../timers/timer.scan';
import { isDaytime, localTime } from '../timers/timer.time';

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

/** Transfers whose pipeline keeps its own deadlines. */
const TRANSFERS_WITH_OWN_DEADLINES = new Set(['mediation', 'clue', 'petition']);

export interface SweepReport {
  readonly concerns: {
    readonly checked: number;
    readonly flaggedNearDue: number;
    readonly escalatedToCommunity: number;
    readonly escalatedToCentre: number;
  };
  readonly clues: {
    readonly checked: number;
    readonly linkedNotified: number;
    readonly supervised: number;
  };
  /** Records skipped because they do not parse, or steps that failed (both logged). */
  readonly skipped: number;
  readonly failed: number;
  /** True when the sweep ran at night and left everything for the morning. */
  readonly quietHours: boolean;
  readonly calendar: CalendarWarning;
}

/** The reply of a sweep that did nothing (at night). */
function quietSweep(calendar: CalendarWarning): SweepReport {
  return {
    concerns: { checked: 0, flaggedNearDue: 0, escalatedToCommunity: 0, escalatedToCentre: 0 },
    clues: { checked: 0, linkedNotified: 0, supervised: 0 },
    skipped: 0,
    failed: 0,
    quietHours: true,
    calendar,
  };
}

type ConcernDoc = Concern & DocMeta;
type ClueDoc = Clue & DocMeta;

/** One sweep of the town's deadlines. */
export async function sweepDeadlines(
  ctx: AppContext,
  call: ActionCall<unknown>,
): Promise<Result<SweepReport>> {
  const townId = call.caller.actor?.townId;
  if (townId === undefined) throw new Error('deadlines sweep without a timer actor');
  const calendar = calendarWarning(ctx);
  if (calendar.uncoveredYears.length > 0) {
    ctx.log.warn(
      { townId, uncoveredYears: calendar.uncoveredYears },
      'HOLIDAY DATA MISSING: deadlines in these years count weekends only; import the holiday schedule',
    );
  }
  // Escalations and warnings push to people: they wait for the morning.
  if (!isDaytime(ctx.clock.nowMs())) return ok(quietSweep(calendar));
  const directory = directoryLoader(ctx, townId);
  const nowIso = ctx.clock.nowIso();
  const horizon = endOfLocalDay(ctx.calendar.nextWorkday(toLocalDate(nowIso)));

  const concerns = await scanParsed(
    ctx,
    'concerns',
    {
      where: { townId, status: { in: [...CONCERN_GROUPS.open] }, dueAt: { lte: horizon } },
      orderBy: { path: 'dueAt', order: 'asc' },
    },
    concernSchema,
  );
  const tally = { flagged: 0, toCommunity: 0, toCentre: 0, failed: 0 };
  for (const concern of concerns.docs) {
    if (!isOpen(concern) || concern.dueAt === null) continue;
    if (concern.status === 'transferred' && concern.transfer !== undefined) {
      if (TRANSFERS_WITH_OWN_DEADLINES.has(concern.transfer.target.to)) continue;
    }
    const state = deadlineState(nowIso, concern.dueAt, ctx.calendar);
    let outcome: StepOutcome | null = null;
    if (state === 'near_due') {
      outcome = await runStep(ctx, { concernId: concern._id, step: 'near_due' }, () =>
        flagNearDue(ctx, call, concern),
      );
      if (outcome === 'done') tally.flagged += 1;
    } else if (state === 'overdue') {
      const level = nextEscalationLevel(concern, ctx.clock.nowMs(), ctx);
      if (level !== null) {
        outcome = await runStep(ctx, { concernId: concern._id, step: 'escalate', level }, () =>
          escalate(ctx, call, concern, level, directory),
        );
        if (outcome === 'done') tally[level === 1 ? 'toCommunity' : 'toCentre'] += 1;
      }
    }
    if (outcome === 'failed') tally.failed += 1;
  }

  const clues = await scanParsed(
    ctx,
    'clues',
    {
      where: { townId, status: { in: [...CLUE_GROUPS.pendingReview] } },
      orderBy: { path: 'createdAt', order: 'asc' },
    },
    clueSchema,
  );
  const clueTally = { notified: 0, supervised: 0, failed: 0 };
  for (const clue of clues.docs) {
    for (const which of ['reply', 'result'] as const) {
      const outcome = await clueDeadline(ctx, call, clue, which, directory);
      if (outcome === null) continue;
      if (outcome.result === 'done') clueTally[outcome.step] += 1;
      if (outcome.result === 'failed') clueTally.failed += 1;
    }
  }

  return ok({
    concerns: {
      checked: concerns.docs.length,
      flaggedNearDue: tally.flagged,
      escalatedToCommunity: tally.toCommunity,
      escalatedToCentre: tally.toCentre,
    },
    clues: {
      checked: clues.docs.length,
      linkedNotified: clueTally.notified,
      supervised: clueTally.supervised,
    },
    skipped: concerns.invalid + clues.invalid,
    failed: tally.failed + clueTally.failed,
    quietHours: false,
    calendar,
  });
}

/**
 * The level an overdue concern escalates to now, or null: 1 once overdue, 2 once still overdue
 * at the end of the next working day after the due date, nothing beyond the centre.
 */
export function nextEscalationLevel(
  concern: Pick<Concern, 'dueAt' | 'escalationLevel'>,
  nowMs: number,
  ctx: Pick<AppContext, 'calendar'>,
): 1 | 2 | null {
  if (concern.dueAt === null || nowMs <= instantMs(concern.dueAt)) return null;
  if (concern.escalationLevel === 0) return 1;
  if (concern.escalationLevel === 1) {
    const grace = endOfLocalDay(ctx.calendar.nextWorkday(toLocalDate(concern.dueAt)));
    return nowMs > instantMs(grace) ? 2 : null;
  }
  return null;
}

async function flagNearDue(
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
    const flagged = await tx.update(
      'concerns',
      concern._id,
      { nearDue: true },
      {
        ifVersion: concern._version,
      },
    );
    if (!flagged.ok) return err(flagged.error);
    if (concern.assigneeId === null) return ok(undefined);
    const pushed = await notify(ctx, tx, {
      townId: concern.townId,
      recipientId: concern.assigneeId,
      template: 'concern.near_due',
      title: '办理期限快到了',
      body: `您办理的「${excerpt(concern.text)}」将于${localTime(due)}到期，请抓紧办结；确实办不完的，请在到期前申请延期。`,
      link: { type: 'concern', id: concern._id },
    });
    return pushed.ok ? ok(undefined) : err(pushed.error);
  });
}

async function escalate(
  ctx: AppContext,
  call: ActionCall<unknown>,
  concern: ConcernDoc,
  level: 1 | 2,
  directory: ReturnType<typeof directoryLoader>,
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
  const nextWorkdayEnd = endOfLocalDay(ctx.calendar.nextWorkday(toLocalDate(nowIso)));
  return call.transact(concern.townId, async (tx) => {
    const updated = await tx.update(
      'concerns',
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
          dueAt: nextWorkdayEnd,
          reason: taskReasonOf(supervisor, level === 1 ? TO_COMMUNITY.id : TO_CENTRE.id),
          title: level === 1 ? '超期事项，请新村督办' : '超期事项，请指挥中心督办',
          body: `「${excerpt(concern.text)}」已超过办理期限仍未办结，请督促办理人员尽快办结。`,
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
          body: `您办理的「${excerpt(concern.text)}」已超过办理期限，已提级${levelLabel}，请尽快办结。`,
          link: { type: 'concern', id: concern._id },
        }),
      );
    }
    steps.push(
      await notify(ctx, tx, {
        townId: concern.townId,
        recipientId: concern.reporterId,
        template: 'concern.escalated_reporter',
        title: '您反映的事项已提级督办',
        body:
          level === 1
            ? '您反映的事项超过了办理期限，新村已开始督办，会催促尽快给您答复。'
            : '您反映的事项超过了办理期限，镇指挥中心已开始督办，会催促尽快给您答复。',
        link: { type: 'concern', id: concern._id },
      }),
    );
    const failed = firstError(steps);
    return failed === null ? ok(undefined) : err(failed);
  });
}

interface ClueStepOutcome {
  readonly step: 'notified' | 'supervised';
  readonly result: StepOutcome;
}

/** One of a clue's two reply deadlines (件件有回复): tell the liaison near it, press when past it. */
async function clueDeadline(
  ctx: AppContext,
  call: ActionCall<unknown>,
  clue: ClueDoc,
  which: 'reply' | 'result',
  directory: ReturnType<typeof directoryLoader>,
): Promise<ClueStepOutcome | null> {
  const due = which === 'reply' ? clue.deadlines.proceduralReplyDueAt : clue.deadlines.resultDueAt;
  const answered =
    which === 'reply' ? clue.deadlines.proceduralRepliedAt : clue.deadlines.resultRepliedAt;
  if (answered !== undefined) return null;
  const state = deadlineState(ctx.clock.nowIso(), due, ctx.calendar);
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
        dueAt: endOfLocalDay(ctx.calendar.nextWorkday(toLocalDate(nowIso))),
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

/** The first words of a villager's text, for a push (pushes are short). */
function excerpt(text: string): string {
  return text.length > 20 ? `${text.slice(0, 20)}…` : text;
}
