/**
 * The `reminders` run, per town: a scheduler that scans and calls the concepts' own steps.
 *
 * - 回访 return visit of a resolved concern: ask for the rating, archive when unanswered
 *   (concern/ask-return-visit.ts).
 * - 司法确认 judicial confirmation reminders after a successful mediation
 *   (mediation/remind-confirmation.ts).
 * - Performance return visit (履行回访) 30 days after a successful agreement
 *   (mediation/request-performance-visit.ts).
 *
 * Every step reaches a person, so the run acts from 08:00 to 20:00 China time only.
 * Session reminders are outbox entries the mediation function schedules in advance; the
 * `outbox` timer delivers them.
 */
import { chinaIso, DAY_MS, isDaytime } from '../../shared/calendar/china-time';
import type { Result } from '../../shared/kernel/result';
import { ok } from '../../shared/kernel/result';
import { returnVisit } from '../concern/concern.api';
import {
  remindConfirmation,
  requestPerformanceVisit,
  signedAtOf,
} from '../mediation/mediation.api';
import type { ActionCall } from '../runtime/action';
import { directoryLoader } from '../runtime/assignees';
import type { AppContext } from '../runtime/context';
import { scanParsed } from '../runtime/paging';
import type { StepOutcome } from '../runtime/timer-steps';
import { BOOKINGS, CONCERNS } from '../store/collections';

/** Successful mediations older than this (by session) are no longer looked at. */
export const BOOKING_LOOKBACK_DAYS = 120;

export interface RemindersReport {
  readonly returnVisits: { readonly asked: number; readonly archived: number };
  readonly confirmation: { readonly reminded: number };
  readonly performanceVisits: { readonly tasks: number };
  readonly skipped: number;
  readonly failed: number;
  /** True when the run fell in the night and left everything for the morning. */
  readonly quietHours: boolean;
}

/** One run of the town's reminders. */
export async function runReminders(
  ctx: AppContext,
  call: ActionCall<unknown>,
): Promise<Result<RemindersReport>> {
  const townId = call.caller.actor?.townId;
  if (townId === undefined) throw new Error('reminders run without a timer actor');
  const counts = { asked: 0, archived: 0, reminded: 0, tasks: 0, failed: 0 };
  // Everything here reaches a villager or a mediator: it waits for the morning.
  if (!isDaytime(ctx.clock.nowMs())) {
    return ok({
      returnVisits: { asked: 0, archived: 0 },
      confirmation: { reminded: 0 },
      performanceVisits: { tasks: 0 },
      skipped: 0,
      failed: 0,
      quietHours: true,
    });
  }
  const count = (outcome: StepOutcome, key: 'asked' | 'archived' | 'reminded' | 'tasks') => {
    if (outcome === 'done') counts[key] += 1;
    if (outcome === 'failed') counts.failed += 1;
  };

  const calendar = await ctx.calendars.forTown(townId);
  const resolved = await scanParsed(ctx, CONCERNS, {
    where: { townId, status: 'resolved' },
    orderBy: { path: 'dueAt', order: 'asc' },
  });
  for (const concern of resolved.docs) {
    const step = await returnVisit(ctx, call, concern, calendar);
    if (step !== null) count(step.outcome, step.key);
  }

  const nowMs = ctx.clock.nowMs();
  const bookings = await scanParsed(ctx, BOOKINGS, {
    where: {
      townId,
      status: 'succeeded',
      slotStart: { gte: chinaIso(nowMs - BOOKING_LOOKBACK_DAYS * DAY_MS) },
    },
    orderBy: { path: 'slotStart', order: 'asc' },
  });
  const directory = directoryLoader(ctx, townId);
  for (const booking of bookings.docs) {
    if (booking.outcome?.result !== 'success') continue;
    const signedAt = signedAtOf(booking);
    const reminder = await remindConfirmation(ctx, call, booking, signedAt, calendar);
    if (reminder !== null) count(reminder, 'reminded');
    const visit = await requestPerformanceVisit(ctx, call, booking, signedAt, directory, calendar);
    if (visit !== null) count(visit, 'tasks');
  }

  return ok({
    returnVisits: { asked: counts.asked, archived: counts.archived },
    confirmation: { reminded: counts.reminded },
    performanceVisits: { tasks: counts.tasks },
    skipped: resolved.invalid + bookings.invalid,
    failed: counts.failed,
    quietHours: false,
  });
}
