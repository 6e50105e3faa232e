/**
 * Deadlines (限时办结) for concerns, return visits (回访), public-interest clues (公益诉讼线索) and
 * mediation (调解). Working-day limits are counted on the {@link WorkingCalendar}; every deadline
 * is the end of a China-local day, as an ISO instant with +08:00.
 *
 * Counting convention, as in 12345 hotline practice: the day something arrives does not count.
 * A 3-working-day concern submitted on a Friday (or over the weekend) is due at the end of
 * Wednesday. Results carry `uncoveredYears`: when non-empty, the date was computed on weekends
 * only and callers must warn (log + centre dashboard).
 */
import { z } from 'zod';
import type { ConcernKind } from '../concern/concern.kinds';
import { CONCERN_KINDS } from '../concern/concern.kinds';
import type { LocalDate, WorkingCalendar } from './working-days';
import { addCalendarDays, addCalendarMonths } from './working-days';
import { endOfLocalDay, instantMs, toLocalDate } from './china-time';

/** Deadline rules a town can tune: working days allowed per concern kind. */
export interface DeadlineRules {
  readonly workingDays: Readonly<Record<ConcernKind, number>>;
}

/**
 * The county 12345 rule to start from (docs/domain.md §2): 咨询 consultation / 求助 help within 3
 * working days; 建议 / 批评 / 投诉 / 举报 and 矛盾纠纷 dispute within 13. Emergencies are due the
 * same day whatever the kind, so they need no entry.
 */
export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  workingDays: {
    consultation: 3,
    help: 3,
    suggestion: 13,
    criticism: 13,
    complaint: 13,
    report: 13,
    dispute: 13,
  },
};

/** A limit longer than a quarter's working days is surely a typo. */
const MAX_RULE_WORKING_DAYS = 60;

const workingDaysSchema = z
  .number({ error: '办理时限要填数字（工作日天数）' })
  .int({ error: '办理时限要填整数天' })
  .min(1, { error: '办理时限至少 1 个工作日；紧急事项按当天办结处理' })
  .max(MAX_RULE_WORKING_DAYS, { error: `办理时限最多 ${MAX_RULE_WORKING_DAYS} 个工作日` });

/** Schema of the deadline rules an admin edits; every concern kind needs a limit. */
export const deadlineRulesSchema = z.object(
  {
    workingDays: z.object(
      Object.fromEntries(CONCERN_KINDS.map((kind) => [kind, workingDaysSchema])) as Record<
        ConcernKind,
        typeof workingDaysSchema
      >,
      { error: '要为每一类诉求填写办理时限' },
    ),
  },
  { error: '办理时限规则格式有误' },
);

/** A computed deadline and the years it crossed that have no holiday data. */
export interface Deadline {
  readonly dueAt: string;
  readonly uncoveredYears: number[];
}

export interface ConcernDeadline extends Deadline {
  /** The working days allowed (0 for an emergency). */
  readonly workingDays: number;
}

/**
 * When a concern is due: the end of the Nth working day after the local day of submission
 * (the submission day does not count). An emergency is due at the end of the day it was
 * submitted, holiday or not (当日办结).
 */
export function concernDueAt(
  calendar: WorkingCalendar,
  rules: DeadlineRules,
  submittedAtIso: string,
  kind: ConcernKind,
  { emergency }: { readonly emergency: boolean },
): ConcernDeadline {
  const submitted = toLocalDate(submittedAtIso);
  if (emergency) {
    return {
      dueAt: endOfLocalDay(submitted),
      workingDays: 0,
      uncoveredYears: calendar.uncoveredYears(submitted, submitted),
    };
  }
  const workingDays = rules.workingDays[kind];
  const due = calendar.addWorkingDays(submitted, workingDays);
  return {
    dueAt: endOfLocalDay(due),
    workingDays,
    uncoveredYears: calendar.uncoveredYears(submitted, due),
  };
}

/**
 * A deadline moved by an approved extension (延期): the end of the Nth working day after the
 * current due date. `extraWorkingDays` must be a positive integer (the request schema checks it).
 */
