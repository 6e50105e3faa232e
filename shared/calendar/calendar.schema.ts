/**
 * A town's holiday table (节假日安排), entered the way the State Council (国务院办公厅) publishes
 * a year's notice: each holiday with its name, its days off as one range ("春节：2月6日至13日放假
 * 调休，共8天") and the 调休 make-up working days that go with it ("1月31日（周日）、2月20日（周六）
 * 上班"). Kept apart from calendar.data.ts so the admin's form can validate without bundling the
 * library's holiday data.
 *
 * How it combines with the library's per-day table (working-days.ts): day by day the town's
 * entry wins (a day in one of its ranges is off, a listed make-up day is worked); every other
 * day keeps the library's value, then the weekday rule. A year is covered once the library or
 * the town has it, so entering a year's notice is what makes that year's deadlines trustworthy.
 *
 * Stored as the `holidays` rule set (collection `rules`, `<townId>:holidays`):
 * `{ years: { "2027": [{ name, from, to, workdays }] } }`. An older per-day form
 * (`{ "2027": { holidays: [dates], workdays: [dates] } }`) is still read.
 */
import { z } from 'zod';
import type { FieldError } from '../kernel/errors';
import type { Result } from '../kernel/result';
import { err, ok } from '../kernel/result';
import { appError } from '../kernel/errors';
import type { LocalDate } from './china-time';
import { isLocalDate } from './china-time';

/** One holiday of a year's notice: its name, its days off (inclusive) and its make-up days. */
export interface HolidayRange {
  readonly name: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  /** 调休 make-up working days (a Saturday or Sunday each) that go with this holiday. */
  readonly workdays: readonly LocalDate[];
}

/** A town's holiday table: per year, the holidays of that year's notice. */
export type TownHolidayTable = Readonly<Record<number, readonly HolidayRange[]>>;

/** The statutory holidays' names (《全国年节及纪念日放假办法》), offered as choices in the form. */
export const HOLIDAY_NAMES = [
  '元旦',
  '春节',
  '清明节',
  '劳动节',
  '端午节',
  '中秋节',
  '国庆节',
] as const;

export const MIN_TABLE_YEAR = 2000;
export const MAX_TABLE_YEAR = 2100;
/** A notice has seven holidays; room for local additions, never hundreds. */
export const MAX_HOLIDAYS_PER_YEAR = 20;
/** The longest statutory break is nine days; more than fifteen is a typo. */
export const MAX_HOLIDAY_DAYS = 15;
export const MAX_WORKDAYS_PER_HOLIDAY = 5;
/** A file or a form saves a few years at once at most. */
export const MAX_YEARS_PER_SAVE = 5;

const dateField = (label: string) =>
  z.string({ error: '请填写日期，例如 2027-01-01' }).trim().max(10).meta({ label });

/** One holiday as the form and the file send it (dates checked by `checkHolidayYears`). */
export const holidayRangeInputSchema = z.strictObject({
  name: z
    .string({ error: '请填写节日名称，例如 春节' })
    .trim()
    .min(1, { error: '请填写节日名称，例如 春节' })
    .max(20, { error: '节日名称最多 20 个字' })
    .meta({ label: '节日名称' }),
  from: dateField('放假开始日期'),
  to: dateField('放假结束日期'),
  workdays: z
    .array(dateField('调休上班日'))
    .max(MAX_WORKDAYS_PER_HOLIDAY, {
      error: `一个节日最多 ${MAX_WORKDAYS_PER_HOLIDAY} 个调休上班日`,
    })
    .default([])
    .meta({ label: '调休上班日' }),
});
export type HolidayRangeInput = z.output<typeof holidayRangeInputSchema>;

/**
 * Years of a town's table as entered: `{ "2027": [holiday, …] }`. An empty list removes the
 * town's entry for that year (the year then falls back to the library, or is uncovered).
 */
export const holidayYearsSchema = z
  .record(
    z.string().max(8),
    z
      .array(holidayRangeInputSchema)
      .max(MAX_HOLIDAYS_PER_YEAR, { error: `一年最多 ${MAX_HOLIDAYS_PER_YEAR} 个节日` })
      .meta({ label: '节日' }),
    { error: '请按年份填写节假日安排' },
  )
  .refine((years) => Object.keys(years).length > 0, { error: '请至少填写一年的节假日安排' })
  .refine((years) => Object.keys(years).length <= MAX_YEARS_PER_SAVE, {
    error: `一次最多保存 ${MAX_YEARS_PER_SAVE} 年的安排`,
  })
  .meta({ label: '节假日安排' });
