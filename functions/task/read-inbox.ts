/**
 * `task.inbox`: the caller's tasks, most urgent first — overdue first, then by deadline,
 * tasks without a deadline last — each with a one-line summary of its subject and where it
 * stands against its deadline. Two store queries in turn (dated, then undated), so the
 * order holds across pages; the cursor says which one a page continues.
 */
import type { z } from 'zod';
import { deadlineState, overdueText, uncoveredNote } from '../../shared/calendar/deadlines';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import { CONCERN_KIND_LABELS } from '../../shared/concern/concern.kinds';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { inboxInputSchema, Task } from '../../shared/task/task.schema';
import { isPending } from '../../shared/task/task.machine';
import { badCursor, filteredPage } from '../runtime/paging';
import { TASKS } from '../store/collections';
import type { ConcernDoc } from '../concern/concern.api';
import { dueUnitOf, excerpt, loadConcern, loadPlace, placeNameOf } from '../concern/concern.api';
import type { ActionCall } from '../runtime/action';
import { signedIn } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import type { StoredDoc, Where } from '../store/store.port';
import type { TaskView } from './task.views';
import { SUBJECT_TYPE_LABELS, toTaskView } from './task.views';

type TaskDoc = StoredDoc<Task>;

/** A page of the inbox. */
export interface InboxPage {
  readonly items: readonly TaskView[];
  readonly nextCursor: string | null;
}

/** The concern a task is about, when it is one of the task's town. */
async function concernOf(ctx: AppContext, task: Task): Promise<ConcernDoc | null> {
  if (task.subject.type !== 'concern') return null;
  const loaded = await loadConcern(ctx, task.subject.id);
  const concern = loaded.ok ? loaded.value : null;
  return concern === null || concern.townId !== task.townId ? null : concern;
}

/** One line about a task's subject; a concern is named by kind, place and first words. */
async function summaryOf(ctx: AppContext, task: Task, concern: ConcernDoc | null): Promise<string> {
  if (concern === null) return SUBJECT_TYPE_LABELS[task.subject.type];
  const place = await loadPlace(ctx, concern.townId, concern.place.gridNodeId);
  const urgent = concern.emergency ? '【紧急】' : '';
  return `${urgent}${CONCERN_KIND_LABELS[concern.kind]} · ${placeNameOf(place)}：${excerpt(concern.text)}`;
}

/**
 * The assignee's view of a task, with its summary, where it stands against its deadline and
 * how late it is: counted as the task's own rule says, or, for a task that carries its
 * concern's deadline, as the concern's rule says (an emergency's in hours).
 */
export async function taskViewOf(
  ctx: AppContext,
  task: Task,
  calendar: WorkingCalendar,
): Promise<TaskView> {
  const concern = await concernOf(ctx, task);
  const summary = await summaryOf(ctx, task, concern);
  if (task.dueAt === null || !isPending(task)) {
    return toTaskView(task, summary, { deadline: null, overdueText: null, calendarNote: null });
  }
  const nowIso = ctx.clock.nowIso();
  const mirrorsConcern = concern !== null && concern.dueAt === task.dueAt;
  const unit = task.dueRule?.unit ?? (mirrorsConcern ? dueUnitOf(concern) : 'working_days');
  return toTaskView(task, summary, {
    deadline: deadlineState(nowIso, task.dueAt, calendar),
    overdueText: overdueText(nowIso, task.dueAt, unit, calendar),
    calendarNote: unit === 'hours' ? null : uncoveredNote(calendar, nowIso, task.dueAt),
  });
}

const DATED = 'd~';
const UNDATED = 'n~';

/** Runs `inbox`. */
export async function inbox(
  ctx: AppContext,
  call: ActionCall<z.output<typeof inboxInputSchema>>,
): Promise<Result<InboxPage>> {
  const { account } = signedIn(call);
  const { status, kind, cursor, limit } = call.input;
  const base: Where = { assigneeId: account._id, status: { in: [...status] } };
  const keep = (t: TaskDoc) =>
    t.townId === account.townId && (kind === undefined || t.kind === kind);

  let phase: 'dated' | 'undated' = 'dated';
  let storeCursor: string | undefined;
  if (cursor !== undefined) {
    if (cursor.startsWith(DATED)) storeCursor = cursor.slice(DATED.length) || undefined;
    else if (cursor.startsWith(UNDATED)) {
      phase = 'undated';
      storeCursor = cursor.slice(UNDATED.length) || undefined;
    } else return err(badCursor());
  }

  const docs: TaskDoc[] = [];
  let next: string | null = null;
  if (phase === 'dated') {
    const dated = await filteredPage(
      ctx,
      TASKS,
      {
        where: { ...base, dueAt: { gt: '' } },
        orderBy: { path: 'dueAt', order: 'asc' },
        limit,
        ...(storeCursor === undefined ? {} : { cursor: storeCursor }),
      },
      keep,
    );
    if (!dated.ok) return dated;
    docs.push(...dated.value.docs);
    if (dated.value.nextCursor !== null) next = `${DATED}${dated.value.nextCursor}`;
    else if (docs.length >= limit) next = UNDATED;
    phase = 'undated';
    storeCursor = undefined;
  }
  if (next === null) {
    const undated = await filteredPage(
      ctx,
      TASKS,
      {
        where: { ...base, dueAt: null },
        limit: limit - docs.length,
        ...(storeCursor === undefined ? {} : { cursor: storeCursor }),
      },
      keep,
    );
    if (!undated.ok) return undated;
    docs.push(...undated.value.docs);
    next = undated.value.nextCursor === null ? null : `${UNDATED}${undated.value.nextCursor}`;
  }
  const items: TaskView[] = [];
  const calendar = await ctx.calendars.forTown(account.townId);
  for (const task of docs) items.push(await taskViewOf(ctx, task, calendar));
  return ok({ items, nextCursor: next });
}
