/**
 * Deadlines (限时办结) for concerns, return visits (回访), public-interest clues (公益诉讼线索) and
 * mediation (调解). Working-day limits are counted on the town's {@link WorkingCalendar}; such a
 * deadline is the end of a China-local day, as an ISO instant with +08:00.
 *
 * Counting convention, as in 12345 hotline practice: the day something arrives does not count.
 * A 3-working-day concern submitted on a Friday (or over the weekend) is due at the end of
 * Wednesday. Results carry `uncoveredYears`: when non-empty, the date was computed on weekends
 * only and callers must say so (log, the staff view beside the date, the banners).
 *
 * Every deadline that depends on the calendar keeps its {@link DueRule} (what it is counted
 * from and how many working days), so when a town's holiday table changes the deadline is
 * counted again from the same start instead of guessed from the old date.
 */
import { z } from 'zod';
import type { ConcernKind } from '../concern/concern.kinds';
import { CONCERN_KINDS } from '../concern/concern.kinds';
import type { LocalDate, WorkingCalendar } from './working-days';
import { addCalendarDays, addCalendarMonths } from './working-days';
import {
  chinaIso,
  endOfLocalDay,
  HOUR_MS,
  instantMs,
  MINUTE_MS,
  startOfLocalDay,
  toLocalDate,
} from './china-time';

/**
 * What a deadline is counted from, kept beside it:
 * - `working_days`: the end of the `days`-th working day after `from` (for 0: `from` itself
 *   when worked, else the next working day); counted again whenever the calendar changes;
 * - `hours`: a fixed instant (emergencies, 紧急事项), never moved by the calendar; overdue
 *   work under it is told in hours.
 */
export const dueRuleSchema = z.discriminatedUnion('unit', [
  z.strictObject({
    unit: z.literal('working_days'),
    from: z.iso.date(),
    days: z.number().int().min(0).max(400),
  }),
  z.strictObject({ unit: z.literal('hours') }),
]);
export type DueRule = z.infer<typeof dueRuleSchema>;

/** A working-day rule: the end of the `days`-th working day after `from`. */
export function workingDayRule(from: LocalDate, days: number): DueRule {
  return { unit: 'working_days', from, days };
}

/**
 * The deadline a working-day rule gives on `calendar`; null for a fixed (`hours`) rule, which
 * the calendar never moves.
 */
export function dueAtOf(rule: DueRule, calendar: WorkingCalendar): string | null {
  if (rule.unit === 'hours') return null;
  return endOfLocalDay(calendar.addWorkingDays(rule.from, rule.days));
}

/**
 * Emergencies (紧急事项) are due the same day (当日办结); one that arrives late in the day, at
 * or after this hour (China time), is due by noon the next day instead, so a call taken at
 * 23:27 is not overdue at midnight. Emergencies ignore the calendar: holidays included.
 */
export const EMERGENCY_LATE_HOUR = 18;
/** The hour (China time) on the next day by which a late emergency is due. */
export const EMERGENCY_NEXT_DAY_HOUR = 12;

/** When an emergency filed at `filedAtIso` is due (see EMERGENCY_LATE_HOUR). */
export function emergencyDueAt(filedAtIso: string): string {
  const day = toLocalDate(filedAtIso);
  const hour = (instantMs(filedAtIso) - instantMs(startOfLocalDay(day))) / HOUR_MS;
  if (hour < EMERGENCY_LATE_HOUR) return endOfLocalDay(day);
  const nextDay = startOfLocalDay(addCalendarDays(day, 1));
  return chinaIso(instantMs(nextDay) + EMERGENCY_NEXT_DAY_HOUR * HOUR_MS);
}

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

/** A deadline together with the rule it was counted by. */
export interface RuledDeadline extends Deadline {
  readonly rule: DueRule;
}

export interface ConcernDeadline extends RuledDeadline {
  /** The working days allowed (0 for an emergency). */
  readonly workingDays: number;
}

/**
 * When a concern is due: the end of the Nth working day after the local day of submission
 * (the submission day does not count). An emergency is due the same day, or by noon the next
 * day when it came in from 18:00 ({@link emergencyDueAt}), holiday or not.
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
    const dueAt = emergencyDueAt(submittedAtIso);
    return {
      dueAt,
      workingDays: 0,
      rule: { unit: 'hours' },
      uncoveredYears: calendar.uncoveredYears(submitted, toLocalDate(dueAt)),
    };
  }
  const workingDays = rules.workingDays[kind];
  const due = calendar.addWorkingDays(submitted, workingDays);
  return {
    dueAt: endOfLocalDay(due),
    workingDays,
    rule: workingDayRule(submitted, workingDays),
    uncoveredYears: calendar.uncoveredYears(submitted, due),
  };
}

/**
 * A deadline moved by an approved extension (延期): the end of the Nth working day after the
 * current due date. `extraWorkingDays` must be a positive integer (the request schema checks it).
 * A working-day rule keeps its start and grows by the extension (so a later change of the
 * calendar counts both together); a fixed deadline's extension counts from its date.
 */
