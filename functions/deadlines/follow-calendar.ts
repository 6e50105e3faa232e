/**
 * What moves when a town's holiday table changes (docs/domain.md §2), a scheduler: it scans
 * the town's open work and asks each concept what its dates are on the new calendar, then
 * calls the concepts' own steps, which write their records.
 *
 * - Open concerns' working-day deadlines, clues' unanswered reply deadlines, the one-month
 *   mediation target and the 30-day 司法确认 countdown are counted again from their rules;
 *   each move is a timeline step, and the assignee or villager is told the new date.
 * - Pending tasks with a deadline of their own (a 回访, a 督办, an on-the-spot check) move too.
 * - A booked session whose day is now off is flagged to the mediator (a 调解改期 task), never
 *   moved; its flag is withdrawn when the day is worked again.
 *
 * `planCalendarMoves` only reads: the admin's preview shows it before anything is saved. The
 * save then applies the plan of the saved calendar (`followCalendar`), and a mark
 * (`calendar_followed:<town>:<fingerprint>`) records that the town's records follow that
 * calendar; the deadlines sweep repeats the work while the mark is missing (a save cut short,
 * a record that changed under it, newer library data), so nothing is left on an old date.
 */
import { performance } from 'node:perf_hooks';
import { CLUE_GROUPS } from '../../shared/clue/clue.machine';
import { CLUE_DOMAIN_LABELS } from '../../shared/clue/clue.catalog';
import { CONCERN_GROUPS } from '../../shared/concern/concern.machine';
import { CONCERN_KIND_LABELS } from '../../shared/concern/concern.kinds';
import { chinaIso, DAY_MS } from '../../shared/calendar/china-time';
import type { WorkingCalendar } from '../../shared/calendar/working-days';
import type { Result } from '../../shared/kernel/result';
import { TASK_GROUPS } from '../../shared/task/task.machine';
import { TASK_KIND_LABELS } from '../../shared/task/task.schema';
import type { Task } from '../../shared/task/task.schema';
import { clueDeadlinesOn, moveClueDeadlines } from '../clue/clue.api';
import type { ClueDeadlinesMove } from '../clue/clue.api';
import { concernDeadlineOn, moveConcernDeadline } from '../concern/concern.api';
import type { ConcernDeadlineMove } from '../concern/concern.api';
import { applyBookingMove, bookingDatesOn, slotLabel } from '../mediation/mediation.api';
import type { BookingCalendarMove } from '../mediation/mediation.api';
import type { ActionCall } from '../runtime/action';
import type { TownCalendar } from '../runtime/calendars';
import type { AppContext } from '../runtime/context';
import { loadGrid } from '../runtime/directory';
import { scanParsed } from '../runtime/paging';
import type { TaskDueMove } from '../runtime/tasks';
import { moveTaskDue, taskDueOn } from '../runtime/tasks';
import type { StepOutcome } from '../runtime/timer-steps';
import { getMark, markId, putMark, runStep } from '../runtime/timer-steps';
import { BOOKINGS, CLUES, CONCERNS, ROOMS, TASKS } from '../store/collections';
import type { StoredDoc } from '../store/store.port';
import type { BookingRecord } from '../store/records/records';
import type { CalendarMoveCounts, CalendarMoveView } from './follow-calendar.views';

export type { CalendarMoveCounts, CalendarMoveView } from './follow-calendar.views';

/** Succeeded mediations older than this (by session) no longer have a countdown running. */
const BOOKING_LOOKBACK_DAYS = 120;

type ConcernDoc = Parameters<typeof moveConcernDeadline>[2];
type ClueDoc = Parameters<typeof moveClueDeadlines>[2];

/** What a calendar moves in a town: the list to show and the steps to take. */
export interface CalendarPlan {
  readonly moves: readonly CalendarMoveView[];
  readonly counts: CalendarMoveCounts;
  readonly concerns: readonly { readonly doc: ConcernDoc; readonly move: ConcernDeadlineMove }[];
  readonly clues: readonly { readonly doc: ClueDoc; readonly move: ClueDeadlinesMove }[];
  readonly tasks: readonly { readonly doc: StoredDoc<Task>; readonly move: TaskDueMove }[];
  readonly bookings: readonly {
    readonly doc: BookingRecord;
    readonly move: BookingCalendarMove;
  }[];
}

