import fc from 'fast-check';
import { isWorkday as libraryIsWorkday } from 'chinese-days';
import { CONCERN_KINDS } from '../concern/concern.kinds';
import { DEFAULT_HOLIDAY_TABLE } from './calendar.data';
import {
  DEFAULT_DEADLINE_RULES,
  clueReplyDeadlines,
  concernDueAt,
  confirmationDeadline,
  deadlineRulesSchema,
  deadlineState,
  dueAtOf,
  emergencyDueAt,
  extendDueAt,
  mediationTargetDueAt,
  overdueText,
  returnVisitDueAt,
  uncoveredNote,
} from './deadlines';
import { createWorkingCalendar } from './working-days';
import { toLocalDate } from './china-time';

const calendar = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE);
const rules = DEFAULT_DEADLINE_RULES;
const normal = { emergency: false };
const end = (date: string): string => `${date}T23:59:59.999+08:00`;

describe('concernDueAt', () => {
  it('does not count the submission day: Friday + 3 working days is Wednesday', () => {
    const due = concernDueAt(calendar, rules, '2025-11-14T09:00:00+08:00', 'consultation', normal);
    expect(due).toEqual({
      dueAt: end('2025-11-19'),
      workingDays: 3,
      rule: { unit: 'working_days', from: '2025-11-14', days: 3 },
      uncoveredYears: [],
    });
  });

  it('gives a weekend submission the same deadline as a Friday one', () => {
    const sat = concernDueAt(calendar, rules, '2025-11-15T20:00:00+08:00', 'help', normal);
    expect(sat.dueAt).toBe(end('2025-11-19'));
  });

  it('skips the National Day 2025 break and counts its make-up Saturday', () => {
    // Sep 30 does not count; Oct 1–8 off; Oct 9 (1), Oct 10 (2), Saturday Oct 11 调休 (3).
    const due = concernDueAt(calendar, rules, '2025-09-30T10:00:00+08:00', 'consultation', normal);
    expect(due.dueAt).toBe(end('2025-10-11'));
  });

  it('reads the submission day in China time, not UTC', () => {
    // 2025-09-29T16:30Z is 00:30 on Sep 30 in China: due Oct 11, not Oct 10 as from Sep 29.
    const due = concernDueAt(calendar, rules, '2025-09-29T16:30:00Z', 'consultation', normal);
    expect(due.dueAt).toBe(end('2025-10-11'));
  });

  it('crosses Spring Festival 2026 with both make-up Saturdays', () => {
    // Fri Feb 13 → Sat Feb 14 调休 (1), Feb 15–23 off, Tue Feb 24 (2), Wed Feb 25 (3).
    const consult = concernDueAt(
      calendar,
      rules,
      '2026-02-13T11:00:00+08:00',
      'consultation',
      normal,
    );
    expect(consult.dueAt).toBe(end('2026-02-25'));
    // Tue Feb 10 → 11, 12, 13, 14 (Sat), 24, 25, 26, 27, 28 (Sat), Mar 2, 3, 4, 5 = 13 days.
    const complaint = concernDueAt(
      calendar,
      rules,
      '2026-02-10T11:00:00+08:00',
      'complaint',
      normal,
    );
    expect(complaint).toMatchObject({ dueAt: end('2026-03-05'), workingDays: 13 });
  });

  it('makes an emergency due at the end of the day it came in, even on a holiday', () => {
    const due = concernDueAt(calendar, rules, '2025-10-03T09:00:00+08:00', 'help', {
      emergency: true,
    });
    expect(due).toEqual({
      dueAt: end('2025-10-03'),
      workingDays: 0,
      rule: { unit: 'hours' },
      uncoveredYears: [],
    });
  });

  it('follows a town’s tuned rules', () => {
    const tuned = { workingDays: { ...rules.workingDays, dispute: 5 } };
    const due = concernDueAt(calendar, tuned, '2025-11-14T09:00:00+08:00', 'dispute', normal);
    expect(due).toMatchObject({ dueAt: end('2025-11-21'), workingDays: 5 });
  });

  it('reports a deadline that runs into a year without holiday data', () => {
    const due = concernDueAt(calendar, rules, '2026-12-28T09:00:00+08:00', 'complaint', normal);
    expect(due.uncoveredYears).toEqual([2027]);
    const emergency = concernDueAt(calendar, rules, '2027-03-01T09:00:00+08:00', 'help', {
      emergency: true,
    });
    expect(emergency.uncoveredYears).toEqual([2027]);
  });

  it('always lands on a working day, the rule’s number of working days later', () => {
    const submitted = fc
      .integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-09-01T00:00:00Z') })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(submitted, fc.constantFrom(...CONCERN_KINDS), (at, kind) => {
        const due = concernDueAt(calendar, rules, at, kind, normal);
        const dueDate = toLocalDate(due.dueAt);
        expect(libraryIsWorkday(dueDate)).toBe(true);
        expect(calendar.workingDaysBetween(toLocalDate(at), dueDate)).toBe(rules.workingDays[kind]);
        expect(Date.parse(due.dueAt)).toBeGreaterThan(Date.parse(at));
        expect(due.uncoveredYears).toEqual([]);
      }),
    );
  });
});

