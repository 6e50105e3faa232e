/**
 * A clue's two reply deadlines (件件有回复) when the town's holiday table changes (called by the
 * deadlines folder, which scans): each one not yet answered is counted again from the day the
 * clue was received — 7 working days for the procedural reply, 3 months (moved off a day off)
 * for the result. When one moves, the clue and the review tasks that carry it move together,
 * the step is recorded on its timeline (the reporter's tracking page shows it), and the liaison
 * and a signed-in named reporter are told.
 */
import { CALENDAR_MOVED, movedText } from '../../shared/calendar/calendar.events';
import { clueReplyDeadlines } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import type { Clue } from '../../shared/clue/clue.schema';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { isPending } from '../../shared/task/task.machine';
import type { ActionCall } from '../runtime/action';
import { appendEvent, firstError } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { notify } from '../runtime/outbox';
import { setTaskDue } from '../runtime/tasks';
import { clueWriter } from './clue.collections';
import type { ClueDoc } from './clue.records';
import { loadClueTasks } from './clue.records';
import { notifyReporter } from './clue.steps';

/** A clue's unanswered deadlines before and after the calendar changed (only those that move). */
export interface ClueDeadlinesMove {
  readonly clueId: string;
  readonly reply?: { readonly from: string; readonly to: string };
  readonly result?: { readonly from: string; readonly to: string };
}

/** Where a clue's unanswered reply deadlines land on `calendar`, or null when neither moves. */
export function clueDeadlinesOn(
  clue: ClueDoc,
  calendar: WorkingCalendar,
): ClueDeadlinesMove | null {
  const d = clue.deadlines;
  const counted = clueReplyDeadlines(calendar, clue.createdAt);
  const reply =
    d.proceduralRepliedAt === undefined && counted.proceduralReplyDueAt !== d.proceduralReplyDueAt
      ? { from: d.proceduralReplyDueAt, to: counted.proceduralReplyDueAt }
      : undefined;
  const result =
    d.resultRepliedAt === undefined && counted.resultDueAt !== d.resultDueAt
      ? { from: d.resultDueAt, to: counted.resultDueAt }
      : undefined;
  if (reply === undefined && result === undefined) return null;
  return {
    clueId: clue._id,
    ...(reply === undefined ? {} : { reply }),
    ...(result === undefined ? {} : { result }),
  };
}

/** Moves a clue's reply deadlines (one transaction, guarded by the version read before it). */
export async function moveClueDeadlines(
  ctx: AppContext,
  call: ActionCall<unknown>,
  clue: ClueDoc,
  move: ClueDeadlinesMove,
): Promise<Result<void>> {
  const now = ctx.clock.nowIso();
  const reviewTasks =
    move.reply === undefined
      ? []
      : (await loadClueTasks(ctx, clue._id)).filter(
          (t) => isPending(t) && t.dueRule === undefined && t.dueAt === move.reply?.from,
        );
  const deadlines: Clue['deadlines'] = {
    ...clue.deadlines,
    ...(move.reply === undefined ? {} : { proceduralReplyDueAt: move.reply.to }),
    ...(move.result === undefined ? {} : { resultDueAt: move.result.to }),
  };
  const words = [
    move.reply === undefined ? null : movedText('程序性答复期限', move.reply.from, move.reply.to),
    move.result === undefined
      ? null
      : movedText('办理结果答复期限', move.result.from, move.result.to),
  ]
    .filter((w): w is string => w !== null)
    .join('，');
  return call.transact(clue.townId, async (tx) => {
    const updated = await clueWriter.update(
      tx,
      clue._id,
      { deadlines, updatedAt: now },
      { ifVersion: clue._version },
    );
    if (!updated.ok) return err(updated.error);
    const steps: Result<unknown>[] = [
      await appendEvent(ctx, tx, {
        townId: clue.townId,
        subjectType: 'clue',
        subjectId: clue._id,
        actorId: 'system',
        actorRole: 'system',
        action: CALENDAR_MOVED,
        from: clue.status,
        to: clue.status,
        at: now,
        note: `因节假日安排调整，${words}`,
        visibleToReporter: true,
      }),
    ];
    for (const task of reviewTasks)
      steps.push(await setTaskDue(tx, task, move.reply?.to ?? null, now));
    const recipients = new Set(
      [clue.liaisonId, ...reviewTasks.map((t) => t.assigneeId)].filter(
        (id): id is string => id !== undefined,
      ),
    );
    for (const recipientId of recipients) {
      steps.push(
        await notify(ctx, tx, {
          townId: clue.townId,
          recipientId,
          template: 'clue.deadline_moved',
          title: '线索答复期限随节假日安排调整',
          body: `线索 ${clue.trackingCode}：${words}。`,
          link: { type: 'clue', id: clue._id },
        }),
      );
    }
    steps.push(await notifyReporter(ctx, tx, clue, `因节假日安排调整，${words}。`));
    const failed = firstError(steps);
    return failed === null ? ok(undefined) : err(failed);
  });
}
