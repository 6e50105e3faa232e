/**
 * What timers need to take a step on a record exactly once: timer marks (定时提醒记录) and
 * `runStep`. A mark's `_id` names the step and the record (and, when a deadline can move,
 * which deadline), so it can be inserted once only: it is written in the same transaction as
 * the notification or task, and a second sweep (or a concurrent one) hits CONFLICT and rolls
 * back. Marks live apart from the records, so concerns, clues and bookings never carry timer
 * bookkeeping in their schemas.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import { TIMER_MARKS } from '../store/collections';
import type { MarkKind, TimerMarkRecord } from '../store/records/records';
import type { Tx } from '../store/store.port';
import type { AppContext } from './context';
import { markWriter } from './runtime.collections';

export type { MarkKind } from '../store/records/records';

/** Reason carried by the CONFLICT a repeated mark raises. */
export const ALREADY_DONE = 'timer-step-already-done';

/** The mark's id: the step, the record and (when a deadline can move) which deadline. */
export function markId(kind: MarkKind, subjectId: string, variant?: string | number): string {
  return variant === undefined ? `${kind}:${subjectId}` : `${kind}:${subjectId}:${variant}`;
}

/**
 * Records that a step was taken, inside the step's transaction. A repeat is an Err (CONFLICT,
 * reason ALREADY_DONE), so returning it rolls back the notification or task written with it.
 */
export async function putMark(
  ctx: AppContext,
  tx: Tx,
  id: string,
  mark: Omit<TimerMarkRecord, '_id' | '_version' | 'at'>,
): Promise<Result<void>> {
  const stored = await markWriter.insert(tx, { _id: id, ...mark, at: ctx.clock.nowIso() });
  if (stored.ok) return ok(undefined);
  if (stored.error.code === 'CONFLICT') {
    return err(appError('CONFLICT', undefined, { reason: ALREADY_DONE, markId: id }));
  }
  return err(stored.error);
}

/** A mark already written, or null. */
export function getMark(ctx: AppContext, id: string): Promise<TimerMarkRecord | null> {
  return TIMER_MARKS.get(ctx.store, id);
}

/** How one timer step ended. */
export type StepOutcome = 'done' | 'already' | 'failed';

/**
 * Runs one step (its own transaction) and classifies the result: a CONFLICT means another run
 * did it first or the record moved on, anything else is logged as an error and the sweep
 * goes on with the next record.
 */
export async function runStep(
  ctx: AppContext,
  what: Readonly<Record<string, unknown>>,
  step: () => Promise<Result<unknown>>,
): Promise<StepOutcome> {
  const result = await step();
  if (result.ok) return 'done';
  if (result.error.code === 'CONFLICT') return 'already';
  ctx.log.error({ ...what, error: result.error }, 'timer step failed');
  return 'failed';
}