describe('emergencies (紧急事项) and the end of the day', () => {
  it('are due the same day when they come in before 18:00', () => {
    expect(emergencyDueAt('2025-11-17T09:00:00+08:00')).toBe(end('2025-11-17'));
    expect(emergencyDueAt('2025-11-17T17:59:59.999+08:00')).toBe(end('2025-11-17'));
  });

  it('are due by noon the next day from 18:00, so one filed at 23:27 is not overdue at 00:05', () => {
    expect(emergencyDueAt('2025-11-17T18:00:00+08:00')).toBe('2025-11-18T12:00:00.000+08:00');
    const filed = '2025-11-17T23:27:00+08:00';
    const due = emergencyDueAt(filed);
    expect(due).toBe('2025-11-18T12:00:00.000+08:00');
    expect(deadlineState('2025-11-18T00:05:00+08:00', due, calendar)).toBe('near_due');
    expect(overdueText('2025-11-18T00:05:00+08:00', due, 'hours', calendar)).toBeNull();
  });

  it('reads the hour in China time, whatever offset the instant is written with', () => {
    // 10:30Z is 18:30 in China.
    expect(emergencyDueAt('2025-11-17T10:30:00Z')).toBe('2025-11-18T12:00:00.000+08:00');
    expect(emergencyDueAt('2025-11-17T09:59:00Z')).toBe(end('2025-11-17'));
  });

  it('tells overdue fixed deadlines in minutes, hours, then days', () => {
    const due = end('2025-11-17');
    expect(overdueText('2025-11-17T23:00:00+08:00', due, 'hours', calendar)).toBeNull();
    expect(overdueText('2025-11-18T00:05:00+08:00', due, 'hours', calendar)).toBe('超时5分钟');
    expect(overdueText('2025-11-18T03:30:00+08:00', due, 'hours', calendar)).toBe('超时3小时');
    expect(overdueText('2025-11-20T09:00:00+08:00', due, 'hours', calendar)).toBe('超时2天');
  });

  it('tells overdue working-day deadlines in whole working days past, never a day at 00:05', () => {
    const due = end('2025-11-19'); // Wednesday
    const at = (iso: string) => overdueText(iso, due, 'working_days', calendar);
    expect(at('2025-11-19T23:00:00+08:00')).toBeNull();
    expect(at('2025-11-20T00:05:00+08:00')).toBe('已超期');
    expect(at('2025-11-20T17:00:00+08:00')).toBe('已超期');
    expect(at('2025-11-21T00:05:00+08:00')).toBe('超期1个工作日');
    // Thursday and Friday passed; the weekend does not count.
    expect(at('2025-11-24T09:00:00+08:00')).toBe('超期2个工作日');
    // Across National Day 2025 the days off do not count either.
    expect(
      overdueText('2025-10-09T09:00:00+08:00', end('2025-09-30'), 'working_days', calendar),
    ).toBe('已超期');
  });
});