export function extendDueAt(
  calendar: WorkingCalendar,
  currentDueAt: string,
  extraWorkingDays: number,
): Deadline {
  if (!Number.isInteger(extraWorkingDays) || extraWorkingDays < 1) {
    throw new RangeError(`extension must be a positive integer: ${extraWorkingDays}`);
  }
  const current = toLocalDate(currentDueAt);
  const due = calendar.addWorkingDays(current, extraWorkingDays);
  return { dueAt: endOfLocalDay(due), uncoveredYears: calendar.uncoveredYears(current, due) };
}

/** The return visit (回访) is due by the end of the next working day after resolution. */
export function returnVisitDueAt(calendar: WorkingCalendar, resolvedAtIso: string): Deadline {
  const resolved = toLocalDate(resolvedAtIso);
  const due = calendar.nextWorkday(resolved);
  return { dueAt: endOfLocalDay(due), uncoveredYears: calendar.uncoveredYears(resolved, due) };
}

/** 件件有回复: a procedural reply within 7 working days of receipt. */
export const CLUE_PROCEDURAL_REPLY_WORKING_DAYS = 7;
/** 件件有回复: a result, or progress, within 3 months of receipt. */
export const CLUE_RESULT_MONTHS = 3;

export interface ClueReplyDeadlines {
  readonly proceduralReplyDueAt: string;
  readonly resultDueAt: string;
  readonly uncoveredYears: number[];
}

/**
 * The procuratorate's two reply deadlines for a public-interest clue (件件有回复): a procedural
 * reply by the end of the 7th working day after receipt, and a result or progress by the end of
 * the same date 3 calendar months later (clamped to the month's end, e.g. Nov 30 → Feb 28).
 */
export function clueReplyDeadlines(
  calendar: WorkingCalendar,
  receivedAtIso: string,
): ClueReplyDeadlines {
  const received = toLocalDate(receivedAtIso);
  const procedural = calendar.addWorkingDays(received, CLUE_PROCEDURAL_REPLY_WORKING_DAYS);
  return {
    proceduralReplyDueAt: endOfLocalDay(procedural),
    resultDueAt: endOfLocalDay(addCalendarMonths(received, CLUE_RESULT_MONTHS)),
    uncoveredYears: calendar.uncoveredYears(received, procedural),
  };
}

/** Mediation's target (调解期限): finished within one calendar month of its start, end of that day. */
export function mediationTargetDueAt(startIso: string): string {
  return endOfLocalDay(addCalendarMonths(toLocalDate(startIso), 1));
}

/** 人民调解法 art. 33: parties apply jointly for 司法确认 within 30 days of the agreement. */
export const CONFIRMATION_PERIOD_DAYS = 30;

/**
 * Last moment for a joint judicial-confirmation application (司法确认): the end of the 30th
 * calendar day after signing (the signing day does not count). Given a calendar, a last day
 * that falls on a day off moves to the next working day, as the Civil Code (民法典 art. 203)
 * reads a period ending on a statutory rest day; without one the plain date is returned, which
 * is never later than the legal one.
 */
export function confirmationDeadline(
  agreementSignedAtIso: string,
  calendar?: WorkingCalendar,
): string {
  const last = addCalendarDays(toLocalDate(agreementSignedAtIso), CONFIRMATION_PERIOD_DAYS);
  return endOfLocalDay(calendar === undefined ? last : calendar.addWorkingDays(last, 0));
}

export type DeadlineState = 'on_time' | 'near_due' | 'overdue';

/**
 * Where work stands against its deadline: `overdue` once now is past the due instant;
 * `near_due` when the due instant falls before the end of the next working day after today
 * (on a workday: due today or the next working day; on a day off: due before the end of the
 * next working day); otherwise `on_time`.
 */
export function deadlineState(
  nowIso: string,
  dueAtIso: string,
  calendar: WorkingCalendar,
): DeadlineState {
  const now = instantMs(nowIso);
  const due = instantMs(dueAtIso);
  if (now > due) return 'overdue';
  const horizon: LocalDate = calendar.nextWorkday(toLocalDate(nowIso));
  return due <= instantMs(endOfLocalDay(horizon)) ? 'near_due' : 'on_time';
}
