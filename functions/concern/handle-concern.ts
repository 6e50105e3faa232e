/**
 * What the handler of a concern does with it: accept (受理), start (开始办理), resolve (办结),
 * ask for more time (申请延期), reject (不予受理) — only the current assignee or the centre
 * (指挥中心). Every step goes through the concern machine, appends its audit event and tells
 * the reporter in plain words what happened.
 */
import type { z } from 'zod';
import { extendDueAt, returnVisitDueAt } from '../../shared/calendar/deadlines';
import { concernIntents } from '../../shared/concern/concern.machine';
import type {
  Concern,
  ConcernRefInput,
  rejectConcernInputSchema,
  requestExtensionInputSchema,
  resolveConcernInputSchema,
} from '../../shared/concern/concern.schema';
import { REJECT_REASON_LABELS } from '../../shared/concern/concern.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err } from '../../shared/kernel/result';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { closeTasks, createTask, setTaskDue, stepTask } from '../runtime/tasks';
import type { AppContext } from '../runtime/context';
import { attachPhotos, checkOwnPhotos } from '../runtime/photos';
import type { HandedOverReply } from './concern.views';
import { commitChange, staffReply, tellReporter } from './concern.steps';
import { placeNameOf } from './concern.present';
import { dueRuleOf, loadConcern, loadForHandling, pendingTasksOf } from './concern.records';
import { routeConcernWith } from './concern.records';
import { taskReasonOf } from '../runtime/assignees';
import type { StaffConcernView } from './concern.views';
import { assigneeWords, dueDateText, excerpt, personView } from './concern.views';

type Reply = Result<StaffConcernView | HandedOverReply>;

/**
 * How long an assignee may extend a deadline on their own (延期): up to this many working
 * days, once. Longer or repeated extensions are the centre's to grant.
 */
export const SELF_EXTENSION_MAX_WORKING_DAYS = 5;

/** The stored concern keeps at most this many extensions (concernSchema). */
const MAX_EXTENSIONS = 10;

/** `accept` (受理): the assignee takes it on; their task counts as acknowledged. */
export async function acceptConcern(
  ctx: AppContext,
  call: ActionCall<ConcernRefInput>,
): Promise<Reply> {
  const { account, actor } = signedIn(call);
  const handling = await loadForHandling(ctx, account, call.input.concernId);
  if (!handling.ok) return handling;
  const { concern } = handling.value;
  const now = ctx.clock.nowIso();
  const step = concernIntents.accept(concern, actor, { now });
  if (!step.ok) return step;
  const mine = (await pendingTasksOf(ctx, concern._id)).filter(
    (t) =>
      t.assigneeId === account._id &&
      t.status === 'open' &&
      (t.kind === 'handle_concern' || t.kind === 'mediate'),
  );
  const who = assigneeWords(personView(account));
  const date = dueDateText(concern.dueAt);
  const committed = await commitChange(ctx, call, concern, {
    patch: { status: step.value.status },
    events: [step.value.event],
    also: async (tx) => {
      for (const task of mine) {
        const acked = await stepTask(ctx, tx, task, 'acknowledge', actor, now, {
          acknowledgedAt: now,
        });
        if (!acked.ok) return acked;
      }
      return tellReporter(
        ctx,
        tx,
        concern,
        'accepted',
        '您反映的问题已受理',
        date === null
          ? `${who} 已受理您反映的问题`
          : `${who} 已受理您反映的问题，预计 ${date} 前办结`,
      );
    },
  });
  if (!committed.ok) return committed;
  return staffReply(ctx, account, concern._id);
}

/** `start` (开始办理): work is under way (also after a reopening). */
export async function startConcern(
  ctx: AppContext,
  call: ActionCall<ConcernRefInput>,
): Promise<Reply> {
  const { account, actor } = signedIn(call);
  const handling = await loadForHandling(ctx, account, call.input.concernId);
  if (!handling.ok) return handling;
  const { concern } = handling.value;
  const step = concernIntents.start(concern, actor, { now: ctx.clock.nowIso() });
  if (!step.ok) return step;
  const committed = await commitChange(ctx, call, concern, {
    patch: { status: step.value.status },
    events: [step.value.event],
  });
  if (!committed.ok) return committed;
  return staffReply(ctx, account, concern._id);
}

/** The centre's return-visit (回访) rule: any centre operator, the least busy. */
export const RETURN_VISIT_RULE = {
  id: 'concern.return-visit',
  name: '办结回访',
  assign: { role: 'center_operator', taskKind: 'return_visit', scope: 'town' },
} as const;