/** The town's open work as `calendar` would date it (reads only). */
export async function planCalendarMoves(
  ctx: AppContext,
  townId: string,
  calendar: WorkingCalendar,
): Promise<CalendarPlan> {
  const nowMs = ctx.clock.nowMs();
  const [grid, concerns, clues, tasks, bookings, rooms] = await Promise.all([
    loadGrid(ctx, townId),
    scanParsed(ctx, CONCERNS, {
      where: { townId, status: { in: [...CONCERN_GROUPS.open] } },
      orderBy: { path: 'dueAt', order: 'asc' },
    }),
    scanParsed(ctx, CLUES, {
      where: { townId, status: { in: [...CLUE_GROUPS.pendingReview] } },
      orderBy: { path: 'createdAt', order: 'asc' },
    }),
    scanParsed(ctx, TASKS, {
      where: { townId, status: { in: [...TASK_GROUPS.pending] } },
      orderBy: { path: 'dueAt', order: 'asc' },
    }),
    scanParsed(ctx, BOOKINGS, {
      where: {
        townId,
        status: { in: ['requested', 'confirmed', 'succeeded'] },
        slotStart: { gte: chinaIso(nowMs - BOOKING_LOOKBACK_DAYS * DAY_MS) },
      },
      orderBy: { path: 'slotStart', order: 'asc' },
    }),
    scanParsed(ctx, ROOMS, { where: { townId }, orderBy: { path: 'name', order: 'asc' } }),
  ]);
  const placeName = new Map(grid.map((n) => [n._id, n.name]));
  const roomOf = new Map(rooms.docs.map((r) => [r._id, r]));
  const tasksOfBooking = new Map<string, StoredDoc<Task>[]>();
  for (const t of tasks.docs) {
    if (t.subject.type !== 'booking') continue;
    tasksOfBooking.set(t.subject.id, [...(tasksOfBooking.get(t.subject.id) ?? []), t]);
  }

  const moves: CalendarMoveView[] = [];
  const plan = {
    concerns: [] as { doc: ConcernDoc; move: ConcernDeadlineMove }[],
    clues: [] as { doc: ClueDoc; move: ClueDeadlinesMove }[],
    tasks: [] as { doc: StoredDoc<Task>; move: TaskDueMove }[],
    bookings: [] as { doc: BookingRecord; move: BookingCalendarMove }[],
  };
  const counts = {
    concerns: 0,
    clues: 0,
    tasks: 0,
    mediationTargets: 0,
    confirmations: 0,
    sessionsOnHoliday: 0,
    sessionsLifted: 0,
  };

  for (const doc of concerns.docs) {
    const move = concernDeadlineOn(doc, calendar);
    if (move === null) continue;
    plan.concerns.push({ doc, move });
    counts.concerns += 1;
    const place = placeName.get(doc.place.gridNodeId) ?? '';
    moves.push({
      kind: 'concern',
      label: `说事 · ${CONCERN_KIND_LABELS[doc.kind]}${place === '' ? '' : ` · ${place}`}`,
      from: move.from,
      to: move.to,
    });
  }
  for (const doc of clues.docs) {
    const move = clueDeadlinesOn(doc, calendar);
    if (move === null) continue;
    plan.clues.push({ doc, move });
    counts.clues += 1;
    const label = `公益诉讼线索 · ${CLUE_DOMAIN_LABELS[doc.domain]}`;
    if (move.reply !== undefined) {
      moves.push({ kind: 'clue_reply', label: `${label}（程序性答复）`, ...move.reply });
    }
    if (move.result !== undefined) {
      moves.push({ kind: 'clue_result', label: `${label}（办理结果）`, ...move.result });
    }
  }
  for (const doc of tasks.docs) {
    const move = taskDueOn(doc, calendar);
    if (move === null) continue;
    plan.tasks.push({ doc, move });
    counts.tasks += 1;
    moves.push({ kind: 'task', label: `${TASK_KIND_LABELS[doc.kind]}任务`, ...move });
  }
  for (const doc of bookings.docs) {
    const room = roomOf.get(doc.roomId);
    if (room === undefined) continue;
    const move = bookingDatesOn(doc, room, tasksOfBooking.get(doc._id) ?? [], calendar, nowMs);
    if (move === null) continue;
    plan.bookings.push({ doc, move });
    const label = `调解 · ${room.name} · ${slotLabel(doc.slotStart)}`;
    if (move.target !== undefined) {
      counts.mediationTargets += 1;
      moves.push({ kind: 'mediation_target', label: `${label}（调解期限）`, ...move.target });
    }
    if (move.confirmation !== undefined) {
      counts.confirmations += 1;
      moves.push({ kind: 'confirmation', label: `${label}（司法确认截止）`, ...move.confirmation });
    }
    if (move.session === 'flag') {
      counts.sessionsOnHoliday += 1;
      moves.push({ kind: 'session_on_holiday', label, from: doc.slotStart, to: null });
    }
    if (move.session === 'lift') {
      counts.sessionsLifted += 1;
      moves.push({ kind: 'session_lifted', label, from: doc.slotStart, to: doc.slotStart });
    }
  }
  return { moves, counts, ...plan };
}