export type HolidayYearsInput = z.output<typeof holidayYearsSchema>;

const DAY_MS = 86_400_000;
const dayNumber = (d: LocalDate) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;

/** Every date from `from` to `to` inclusive (both real dates, from ≤ to). */
export function datesOf(from: LocalDate, to: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); ; t += DAY_MS) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (d > to) break;
    out.push(d);
  }
  return out;
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** 0 Sunday … 6 Saturday of a real date. */
function weekdayOf(date: LocalDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** 「2027-02-20（周六）」. */
function withWeekday(date: LocalDate): string {
  return `${date}（${WEEKDAYS[weekdayOf(date)]}）`;
}

/**
 * The checks a person can act on, in plain words, each naming the year, the holiday and the
 * box (`years.<year>.<i>.from|to|workdays.<j>|name`): a date that is not a real date or lies
 * outside its year, a range that ends before it starts or is too long, two holidays whose days
 * overlap, a make-up day that is not a Saturday or Sunday, a day that is both off and worked,
 * a year outside 2000–2100. An empty list (removing a year) is always fine.
 */
export function checkHolidayYears(years: HolidayYearsInput): FieldError[] {
  const problems: FieldError[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });
  for (const [yearKey, holidays] of Object.entries(years)) {
    const year = Number(yearKey);
    if (!/^\d{4}$/.test(yearKey) || year < MIN_TABLE_YEAR || year > MAX_TABLE_YEAR) {
      add(
        `years.${yearKey}`,
        `年份“${yearKey}”有误，要写成 ${MIN_TABLE_YEAR} 到 ${MAX_TABLE_YEAR} 之间的四位数字，例如 2027`,
      );
      continue;
    }
    const offDays = new Map<LocalDate, string>();
    const workdays = new Map<LocalDate, string>();
    holidays.forEach((h, i) => {
      const at = `years.${yearKey}.${i}`;
      const who = `${year}年“${h.name}”`;
      const inYear = (date: string, field: string, label: string): boolean => {
        if (!isLocalDate(date)) {
          add(`${at}.${field}`, `${who}的${label}“${date}”不是有效日期，请写成 ${year}-01-01 这样`);
          return false;
        }
        if (!date.startsWith(`${year}-`)) {
          add(
            `${at}.${field}`,
            `${who}的${label} ${date} 不在${year}年内；跨年的日期请填在它所在的年份下`,
          );
          return false;
        }
        return true;
      };
      const fromOk = inYear(h.from, 'from', '放假开始日期');
      const toOk = inYear(h.to, 'to', '放假结束日期');
      if (fromOk && toOk) {
        if (h.to < h.from) {
          add(`${at}.to`, `${who}的放假结束日期 ${h.to} 早于开始日期 ${h.from}`);
        } else {
          const days = datesOf(h.from, h.to);
          if (days.length > MAX_HOLIDAY_DAYS) {
            add(
              `${at}.to`,
              `${who}放假 ${days.length} 天，超过了 ${MAX_HOLIDAY_DAYS} 天，请检查日期`,
            );
          } else {
            const clash = days.map((d) => offDays.get(d)).find((n) => n !== undefined);
            if (clash !== undefined) {
              add(`${at}.from`, `${who}的放假日期和“${clash}”重叠了，请检查`);
            }
            for (const d of days) if (!offDays.has(d)) offDays.set(d, h.name);
          }
        }
      }
      h.workdays.forEach((w, j) => {
        const field = `workdays.${j}`;
        if (!inYear(w, field, '调休上班日')) return;
        const day = weekdayOf(w);
        if (day !== 0 && day !== 6) {
          add(
            `${at}.${field}`,
            `${who}的调休上班日 ${withWeekday(w)} 不是周末；周一到周五本来就上班，调休上班日应是周六或周日`,
          );
        } else if (workdays.has(w)) {
          add(`${at}.${field}`, `${who}的调休上班日 ${w} 填了两次`);
        }
        workdays.set(w, h.name);
      });
    });
    // A day both off and worked, whichever holiday lists it.
    holidays.forEach((h, i) => {
      h.workdays.forEach((w, j) => {
        const off = offDays.get(w);
        if (off !== undefined) {
          add(
            `years.${yearKey}.${i}.workdays.${j}`,
            `${year}年的 ${w} 既写在“${off}”的放假日期里，又写成了“${h.name}”的调休上班日，只能选一个`,
          );
        }
      });
    });
  }
  return problems;
}

