/**
 * A concern (说事) that became another record — a mediation booking today — keeps its history
 * and is closed by that record's outcome (一口受理、多路分流). The booking's concept calls
 * these steps through concern.api.ts; only this concept writes concerns.
 */
import type { Concern } from '../../shared/concern/concern.schema';
import { concernIntents } from '../../shared/concern/concern.machine';
import type { AppError } from '../../shared/kernel/errors';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { systemActor } from '../../shared/kernel/roles';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { CONCERNS } from '../store/collections';
import type { Tx } from '../store/store.port';
import { concernWriter } from './concern.collections';
import { tellReporter } from './concern.steps';
import { returnVisitDueAt } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import { taskReasonOf } from '../runtime/assignees';
import { closeTasks, createTask } from '../runtime/tasks';
import type { TaskDoc } from './concern.records';
import { pendingTasksOf, routeConcernWith } from './concern.records';
import { dueDateText, excerpt } from './concern.views';
import { RETURN_VISIT_RULE } from './handle-concern';

/** Who names a concern in another record's input: their account, its town and roles. */
export interface LinkingCaller {
  readonly _id: string;
  readonly townId: string;
  readonly roles: readonly string[];
}

/** The refusal for a concern the caller may not name: worded like a missing one. */
function notLinkable(): AppError {
  const message = '没有找到这件说事，请刷新后再试';
  return appError('VALIDATION_FAILED', message, { fields: [{ field: 'concernId', message }] });
}

/**
 * The concern an input names (a booking's `concernId`), read inside the writing transaction
 * and checked there against the caller: links are authorization too. Only its reporter, its
 * current assignee (承办人) or the town's centre may make another record follow a concern —
 * anyone else would have that record's outcome close someone else's concern. Anything else
 * (another town's, a missing one, a neighbour's) reads as "not found" and names the field.
 */
export async function loadLinkableConcern(
  tx: Tx,
  caller: LinkingCaller,
  concernId: string | undefined,
): Promise<Result<Concern | null>> {
  if (concernId === undefined) return ok(null);
  const concern = await CONCERNS.get(tx, concernId);
  if (concern === null || concern.townId !== caller.townId) return err(notLinkable());
  const mayLink =
    concern.reporterId === caller._id ||
    concern.assigneeId === caller._id ||
    caller.roles.includes('center_operator');
  return mayLink ? ok(concern) : err(notLinkable());
}

/** The concern a booking came from, if it still exists in the town (read before the transaction). */
export async function loadLinkedConcern(
  ctx: AppContext,
  townId: string,
  concernId: string | undefined,
): Promise<Concern | null> {
  if (concernId === undefined) return null;
  const concern = await CONCERNS.get(ctx.store, concernId);
  return concern !== null && concern.townId === townId ? concern : null;
}

/**
 * A concern another record's outcome will close, with what closing it needs read beforehand
 * (a transaction callback makes by-id operations only): its pending tasks and who makes the
 * return visit.
 */
export interface ConcernToClose {
  readonly concern: Concern;
  readonly pending: readonly TaskDoc[];
  readonly visitor: Awaited<ReturnType<typeof routeConcernWith>>;
  readonly calendar: WorkingCalendar;
}

/** The concern a booking or clue came from, ready to close (read before the transaction). */
export async function loadConcernToClose(
  ctx: AppContext,
  townId: string,
  concernId: string | undefined,
): Promise<ConcernToClose | null> {
  const concern = await loadLinkedConcern(ctx, townId, concernId);
  if (concern === null) return null;
  const [pending, visitor, calendar] = await Promise.all([
    pendingTasksOf(ctx, concern._id),
    routeConcernWith(ctx, concern, RETURN_VISIT_RULE),
    ctx.calendars.forTown(concern.townId),
  ]);
  return { concern, pending, visitor, calendar };
}

