/**
 * The `deadlines` sweep (限时办结 and 督办 supervision), run per town by the timer:
 *
 * a scheduler: it scans and calls the concepts' own steps, which write their records.
 * - Open concerns near their deadline are flagged, overdue ones escalate one level per sweep
 *   (concern/escalate-concern.ts).
 * - Public-interest clues (公益诉讼线索), 件件有回复: the liaison is told near a reply
 *   deadline, a prosecutor pressed past it (clue/press-clue-deadlines.ts).
 * - Overdue tasks are not touched: views compare `dueAt` with the clock.
 * - When this year (or, from 1 November, next year) has no holiday data, the sweep warns
 *   loudly (log) and says so in its reply; the banners and the stats overview show it too.
 * - When the town's records may still be dated by an older calendar (a holiday save cut
 *   short, newer library data), they are moved onto the current one first
 *   (deadlines/follow-calendar.ts).
 * - Everything here pushes to people, so the sweep acts from 08:00 to 20:00 China time only;
 *   what falls due in the night is taken up by the first sweep of the morning.
 *
 * A concern transferred to mediation, a clue or the petition office follows that pipeline's
 * own deadlines, so it is not escalated here; one transferred to a department is.
 */
import { CLUE_GROUPS } from '../../shared/clue/clue.machine';
import { deadlineState } from '../../shared/calendar/deadlines';
import { endOfLocalDay, isDaytime, toLocalDate } from '../../shared/calendar/china-time';
import { CONCERN_GROUPS, isOpen } from '../../shared/concern/concern.machine';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import { pressClueDeadline } from '../clue/clue.api';
import { escalateOverdue, flagNearDue, nextEscalationLevel } from '../concern/concern.api';
import type { ActionCall } from '../runtime/action';
import { directoryLoader } from '../runtime/assignees';
import type { CalendarWarning } from '../../shared/calendar/calendar.warning';
import { calendarWarning } from '../../shared/calendar/calendar.warning';
import type { FollowReport } from './follow-calendar';
import { followCalendar, mustFollow } from './follow-calendar';
import type { AppContext } from '../runtime/context';
import { scanParsed } from '../runtime/paging';
import type { StepOutcome } from '../runtime/timer-steps';
import { runStep } from '../runtime/timer-steps';
import { CLUES, CONCERNS } from '../store/collections';

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
  /** What moving the town's records onto its current calendar did; null when nothing had to. */
  readonly followedCalendar: FollowReport | null;
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
    followedCalendar: null,
  };
}

/** One sweep of the town's deadlines. */
export async function sweepDeadlines(
  ctx: AppContext,
  call: ActionCall<unknown>,
): Promise<Result<SweepReport>> {
  const townId = call.caller.actor?.townId;
  if (townId === undefined) throw new Error('deadlines sweep without a timer actor');
  const state = await ctx.calendars.stateOf(townId);
  const townCalendar = state.calendar;
  const calendar = calendarWarning(townCalendar, toLocalDate(ctx.clock.nowIso()));
  if (calendar.uncoveredYears.length > 0) {
    ctx.log.warn(
      { townId, uncoveredYears: calendar.uncoveredYears },
      'HOLIDAY DATA MISSING: deadlines in these years count weekends only; import the holiday schedule',
    );
  }
  // Escalations and warnings push to people: they wait for the morning.
  if (!isDaytime(ctx.clock.nowMs())) return ok(quietSweep(calendar));
  const followedCalendar = (await mustFollow(ctx, townId, state))
    ? await followCalendar(ctx, call, townId, state)
    : null;
  const directory = directoryLoader(ctx, townId);
  const nowIso = ctx.clock.nowIso();
  const horizon = endOfLocalDay(townCalendar.nextWorkday(toLocalDate(nowIso)));

  const concerns = await scanParsed(ctx, CONCERNS, {
    where: { townId, status: { in: [...CONCERN_GROUPS.open] }, dueAt: { lte: horizon } },
    orderBy: { path: 'dueAt', order: 'asc' },
  });
  const tally = { flagged: 0, toCommunity: 0, toCentre: 0, failed: 0 };
  for (const concern of concerns.docs) {
    if (!isOpen(concern) || concern.dueAt === null) continue;
    if (concern.status === 'transferred' && concern.transfer !== undefined) {
      if (TRANSFERS_WITH_OWN_DEADLINES.has(concern.transfer.target.to)) continue;
    }
    const state = deadlineState(nowIso, concern.dueAt, townCalendar);
    let outcome: StepOutcome | null = null;
    if (state === 'near_due') {
      outcome = await runStep(ctx, { concernId: concern._id, step: 'near_due' }, () =>
        flagNearDue(ctx, call, concern),
      );
      if (outcome === 'done') tally.flagged += 1;
    } else if (state === 'overdue') {
      const level = nextEscalationLevel(concern, ctx.clock.nowMs(), townCalendar);
      if (level !== null) {
        outcome = await runStep(ctx, { concernId: concern._id, step: 'escalate', level }, () =>
          escalateOverdue(ctx, call, concern, level, directory, townCalendar),
        );
        if (outcome === 'done') tally[level === 1 ? 'toCommunity' : 'toCentre'] += 1;
      }
    }
    if (outcome === 'failed') tally.failed += 1;
  }

  const clues = await scanParsed(ctx, CLUES, {
    where: { townId, status: { in: [...CLUE_GROUPS.pendingReview] } },
    orderBy: { path: 'createdAt', order: 'asc' },
  });
  const clueTally = { notified: 0, supervised: 0, failed: 0 };
  for (const clue of clues.docs) {
    for (const which of ['reply', 'result'] as const) {
      const outcome = await pressClueDeadline(ctx, call, clue, which, directory, townCalendar);
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
    followedCalendar,
  });
}