describe('extendDueAt', () => {
  it('adds working days after the current due date, growing the working-day rule', () => {
    const rule = { unit: 'working_days', from: '2026-02-10', days: 3 } as const;
    expect(extendDueAt(calendar, end('2026-02-13'), 2, rule)).toEqual({
      dueAt: end('2026-02-24'),
      rule: { unit: 'working_days', from: '2026-02-10', days: 5 },
      uncoveredYears: [],
    });
  });

  it('counts an emergency’s extension from its due date', () => {
    expect(extendDueAt(calendar, '2025-11-18T12:00:00.000+08:00', 2, { unit: 'hours' })).toEqual({
      dueAt: end('2025-11-20'),
      rule: { unit: 'working_days', from: '2025-11-18', days: 2 },
      uncoveredYears: [],
    });
  });

  it('reports an extension into an uncovered year', () => {
    expect(extendDueAt(calendar, end('2026-12-30'), 3)).toMatchObject({
      dueAt: end('2027-01-04'),
      uncoveredYears: [2027],
    });
  });

  it('refuses a non-positive extension as a programming error', () => {
    expect(() => extendDueAt(calendar, end('2026-02-13'), 0)).toThrow(RangeError);
  });
});

describe('returnVisitDueAt', () => {
  it('is the end of the next working day after resolution', () => {
    expect(returnVisitDueAt(calendar, '2025-09-30T15:00:00+08:00').dueAt).toBe(end('2025-10-09'));
    expect(returnVisitDueAt(calendar, '2025-09-26T15:00:00+08:00').dueAt).toBe(end('2025-09-28'));
    expect(returnVisitDueAt(calendar, '2025-11-19T15:00:00+08:00').dueAt).toBe(end('2025-11-20'));
  });
});

describe('clueReplyDeadlines (件件有回复)', () => {
  it('gives 7 working days for the procedural reply and 3 months for the result', () => {
    // Fri Sep 26 → Sun 28 调休 (1), 29 (2), 30 (3), Oct 9 (4), 10 (5), Sat 11 调休 (6), Mon 13 (7).
    expect(clueReplyDeadlines(calendar, '2025-09-26T10:00:00+08:00')).toEqual({
      proceduralReplyDueAt: end('2025-10-13'),
      resultDueAt: end('2025-12-26'),
      uncoveredYears: [],
    });
  });

  it('clamps the 3-month result date to the end of a shorter month, then off a day off', () => {
    // 2026-02-28 is a 调休 Saturday, worked.
    expect(clueReplyDeadlines(calendar, '2025-11-30T10:00:00+08:00').resultDueAt).toBe(
      end('2026-02-28'),
    );
    // Three months after 17 Nov 2025 is 17 Feb 2026, in the Spring Festival break: 24 Feb.
    expect(clueReplyDeadlines(calendar, '2025-11-17T10:00:00+08:00').resultDueAt).toBe(
      end('2026-02-24'),
    );
  });
});

describe('mediation deadlines', () => {
  it('targets one calendar month for mediation (调解期限), moved off a day off', () => {
    expect(mediationTargetDueAt(calendar, '2025-01-31T09:00:00+08:00')).toBe(end('2025-02-28'));
    expect(mediationTargetDueAt(calendar, '2025-03-10T23:30:00+08:00')).toBe(end('2025-04-10'));
    // 1 Sep + 1 month = 1 Oct, National Day: 9 Oct.
    expect(mediationTargetDueAt(calendar, '2025-09-01T09:00:00+08:00')).toBe(end('2025-10-09'));
  });

  it('allows 30 days after signing for 司法确认, moved past a holiday', () => {
    expect(confirmationDeadline('2025-09-01T10:00:00+08:00', calendar)).toBe(end('2025-10-09'));
    expect(confirmationDeadline('2025-06-10T10:00:00+08:00', calendar)).toBe(end('2025-07-10'));
  });
});