/**
 * Closes the loop on the concern the mediation came from: the concern machine's `resolve`
 * as the system (from `transferred`, where a concern handed to mediation waits), with the
 * outcome as the resolution note, and the reporter told. A concern in a state `resolve`
 * does not start from is left alone — its own handler decides.
 */
export async function resolveLinkedConcern(
  ctx: AppContext,
  tx: Tx,
  linked: ConcernToClose | null,
  /** The record whose outcome closes it; the concern must name it itself. */
  by: { readonly bookingId: string } | { readonly clueId: string },
  note: string,
): Promise<Result<void>> {
  if (linked === null) return ok(undefined);
  const { concern } = linked;
  // Only a concern that itself names this record is closed by it: the record's stored
  // concern id proves nothing on its own (it came from an input).
  const named =
    'bookingId' in by
      ? concern.links.bookingId === by.bookingId
      : concern.links.clueId === by.clueId;
  if (!named) {
    ctx.log.warn({ concernId: concern._id, by }, 'linked concern does not name the record');
    return ok(undefined);
  }
  const now = ctx.clock.nowIso();
  const step = concernIntents.resolve(concern, systemActor(concern.townId), { now, note });
  if (!step.ok) {
    ctx.log.info({ concernId: concern._id, status: concern.status }, 'linked concern not resolved');
    return ok(undefined);
  }
  const updated = await concernWriter.update(
    tx,
    concern._id,
    {
      status: step.value.status,
      resolution: { note: note.slice(0, 1000), photos: [], resolvedAt: now, resolvedBy: 'system' },
      updatedAt: now,
    },
    { ifVersion: concern._version },
  );
  if (!updated.ok) return updated;
  const logged = await appendEvent(ctx, tx, step.value.event);
  if (!logged.ok) return logged;
  const visit = await askReturnVisit(ctx, tx, linked, now);
  if (!visit.ok) return visit;
  return tellReporter(
    ctx,
    tx,
    concern,
    'resolved',
    '您说的事已办结',
    `${note.slice(0, 200)}请点一下告诉我们：已解决、部分解决，还是未解决。`,
  );
}

/**
 * Resolved by another record's outcome, the concern gets what any resolution gets: its own
 * pending tasks (the mediator's 调解 task) are done and the centre gets the return visit (回访)
 * for the next working day, so the loop is closed by the villager's rating.
 */
async function askReturnVisit(
  ctx: AppContext,
  tx: Tx,
  { concern, pending, visitor, calendar }: ConcernToClose,
  now: string,
): Promise<Result<void>> {
  const work = pending.filter((t) => t.kind !== 'return_visit');
  const closed = await closeTasks(ctx, tx, work, 'complete', '说事已办结', now);
  if (!closed.ok) return closed;
  if (pending.some((t) => t.kind === 'return_visit')) return ok(undefined);
  if (!visitor.ok) {
    ctx.log.warn({ concernId: concern._id }, 'no centre operator for the return visit');
    return ok(undefined);
  }
  const visit = returnVisitDueAt(calendar, now);
  const due = visit.dueAt;
  const task = await createTask(ctx, tx, {
    townId: concern.townId,
    kind: 'return_visit',
    subject: { type: 'concern', id: concern._id },
    assigneeId: visitor.value.assigneeId,
    dueAt: due,
    dueRule: visit.rule,
    reason: taskReasonOf(visitor.value),
    title: '办结回访',
    body: `${excerpt(concern.text, 30)}。已办结，请在${dueDateText(due) ?? ''}前回访村民。`,
  });
  return task.ok ? ok(undefined) : task;
}

/** Records on the concern that it became booking `bookingId` (inside the booking's transaction). */
export async function linkBooking(
  tx: Tx,
  concern: Concern,
  bookingId: string,
  now: string,
): Promise<Result<void>> {
  const linked = await concernWriter.update(
    tx,
    concern._id,
    { links: { ...concern.links, bookingId }, updatedAt: now },
    { ifVersion: concern._version },
  );
  return linked.ok ? ok(undefined) : err(linked.error);
}
