/**
 * `task.inbox`: the caller's tasks, most urgent first — overdue first, then by deadline,
 * tasks without a deadline last — each with a one-line summary of its subject and where it
 * stands against its deadline. Two store queries in turn (dated, then undated), so the
 * order holds across pages; the cursor says which one a page continues.
 */
import type { z } from 'zod';
import { deadlineState } from '../../shared/calendar/deadlines';
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
import { excerpt, loadConcern, loadPlace, placeNameOf } from '../concern/concern.api';
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

/** One line about a task's subject; a concern is named by kind, place and first words. */
export async function taskSummary(ctx: AppContext, task: Task): Promise<string> {
  if (task.subject.type !== 'concern') return SUBJECT_TYPE_LABELS[task.subject.type];
  const loaded = await loadConcern(ctx, task.subject.id);
  const concern = loaded.ok ? loaded.value : null;
  const place =
    concern === null ? null : await loadPlace(ctx, concern.townId, concern.place.gridNodeId);
  return summaryOf(task, { concern, place });
}

function deadlineOf(ctx: AppContext, task: Task, nowIso: string) {
  return task.dueAt !== null && isPending(task)
    ? deadlineState(nowIso, task.dueAt, ctx.calendar)
    : null;
}

/** The assignee's view of a task, with its summary and deadline state. */
export async function taskViewOf(ctx: AppContext, task: Task): Promise<TaskView> {
  return toTaskView(task, await taskSummary(ctx, task), deadlineOf(ctx, task, ctx.clock.nowIso()));
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
  const places = await townPlaces(ctx, townId);
  const nowIso = ctx.clock.nowIso();
  return tasks.map((task) => {
    const concern =
      task.subject.type === 'concern' ? (concerns.get(task.subject.id) ?? null) : null;
    const node = concern === null ? undefined : places.get(concern.place.gridNodeId);
    const place = node === undefined || node.active === false ? null : node;
    return toTaskView(task, summaryOf(task, { concern, place }), deadlineOf(ctx, task, nowIso));
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