export function extendDueAt(
  calendar: WorkingCalendar,
  currentDueAt: string,
  extraWorkingDays: number,
  currentRule: DueRule = { unit: 'hours' },
): RuledDeadline {
  if (!Number.isInteger(extraWorkingDays) || extraWorkingDays < 1) {
    throw new RangeError(`extension must be a positive integer: ${extraWorkingDays}`);
  }
  const current = toLocalDate(currentDueAt);
  const due = calendar.addWorkingDays(current, extraWorkingDays);
  const rule =
    currentRule.unit === 'working_days' && currentRule.days > 0
      ? workingDayRule(currentRule.from, currentRule.days + extraWorkingDays)
      : workingDayRule(current, extraWorkingDays);
  return {
    dueAt: endOfLocalDay(due),
    rule,
    uncoveredYears: calendar.uncoveredYears(current, due),
  };
}

/** The return visit (回访) is due by the end of the next working day after resolution. */
export function returnVisitDueAt(calendar: WorkingCalendar, resolvedAtIso: string): RuledDeadline {
  return workingDaysAfter(calendar, resolvedAtIso, 1);
}

/** The end of the `days`-th working day after the local day of `fromIso`, with its rule. */
export function workingDaysAfter(
  calendar: WorkingCalendar,
  fromIso: string,
  days: number,
): RuledDeadline {
  const from = toLocalDate(fromIso);
  const rule = workingDayRule(from, days);
  const due = calendar.addWorkingDays(from, days);
  return {
    dueAt: endOfLocalDay(due),
    rule,
    uncoveredYears: calendar.uncoveredYears(from, due),
  };
}

/**
 * The last day of a period counted in calendar days or months that ends on a day off moves to
 * the next working day, as the Civil Code (民法典 art. 203) reads a period ending on a
 * statutory rest day.
 */
function offDaysForward(calendar: WorkingCalendar, lastDay: LocalDate): LocalDate {
  return calendar.addWorkingDays(lastDay, 0);
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
  const result = offDaysForward(calendar, addCalendarMonths(received, CLUE_RESULT_MONTHS));
  return {
    proceduralReplyDueAt: endOfLocalDay(procedural),
    resultDueAt: endOfLocalDay(result),
    uncoveredYears: calendar.uncoveredYears(received, result),
  };
}

/**
 * Mediation's target (调解期限): finished within one calendar month of its start, by the end of
 * that day, moved to the next working day when it falls on a day off.
 */
export function mediationTargetDueAt(calendar: WorkingCalendar, startIso: string): string {
  return endOfLocalDay(offDaysForward(calendar, addCalendarMonths(toLocalDate(startIso), 1)));
}

/** 人民调解法 art. 33: parties apply jointly for 司法确认 within 30 days of the agreement. */
export const CONFIRMATION_PERIOD_DAYS = 30;

/**
 * Last moment for a joint judicial-confirmation application (司法确认): the end of the 30th
 * calendar day after signing (the signing day does not count), moved to the next working day
 * when it falls on a day off (民法典 art. 203).
 */
export function confirmationDeadline(
  agreementSignedAtIso: string,
  calendar: WorkingCalendar,
): string {
  const last = addCalendarDays(toLocalDate(agreementSignedAtIso), CONFIRMATION_PERIOD_DAYS);
  return endOfLocalDay(offDaysForward(calendar, last));
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

/**
 * How late overdue work is, in the words the staff views show, counted as its rule states:
 * - a fixed (`hours`) deadline in minutes, hours, then days: 「超时5分钟」「超时3小时」「超时2天」;
 * - a working-day deadline in working days that have fully passed since the due date:
 *   「已超期」 on the first day past it (at 00:05 it is minutes late, not a day), then
 *   「超期1个工作日」 once a whole working day has gone by, and so on.
 * Null while the deadline has not passed.
 */
export function overdueText(
  nowIso: string,
  dueAtIso: string,
  unit: DueRule['unit'],
  calendar: WorkingCalendar,
): string | null {
  const late = instantMs(nowIso) - instantMs(dueAtIso);
  if (late <= 0) return null;
  if (unit === 'hours') {
    if (late < HOUR_MS) return `超时${Math.max(1, Math.floor(late / MINUTE_MS))}分钟`;
    if (late < 24 * HOUR_MS) return `超时${Math.floor(late / HOUR_MS)}小时`;
    return `超时${Math.floor(late / (24 * HOUR_MS))}天`;
  }
  const dueDate = toLocalDate(dueAtIso);
  const yesterday = addCalendarDays(toLocalDate(nowIso), -1);
  const passed = yesterday > dueDate ? calendar.workingDaysBetween(dueDate, yesterday) : 0;
  return passed === 0 ? '已超期' : `超期${passed}个工作日`;
}

/**
 * The note beside a date counted in a year the calendar has no holiday data for (neither the
 * library nor the town's table): 「2027年的节假日安排还没有录入，这个日期只按周末推算」; null when
 * every year from today to the date is covered.
 */
export function uncoveredNote(
  calendar: WorkingCalendar,
  nowIso: string,
  dueAtIso: string,
): string | null {
  const years = calendar.uncoveredYears(toLocalDate(nowIso), toLocalDate(dueAtIso));
  return years.length === 0
    ? null
    : `${years.join('、')}年的节假日安排还没有录入，这个日期只按周末推算，可能不准`;
}
