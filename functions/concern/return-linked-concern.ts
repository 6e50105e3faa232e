/**
 * A mediation that did not settle the concern it came from (调解不成, or a party withdrew)
 * hands the concern back (退回) to the worker who transferred it to mediation: the concern
 * machine's `assign` as the system (from `transferred`), a `handle_concern` task with the
 * outcome and a fresh short deadline, and the villager told what happened and the routes
 * left. The concern is never marked 已办结 by a mediation that did not end the dispute.
 */
import { workingDaysAfter } from '../../shared/calendar/deadlines';
import { concernIntents } from '../../shared/concern/concern.machine';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { closeTasks, createTask } from '../runtime/tasks';
import type { ConcernToClose } from './close-linked-concern';
import type { Tx } from '../store/store.port';
import { concernWriter } from './concern.collections';
import { tellReporter } from './concern.steps';
import { excerpt } from './concern.views';

/** Working days the handler has to take the returned concern up again. */
export const RETURNED_CONCERN_WORKING_DAYS = 3;

export interface MediationEnding {
  /** What happened, for the concern's history and the handler's task (room: outcome). */
  readonly what: string;
  /** What the villager was told they can still do. */
  readonly routesLeft: string;
}

/**
 * Returns the concern to its handler inside the mediation's transaction. A concern that is
 * not waiting at mediation (`transferred` with a transfer on record) is left to its handler.
 */
export async function returnLinkedConcern(
  ctx: AppContext,
  tx: Tx,
  linked: ConcernToClose | null,
  bookingId: string,
  ending: MediationEnding,
): Promise<Result<void>> {
  if (linked === null) return ok(undefined);
  const { concern, pending, calendar } = linked;
  // Only a concern that itself names this booking is handed back by it.
  if (concern.links.bookingId !== bookingId) {
    ctx.log.warn({ concernId: concern._id, bookingId }, 'linked concern does not name the booking');
    return ok(undefined);
  }
  const handlerId = concern.transfer?.by;
  const now = ctx.clock.nowIso();
  const step =
    handlerId === undefined
      ? null
      : concernIntents.assign(concern, systemActor(concern.townId), {
          now,
          note: `调解没有解决：${ending.what}。已退回原经办人继续跟进`.slice(0, 1000),
        });
  if (step === null || !step.ok || handlerId === undefined) {
    ctx.log.info({ concernId: concern._id, status: concern.status }, 'linked concern not returned');
    return ok(undefined);
  }
  const soon = workingDaysAfter(calendar, now, RETURNED_CONCERN_WORKING_DAYS);
  const keepsOld = concern.dueAt !== null && Date.parse(concern.dueAt) > Date.parse(soon.dueAt);
  const dueAt = keepsOld ? (concern.dueAt as string) : soon.dueAt;
  const dueRule = keepsOld ? concern.dueRule : soon.rule;
  const updated = await concernWriter.update(
    tx,
    concern._id,
    {
      status: step.value.status,
      assigneeId: handlerId,
      dueAt,
      ...(dueRule === undefined ? {} : { dueRule }),
      escalationLevel: 0,
      nearDue: false,
      updatedAt: now,
    },
    { ifVersion: concern._version },
  );
  if (!updated.ok) return updated;
  const logged = await appendEvent(ctx, tx, step.value.event);
  if (!logged.ok) return logged;
  // The mediator's 调解 task on the concern is over with the mediation.
  const over = pending.filter((t) => t.kind !== 'return_visit');
  const closed = await closeTasks(
    ctx,
    tx,
    over,
    'complete',
    `调解结束：${ending.what}`.slice(0, 200),
    now,
  );
  if (!closed.ok) return closed;
  const task = await createTask(ctx, tx, {
    townId: concern.townId,
    kind: 'handle_concern',
    subject: { type: 'concern', id: concern._id },
    assigneeId: handlerId,
    dueAt,
    reason: { ruleId: 'concern.returned_from_mediation', explanation: '转调解的经办人' },
    title: '调解没有解决，事项退回',
    body: `${excerpt(concern.text, 30)}。${ending.what}`.slice(0, 500),
  });
  if (!task.ok) return task;
  return tellReporter(
    ctx,
    tx,
    concern,
    'returned',
    '调解没有解决您的事，已交回网格员继续跟进',
    `${ending.routesLeft}网格员会继续跟进您的事。`.slice(0, 500),
  );
}