/** How following a calendar went: what was done, and whether the town now follows it. */
export interface FollowReport {
  readonly counts: CalendarMoveCounts;
  readonly done: number;
  /** Steps another change got to first: the sweep takes them up again. */
  readonly conflicts: number;
  readonly failed: number;
  /** Steps not taken for lack of time in this call: the next sweep takes them. */
  readonly left: number;
  /** True when every step went through and the mark was written. */
  readonly followed: boolean;
}

/** The mark saying a town's records follow the calendar with this fingerprint. */
function followedMarkId(townId: string, fingerprint: string): string {
  return markId('calendar_followed', townId, fingerprint);
}

/**
 * The library data every record was counted on before towns kept their own table: a town
 * that never saved one and runs on this data has nothing to follow.
 */
const BASELINE_FINGERPRINT = 'chinese-days:2024,2025,2026|v0';

/** Whether the town's records may still be dated by an older calendar than `state`. */
export async function mustFollow(
  ctx: AppContext,
  townId: string,
  state: TownCalendar,
): Promise<boolean> {
  if (state.fingerprint === BASELINE_FINGERPRINT) return false;
  return (await getMark(ctx, followedMarkId(townId, state.fingerprint))) === null;
}

/**
 * How long one call spends moving records (real time): the functions' timeout on CloudBase is
 * 60 s and a save or a sweep has other work; what is left is taken up by the next sweep.
 */
export const FOLLOW_BUDGET_MS = 25_000;

/**
 * Moves the town's open work onto `state`'s calendar, one record per transaction through the
 * concepts' steps, and marks the town as following it once every step went through. Stops
 * after `budgetMs` (the mark is then not written, so the next sweep goes on).
 */
export async function followCalendar(
  ctx: AppContext,
  call: ActionCall<unknown>,
  townId: string,
  state: TownCalendar,
  budgetMs: number = FOLLOW_BUDGET_MS,
): Promise<FollowReport> {
  const plan = await planCalendarMoves(ctx, townId, state.calendar);
  const outcomes: StepOutcome[] = [];
  const started = performance.now();
  let left = 0;
  const step = async (what: Record<string, unknown>, run: () => Promise<Result<unknown>>) => {
    if (performance.now() - started > budgetMs) {
      left += 1;
      return;
    }
    outcomes.push(await runStep(ctx, { ...what, step: 'follow_calendar' }, run));
  };
  for (const { doc, move } of plan.concerns) {
    await step({ concernId: doc._id }, () => moveConcernDeadline(ctx, call, doc, move));
  }
  for (const { doc, move } of plan.clues) {
    await step({ clueId: doc._id }, () => moveClueDeadlines(ctx, call, doc, move));
  }
  for (const { doc, move } of plan.tasks) {
    await step({ taskId: doc._id }, () => moveTaskDueStep(ctx, call, doc, move));
  }
  for (const { doc, move } of plan.bookings) {
    await step({ bookingId: doc._id }, () => applyBookingMove(ctx, call, doc, move, state.version));
  }
  const done = outcomes.filter((o) => o === 'done').length;
  const conflicts = outcomes.filter((o) => o === 'already').length;
  const failed = outcomes.filter((o) => o === 'failed').length;
  let followed = false;
  if (conflicts === 0 && failed === 0 && left === 0) {
    const marked = await call.transact(townId, (tx) =>
      putMark(ctx, tx, followedMarkId(townId, state.fingerprint), {
        townId,
        kind: 'calendar_followed',
        subjectType: 'rules',
        subjectId: `${townId}:holidays`,
      }),
    );
    followed = marked.ok || marked.error.code === 'CONFLICT';
  }
  if (done + conflicts + failed > 0 || !followed) {
    ctx.log.info(
      { townId, fingerprint: state.fingerprint, done, conflicts, failed, left, followed },
      'deadlines followed the town calendar',
    );
  }
  return { counts: plan.counts, done, conflicts, failed, left, followed };
}

/** A task's own deadline moved in its own transaction. */
function moveTaskDueStep(
  ctx: AppContext,
  call: ActionCall<unknown>,
  task: StoredDoc<Task>,
  move: TaskDueMove,
): Promise<Result<void>> {
  return call.transact(task.townId, (tx) => moveTaskDue(ctx, tx, task, move));
}
