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
import type { GridNode } from '../../shared/grid/grid.schema';
import type { ConcernDoc } from '../concern/concern.api';
import { townPlaces } from '../runtime/directory';
import { CONCERNS, TASKS } from '../store/collections';
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

/** The concern a task is about, and its place, as a summary needs them. */
interface SummaryFacts {
  readonly concern: Pick<ConcernDoc, 'townId' | 'emergency' | 'kind' | 'text'> | null;
  readonly place: Pick<GridNode, 'name'> | null;
}

function summaryOf(task: Task, facts: SummaryFacts): string {
  const { concern, place } = facts;
  if (task.subject.type !== 'concern') return SUBJECT_TYPE_LABELS[task.subject.type];
  if (concern === null || concern.townId !== task.townId) return SUBJECT_TYPE_LABELS.concern;
  const urgent = concern.emergency ? '【紧急】' : '';
  return `${urgent}${CONCERN_KIND_LABELS[concern.kind]} · ${placeNameOf(place)}：${excerpt(concern.text)}`;
}

/**
 * Where a task stands against its deadline and how late it is: counted as the task's own
 * rule says, or, for a task that carries its concern's deadline, as the concern's rule says
 * (an emergency's in hours).
 */
function deadlineOf(
  task: Task,
  concern: ConcernDoc | null,
  calendar: WorkingCalendar,
  nowIso: string,
) {
  if (task.dueAt === null || !isPending(task)) {
    return { deadline: null, overdueText: null, calendarNote: null };
  }
  const mine = concern !== null && concern.townId === task.townId ? concern : null;
  const mirrorsConcern = mine !== null && mine.dueAt === task.dueAt;
  const unit = task.dueRule?.unit ?? (mirrorsConcern ? dueUnitOf(mine) : 'working_days');
  return {
    deadline: deadlineState(nowIso, task.dueAt, calendar),
    overdueText: overdueText(nowIso, task.dueAt, unit, calendar),
    calendarNote: unit === 'hours' ? null : uncoveredNote(calendar, nowIso, task.dueAt),
  };
}

/** The assignee's view of one task, with its summary and deadline. */
export async function taskViewOf(
  ctx: AppContext,
  task: Task,
  calendar: WorkingCalendar,
): Promise<TaskView> {
  let concern: ConcernDoc | null = null;
  if (task.subject.type === 'concern') {
    const loaded = await loadConcern(ctx, task.subject.id);
    concern = loaded.ok ? loaded.value : null;
  }
  const place =
    concern === null ? null : await loadPlace(ctx, concern.townId, concern.place.gridNodeId);
  return toTaskView(
    task,
    summaryOf(task, { concern, place }),
    deadlineOf(task, concern, calendar, ctx.clock.nowIso()),
  );
}

/**
 * The views of a page of tasks: the concerns they are about read in one query, their places
 * from the town's grid kept in memory (an inactive place reads as unknown, as one by one).
 */
async function taskViewsOf(
  ctx: AppContext,
  townId: string,
  tasks: readonly Task[],
): Promise<TaskView[]> {
  const ids = [
    ...new Set(tasks.filter((t) => t.subject.type === 'concern').map((t) => t.subject.id)),
  ];
  const concerns = new Map<string, ConcernDoc>();
  if (ids.length > 0) {
    const page = await CONCERNS.query(ctx.store, {
      where: { _id: { in: ids } },
      limit: ids.length,
    });
    for (const c of page.docs) concerns.set(c._id, c);
  }
  const [places, calendar] = await Promise.all([
    townPlaces(ctx, townId),
    ctx.calendars.forTown(townId),
  ]);
  const nowIso = ctx.clock.nowIso();
  return tasks.map((task) => {
    const concern =
      task.subject.type === 'concern' ? (concerns.get(task.subject.id) ?? null) : null;
    const node = concern === null ? undefined : places.get(concern.place.gridNodeId);
    const place = node === undefined || node.active === false ? null : node;
    return toTaskView(
      task,
      summaryOf(task, { concern, place }),
      deadlineOf(task, concern, calendar, nowIso),
    );
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
  return ok({ items: await taskViewsOf(ctx, account.townId, docs), nextCursor: next });
}