/**
 * `resolve` (办结): records what was done, closes the handling tasks, schedules the centre's
 * return visit (回访) for the next working day and asks the reporter for a one-tap rating.
 */
export async function resolveConcern(
  ctx: AppContext,
  call: ActionCall<z.output<typeof resolveConcernInputSchema>>,
): Promise<Reply> {
  const { account, actor } = signedIn(call);
  const { concernId, note, photos } = call.input;
  const handling = await loadForHandling(ctx, account, concernId);
  if (!handling.ok) return handling;
  const photosChecked = await checkOwnPhotos(ctx, account._id, photos);
  if (!photosChecked.ok) return photosChecked;
  const { concern, place } = handling.value;
  const now = ctx.clock.nowIso();
  const step = concernIntents.resolve(concern, actor, { now, note });
  if (!step.ok) return step;
  const pending = await pendingTasksOf(ctx, concern._id);
  const toClose = pending.filter((t) => t.kind !== 'return_visit');

  const visitDue = returnVisitDueAt(await ctx.calendars.forTown(concern.townId), now);
  const visitor = await routeConcernWith(ctx, concern, RETURN_VISIT_RULE);
  if (!visitor.ok) {
    ctx.log.warn({ concernId, error: visitor.error }, 'no centre operator for the return visit');
  }
  const what = `${placeNameOf(place)}：${excerpt(concern.text, 30)}`;

  const committed = await commitChange(ctx, call, concern, {
    patch: {
      status: step.value.status,
      resolution: { note, photos, resolvedAt: now, resolvedBy: account._id },
    },
    events: [step.value.event],
    also: async (tx) => {
      const attached = await attachPhotos(ctx, tx, account._id, photos, {
        type: 'concern',
        id: concern._id,
      });
      if (!attached.ok) return attached;
      const closed = await closeTasks(ctx, tx, toClose, 'complete', '说事已办结', now);
      if (!closed.ok) return closed;
      if (visitor.ok) {
        const task = await createTask(ctx, tx, {
          townId: concern.townId,
          kind: 'return_visit',
          subject: { type: 'concern', id: concern._id },
          assigneeId: visitor.value.assigneeId,
          dueAt: visitDue.dueAt,
          dueRule: visitDue.rule,
          reason: taskReasonOf(visitor.value),
          title: '办结回访',
          body: `${what}。已办结，请在${dueDateText(visitDue.dueAt) ?? ''}前回访村民。`,
        });
        if (!task.ok) return task;
      }
      return tellReporter(
        ctx,
        tx,
        concern,
        'resolved',
        '您反映的问题已办结',
        `办理结果：${note}。请点一下告诉我们：已解决、部分解决，还是未解决。`,
      );
    },
  });
  if (!committed.ok) return committed;
  return staffReply(ctx, account, concernId);
}

/**
 * `reject` (不予受理): with a reason the villager reads; a duplicate names the concern it
 * repeats. Pending tasks are cancelled.
 */
export async function rejectConcern(
  ctx: AppContext,
  call: ActionCall<z.output<typeof rejectConcernInputSchema>>,
): Promise<Reply> {
  const { account, actor } = signedIn(call);
  const { concernId, reasonCode, reason, duplicateOf } = call.input;
  const handling = await loadForHandling(ctx, account, concernId);
  if (!handling.ok) return handling;
  const { concern } = handling.value;
  if (duplicateOf !== undefined) {
    const original = await loadConcern(ctx, duplicateOf);
    if (!original.ok) return original;
    if (
      original.value === null ||
      original.value.townId !== concern.townId ||
      duplicateOf === concernId
    ) {
      const message = '没有找到与它重复的那件事，请核对编号';
      return err(
        appError('VALIDATION_FAILED', message, { fields: [{ field: 'duplicateOf', message }] }),
      );
    }
  }
  const now = ctx.clock.nowIso();
  const words = `${REJECT_REASON_LABELS[reasonCode]}：${reason}`;
  const step = concernIntents.reject(concern, actor, { now, note: words });
  if (!step.ok) return step;
  const pending = await pendingTasksOf(ctx, concern._id);
  const committed = await commitChange(ctx, call, concern, {
    patch: {
      status: step.value.status,
      rejection: {
        reasonCode,
        reason,
        ...(duplicateOf === undefined ? {} : { duplicateOf }),
        at: now,
        by: account._id,
      },
    },
    events: [step.value.event],
    also: async (tx) => {
      const closed = await closeTasks(ctx, tx, pending, 'cancel', '说事不予受理', now);
      if (!closed.ok) return closed;
      return tellReporter(
        ctx,
        tx,
        concern,
        'rejected',
        '您反映的问题不予受理',
        `不予受理的原因：${words}`,
      );
    },
  });
  if (!committed.ok) return committed;
  return staffReply(ctx, account, concernId);
}

