/**
 * `rate`: the return visit (回访) answered in one tap. 已解决 closes the loop (satisfied, then
 * archived); 部分解决 and 未解决 reopen the concern with a fresh time limit and a new
 * handling task for the same assignee, and the centre (指挥中心) is told.
 */
import type { z } from 'zod';
import { concernDueAt } from '../../shared/calendar/deadlines';
import { concernIntents } from '../../shared/concern/concern.machine';
import type { rateConcernInputSchema } from '../../shared/concern/concern.schema';
import { RATING_LABELS, REOPENING_RATINGS } from '../../shared/concern/concern.schema';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import { closeTasks, createTask } from '../runtime/tasks';
import { notify } from '../runtime/outbox';
import type { AppContext } from '../runtime/context';
import type { ConcernNotice } from '../runtime/notices';
import type { Tx } from '../store/store.port';
import { commitChange } from './concern.steps';
import { placeNameOf, villagerViewOf } from './concern.present';
import type { ConcernDoc } from './concern.records';
import { loadConcern, loadReadable, pendingTasksOf } from './concern.records';
import { loadDeadlineRules } from '../runtime/town-rules';
import { routeConcernWith } from './concern.records';
import { instantAfter } from '../../shared/calendar/china-time';
import type { VillagerConcernView } from './concern.views';
import { dueDateText, excerpt } from './concern.views';
import { RETURN_VISIT_RULE } from './handle-concern';

type RateInput = z.output<typeof rateConcernInputSchema>;

/** Pushes one message to each recipient. */
async function tellAll(
  ctx: AppContext,
  tx: Tx,
  concern: ConcernDoc,
  recipients: readonly string[],
  template: ConcernNotice,
  title: string,
  body: string,
): Promise<Result<void>> {
  for (const recipientId of new Set(recipients)) {
    const sent = await notify(ctx, tx, {
      townId: concern.townId,
      recipientId,
      template,
      title,
      body,
      link: { type: 'concern', id: concern._id },
    });
    if (!sent.ok) return err(sent.error);
  }
  return ok(undefined);
}

/**
 * Runs `rate`. Only the reporter answers; the centre may record an answer given on the
 * phone during its return visit (the machine allows both).
 */
export async function rateConcern(
  ctx: AppContext,
  call: ActionCall<RateInput>,
): Promise<Result<VillagerConcernView>> {
  const { account, actor } = signedIn(call);
  const { concernId, result, comment } = call.input;
  const readable = await loadReadable(ctx, account, concernId);
  if (!readable.ok) return readable;
  const { concern, place, relation } = readable.value;
  const isReporter = concern.reporterId === account._id;
  if (!isReporter && relation !== 'centre') {
    return err(appError('FORBIDDEN', '只有反映问题的村民才能评价'));
  }
  if (comment !== undefined) {
    const checked = await ctx.contentCheck.checkText({
      text: comment,
      accountId: account._id,
      field: 'comment',
    });
    if (!checked.ok) return checked;
  }
  const now = ctx.clock.nowIso();
  const label = RATING_LABELS[result];
  const note = comment === undefined ? label : `${label}：${comment}`;
  const rating = { result, ...(comment === undefined ? {} : { comment }), at: now };
  const pending = await pendingTasksOf(ctx, concern._id);
  const visits = pending.filter((t) => t.kind === 'return_visit');
  const what = `${placeNameOf(place)}：${excerpt(concern.text, 30)}`;

  if (!REOPENING_RATINGS.includes(result)) {
    const satisfied = concernIntents.rateSatisfied(concern, actor, { now, note });
    if (!satisfied.ok) return satisfied;
    const archived = concernIntents.archive(
      { ...concern, status: satisfied.value.status },
      systemActor(concern.townId),
      { now: instantAfter(now) },
    );
    if (!archived.ok) return archived;
    const committed = await commitChange(ctx, call, concern, {
      patch: { status: archived.value.status, rating },
      events: [satisfied.value.event, archived.value.event],
      also: async (tx) => {
        const closed = await closeTasks(ctx, tx, visits, 'complete', `村民评价：${label}`, now);
        if (!closed.ok) return closed;
        const assignee = concern.assigneeId === null ? [] : [concern.assigneeId];
        return tellAll(
          ctx,
          tx,
          concern,
          assignee,
          'concern.rated',
          `村民评价：${label}`,
          `${what}。村民评价${label}，已归档。`,
        );
      },
    });
    if (!committed.ok) return committed;
    return replyFor(ctx, account._id, concernId, place);
  }

  const reopened = concernIntents.rateUnsatisfied(concern, actor, { now, note });
  if (!reopened.ok) return reopened;
  if (concern.assigneeId === null) {
    return err(appError('CONFLICT', '这件事目前没有承办人，请联系指挥中心'));
  }
  const assigneeId = concern.assigneeId;
  // A fresh time limit from today: the old one has usually run out by the return visit.
  const rules = await loadDeadlineRules(ctx, concern.townId);
  const due = concernDueAt(await ctx.calendars.forTown(concern.townId), rules, now, concern.kind, {
    emergency: concern.emergency,
  });
  // The centre is told: whoever holds the return visit, or the least busy operator.
  let centre = visits.map((t) => t.assigneeId);
  if (centre.length === 0) {
    const found = await routeConcernWith(ctx, concern, RETURN_VISIT_RULE);
    centre = found.ok ? [found.value.assigneeId] : [];
  }
  const committed = await commitChange(ctx, call, concern, {
    patch: {
      status: reopened.value.status,
      rating,
      reopenCount: concern.reopenCount + 1,
      dueAt: due.dueAt,
      dueRule: due.rule,
      // The fresh time limit re-arms the ladder: overdue again, it escalates again.
      escalationLevel: 0,
      nearDue: false,
    },
    events: [reopened.value.event],
    also: async (tx) => {
      const closed = await closeTasks(
        ctx,
        tx,
        visits,
        'complete',
        `村民评价：${label}，已重新办理`,
        now,
      );
      if (!closed.ok) return closed;
      const task = await createTask(ctx, tx, {
        townId: concern.townId,
        kind: 'handle_concern',
        subject: { type: 'concern', id: concern._id },
        assigneeId,
        dueAt: due.dueAt,
        reason: {
          ruleId: 'concern.reopened',
          explanation: `村民评价「${label}」，重新交给原承办人办理`,
        },
        title: '重新办理',
        body: `${what}。村民评价「${note}」，请在${dueDateText(due.dueAt) ?? ''}前重新办结。`,
      });
      if (!task.ok) return task;
      return tellAll(
        ctx,
        tx,
        concern,
        centre,
        'concern.reopened',
        '村民评价未解决，已重新办理',
        `${what}。村民评价「${note}」，已交回原承办人重新办理。`,
      );
    },
  });
  if (!committed.ok) return committed;
  return replyFor(ctx, account._id, concernId, place);
}

async function replyFor(
  ctx: AppContext,
  viewerId: string,
  concernId: string,
  place: Parameters<typeof villagerViewOf>[3],
): Promise<Result<VillagerConcernView>> {
  const loaded = await loadConcern(ctx, concernId);
  if (!loaded.ok) return loaded;
  if (loaded.value === null) return err(appError('NOT_FOUND', '没有找到这件事'));
  return ok(await villagerViewOf(ctx, viewerId, loaded.value, place));
}
