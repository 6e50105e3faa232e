/**
 * Timer marks (定时提醒记录): what a timer has already done to a record — a near-due warning,
 * a return-visit (回访) request, a judicial-confirmation (司法确认) reminder. A mark's `_id`
 * names the step and the record, so it can be inserted once only: it is written in the same
 * transaction as the notification or task, and a second sweep (or a concurrent one) hits
 * CONFLICT and rolls back. Marks live apart from the records so the engineers who own
 * concerns, clues and bookings never have to carry timer bookkeeping in their schemas.
 */
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { AppContext } from '../runtime/context';
import type { StoreTx, StoredDoc } from '../store/store.port';

export const TIMER_MARKS = 'timer_marks';

/** The steps timers take at most once per record (and per deadline, where it can move). */
export const MARK_KINDS = [
  'concern_near_due',
  'clue_reply_near',
  'clue_reply_overdue',
  'clue_result_near',
  'clue_result_overdue',
  'return_visit_asked',
  'confirmation_7d',
  'confirmation_1d',
  'performance_visit',
] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

export interface TimerMark {
  readonly townId: string;
  readonly kind: MarkKind;
  readonly subjectType: 'concern' | 'clue' | 'booking';
  readonly subjectId: string;
  readonly at: string;
}

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
  tx: StoreTx,
  id: string,
  mark: Omit<TimerMark, 'at'>,
): Promise<Result<void>> {
  const stored = await tx.insert<TimerMark>(TIMER_MARKS, {
    _id: id,
    ...mark,
    at: ctx.clock.nowIso(),
  });
  if (stored.ok) return ok(undefined);
  if (stored.error.code === 'CONFLICT') {
    return err(appError('CONFLICT', undefined, { reason: ALREADY_DONE, markId: id }));
  }
  return err(stored.error);
}

/** A mark already written, or null. */
export async function getMark(ctx: AppContext, id: string): Promise<StoredDoc<TimerMark> | null> {
  return ctx.store.get<TimerMark>(TIMER_MARKS, id);
}