describe('deadlines counted again from their rule', () => {
  it('moves with a town’s new holiday and back when it is removed', () => {
    const withHoliday = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, {
      2025: [{ name: '本镇', from: '2025-11-18', to: '2025-11-18', workdays: [] }],
    });
    const due = concernDueAt(calendar, rules, '2025-11-14T09:00:00+08:00', 'help', normal);
    expect(dueAtOf(due.rule, withHoliday)).toBe(end('2025-11-20'));
    expect(dueAtOf(due.rule, calendar)).toBe(due.dueAt);
    expect(dueAtOf({ unit: 'hours' }, withHoliday)).toBeNull();
  });

  it('says beside a date counted in a year without holiday data that it is a guess', () => {
    expect(uncoveredNote(calendar, '2026-12-20T09:00:00+08:00', end('2027-01-06'))).toBe(
      '2027年的节假日安排还没有录入，这个日期只按周末推算，可能不准',
    );
    expect(uncoveredNote(calendar, '2026-12-01T09:00:00+08:00', end('2026-12-10'))).toBeNull();
  });
});

describe('deadlineState', () => {
  const due = end('2025-11-19'); // a Wednesday

  it('moves from on time to near due to overdue', () => {
    expect(deadlineState('2025-11-17T10:00:00+08:00', due, calendar)).toBe('on_time');
    expect(deadlineState('2025-11-18T10:00:00+08:00', due, calendar)).toBe('near_due');
    expect(deadlineState('2025-11-19T23:59:59.999+08:00', due, calendar)).toBe('near_due');
    expect(deadlineState('2025-11-20T00:00:00+08:00', due, calendar)).toBe('overdue');
  });

  it('judges "today" in China time', () => {
    // 16:30Z on Nov 17 is already Tuesday Nov 18 in China.
    expect(deadlineState('2025-11-17T16:30:00Z', due, calendar)).toBe('near_due');
    expect(deadlineState('2025-11-17T15:30:00Z', due, calendar)).toBe('on_time');
  });

  it('counts working days, not calendar days, to the deadline', () => {
    // Across National Day the next working day after Sep 30 is Oct 9.
    expect(deadlineState('2025-09-30T09:00:00+08:00', end('2025-10-09'), calendar)).toBe(
      'near_due',
    );
    // On Saturday Sep 27 the next working day is the 调休 Sunday, so Monday is not yet near.
    expect(deadlineState('2025-09-27T09:00:00+08:00', end('2025-09-29'), calendar)).toBe('on_time');
    expect(deadlineState('2025-09-27T09:00:00+08:00', end('2025-09-28'), calendar)).toBe(
      'near_due',
    );
  });

  it('never calls a deadline overdue before it, nor on time after it', () => {
    const instant = fc
      .integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2026-10-01T00:00:00Z') })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(instant, instant, (now, dueAt) => {
        const state = deadlineState(now, dueAt, calendar);
        expect(state === 'overdue').toBe(Date.parse(now) > Date.parse(dueAt));
      }),
    );
  });
});

describe('deadline rules schema', () => {
  it('accepts the defaults', () => {
    expect(deadlineRulesSchema.parse(DEFAULT_DEADLINE_RULES)).toEqual(DEFAULT_DEADLINE_RULES);
  });

  it.each([
    [0, '至少 1 个工作日'],
    [2.5, '整数'],
    [61, '最多 60 个工作日'],
    ['3', '要填数字'],
  ])('rejects %p days with a Chinese message on the kind', (days, text) => {
    const input = { workingDays: { ...DEFAULT_DEADLINE_RULES.workingDays, complaint: days } };
    const result = deadlineRulesSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['workingDays', 'complaint'],
        message: expect.stringContaining(text),
      }),
    ]);
  });

  it('requires a limit for every concern kind', () => {
    const { dispute: _dispute, ...rest } = DEFAULT_DEADLINE_RULES.workingDays;
    const result = deadlineRulesSchema.safeParse({ workingDays: rest });
    expect(result.error?.issues.map((i) => i.path.join('.'))).toEqual(['workingDays.dispute']);
    expect(deadlineRulesSchema.safeParse({}).error?.issues[0]?.message).toBe(
      '要为每一类诉求填写办理时限',
    );
  });
});