/** The entered years as a table (keys as numbers, dates trimmed), after `checkHolidayYears`. */
export function toTownTable(years: HolidayYearsInput): TownHolidayTable {
  return Object.fromEntries(
    Object.entries(years).map(([year, holidays]) => [
      Number(year),
      holidays.map((h) => ({ name: h.name, from: h.from, to: h.to, workdays: [...h.workdays] })),
    ]),
  );
}

/** The table as it is stored: `{ years: { "2027": [...] } }`, years without holidays left out. */
export function toStoredBody(table: TownHolidayTable): { years: Record<string, HolidayRange[]> } {
  const years: Record<string, HolidayRange[]> = {};
  for (const [year, holidays] of Object.entries(table)) {
    if (holidays.length > 0)
      years[year] = holidays.map((h) => ({ ...h, workdays: [...h.workdays] }));
  }
  return { years };
}

const storedRangeSchema = z.object({
  name: z.string().min(1),
  from: z.string().refine(isLocalDate),
  to: z.string().refine(isLocalDate),
  workdays: z.array(z.string().refine(isLocalDate)).default([]),
});
const storedBodySchema = z.object({ years: z.record(z.string(), z.array(storedRangeSchema)) });
/** The per-day form stored before holidays were entered by range. */
const legacyBodySchema = z.record(
  z.string().regex(/^\d{4}$/),
  z.object({
    holidays: z.array(z.string().refine(isLocalDate)),
    workdays: z.array(z.string().refine(isLocalDate)),
  }),
);

/** Legacy per-day lists as ranges: runs of consecutive days off, each make-up day with the nearest. */
function fromLegacyYear(holidays: readonly string[], workdays: readonly string[]): HolidayRange[] {
  const runs: { from: string; to: string; workdays: string[] }[] = [];
  for (const d of [...new Set(holidays)].sort()) {
    const last = runs.at(-1);
    if (last !== undefined && dayNumber(d) === dayNumber(last.to) + 1) last.to = d;
    else runs.push({ from: d, to: d, workdays: [] });
  }
  const gap = (r: { from: string; to: string }, w: string) =>
    Math.min(Math.abs(dayNumber(r.from) - dayNumber(w)), Math.abs(dayNumber(r.to) - dayNumber(w)));
  for (const w of workdays) {
    const nearest = runs.reduce<(typeof runs)[number] | undefined>(
      (best, r) => (best === undefined || gap(r, w) < gap(best, w) ? r : best),
      undefined,
    );
    nearest?.workdays.push(w);
  }
  return runs.map((r) => ({ name: '节假日', ...r }));
}

/**
 * The town's stored table, read back. Answers the table, or an error when the stored body
 * fits neither form (the caller logs it and counts on the library alone).
 */
export function parseStoredHolidays(body: unknown): Result<TownHolidayTable> {
  const current = storedBodySchema.safeParse(body);
  if (current.success) {
    return ok(
      Object.fromEntries(
        Object.entries(current.data.years).map(([year, list]) => [Number(year), list]),
      ),
    );
  }
  const legacy = legacyBodySchema.safeParse(body);
  if (legacy.success) {
    return ok(
      Object.fromEntries(
        Object.entries(legacy.data).map(([year, y]) => [
          Number(year),
          fromLegacyYear(y.holidays, y.workdays),
        ]),
      ),
    );
  }
  return err(appError('INTERNAL', '保存的节假日安排格式有误'));
}

/** The per-day statements of a table: `true` for a make-up working day, `false` for a day off. */
export function townDays(table: TownHolidayTable): Map<LocalDate, boolean> {
  const days = new Map<LocalDate, boolean>();
  for (const holidays of Object.values(table)) {
    for (const h of holidays) {
      if (isLocalDate(h.from) && isLocalDate(h.to) && h.from <= h.to) {
        for (const d of datesOf(h.from, h.to)) days.set(d, false);
      }
    }
  }
  // A make-up day listed by any holiday is worked (the form refuses a day both off and on).
  for (const holidays of Object.values(table)) {
    for (const h of holidays) for (const w of h.workdays) if (isLocalDate(w)) days.set(w, true);
  }
  return days;
}

/** The years a table has holidays for, ascending. */
export function tableYears(table: TownHolidayTable): number[] {
  return Object.entries(table)
    .filter(([, holidays]) => holidays.length > 0)
    .map(([year]) => Number(year))
    .sort((a, b) => a - b);
}