function extensionRefused(code: 'CONFLICT' | 'VALIDATION_FAILED', message: string, field?: string) {
  return err(
    appError(code, message, field === undefined ? undefined : { fields: [{ field, message }] }),
  );
}

/**
 * `requestExtension` (申请延期). Decided at once: the assignee gets up to
 * SELF_EXTENSION_MAX_WORKING_DAYS working days, once, asked before the deadline; the centre
 * may grant longer or further extensions (within the schema's limits). The deadline moves
 * by working days on the official calendar and the reporter reads the reason.
 */
export async function requestExtension(
  ctx: AppContext,
  call: ActionCall<z.output<typeof requestExtensionInputSchema>>,
): Promise<Reply> {
  const { account, actor } = signedIn(call);
  const { concernId, reason, workingDays } = call.input;
  const handling = await loadForHandling(ctx, account, concernId);
  if (!handling.ok) return handling;
  const { concern, relation } = handling.value;
  const now = ctx.clock.nowIso();
  // The machine first: role and state refusals come before the extension policy.
  const probe = concernIntents.requestExtension(concern, actor, { now, note: reason });
  if (!probe.ok) return probe;
  if (concern.dueAt === null) return extensionRefused('CONFLICT', '这件事还没有办理期限，不能延期');
  const byCentre = relation === 'centre';
  if (!byCentre) {
    if (workingDays > SELF_EXTENSION_MAX_WORKING_DAYS) {
      return extensionRefused(
        'VALIDATION_FAILED',
        `一次最多延期 ${SELF_EXTENSION_MAX_WORKING_DAYS} 个工作日，需要更长时间请联系指挥中心`,
        'workingDays',
      );
    }
    if (concern.extensions.length > 0) {
      return extensionRefused('CONFLICT', '这件事已经延期过一次，再延期请联系指挥中心');
    }
    if (Date.parse(now) > Date.parse(concern.dueAt)) {
      return extensionRefused('CONFLICT', '已经超过办理期限，不能再申请延期，请联系指挥中心');
    }
  } else if (concern.extensions.length >= MAX_EXTENSIONS) {
    return extensionRefused('CONFLICT', '这件事延期次数太多，不能再延期');
  }
  const calendar = await ctx.calendars.forTown(concern.townId);
  const extended = extendDueAt(calendar, concern.dueAt, workingDays, dueRuleOf(concern));
  if (extended.uncoveredYears.length > 0) {
    ctx.log.warn(
      { concernId, uncoveredYears: extended.uncoveredYears },
      'extension counted without holiday data',
    );
  }
  const date = dueDateText(extended.dueAt) ?? '';
  const step = concernIntents.requestExtension(concern, actor, {
    now,
    note: `延长 ${workingDays} 个工作日，到 ${date}。原因：${reason}`,
  });
  if (!step.ok) return step;
  const handlingTasks = (await pendingTasksOf(ctx, concern._id)).filter(
    (t) => t.kind === 'handle_concern' || t.kind === 'mediate',
  );
  const extension: Concern['extensions'][number] = {
    requestedAt: now,
    requestedBy: account._id,
    reason,
    workingDays,
    previousDueAt: concern.dueAt,
    newDueAt: extended.dueAt,
  };
  const committed = await commitChange(ctx, call, concern, {
    // A new deadline re-arms the ladder: near it the handler is told again, past it the
    // concern escalates again from the community (督办).
    patch: {
      dueAt: extended.dueAt,
      dueRule: extended.rule,
      extensions: [...concern.extensions, extension],
      escalationLevel: 0,
      nearDue: false,
    },
    events: [step.value.event],
    also: async (tx) => {
      for (const task of handlingTasks) {
        const moved = await setTaskDue(tx, task, extended.dueAt, now);
        if (!moved.ok) return moved;
      }
      return tellReporter(
        ctx,
        tx,
        concern,
        'extended',
        '办理期限延长',
        `您反映的问题需要更多时间办理，预计 ${date} 前办结。原因：${reason}`,
      );
    },
  });
  if (!committed.ok) return committed;
  return staffReply(ctx, account, concernId);
}
