/**
 * Schema of a town's own holiday table (节假日表), uploaded by an admin when the State Council
 * publishes a year's schedule before the library ships it. Kept apart from calendar.data.ts so
 * the upload form does not bundle the library's holiday data.
 */
import { z } from 'zod';
import type { Result } from '../kernel/result';
import { err, ok } from '../kernel/result';
import type { AppError, FieldError } from '../kernel/errors';
import { appError } from '../kernel/errors';
import type { HolidayOverrides } from './calendar.data';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

const dateString = z.string({ error: '日期要写成文字，例如 2027-01-01' });

const holidayYearSchema = z.object(
  {
    holidays: z.array(dateString, { error: '放假日期要写成一组日期' }),
    workdays: z.array(dateString, { error: '调休上班日期要写成一组日期' }),
  },
  { error: '每一年要写明放假日期（holidays）和调休上班日期（workdays）' },
);

/** True when `s` is a real calendar date written 'YYYY-MM-DD' (rejects 2027-02-30). */
function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const LIST_LABELS = { holidays: '放假日期', workdays: '调休上班日期' } as const;

/**
 * Schema of a town's uploaded override table, as JSON: `{ "2027": { holidays: [...], workdays:
 * [...] } }`. Checks each date is real and inside the year it is filed under, and no date is
 * both a day off and a workday. Parses into a number-keyed {@link HolidayOverrides}.
 */
export const holidayOverridesSchema = z
  .record(z.string(), holidayYearSchema, {
    error: '节假日表要按年份填写，例如 { "2027": { "holidays": [], "workdays": [] } }',
  })
  .superRefine((table, ctx) => {
    for (const [year, entry] of Object.entries(table)) {
      const y = Number(year);
      if (!/^\d{4}$/.test(year) || y < MIN_YEAR || y > MAX_YEAR) {
        ctx.addIssue({
          code: 'custom',
          path: [year],
          message: `年份“${year}”有误，要写成 ${MIN_YEAR} 到 ${MAX_YEAR} 之间的四位数字，例如 2027`,
        });
        continue;
      }
      for (const list of ['holidays', 'workdays'] as const) {
        entry[list].forEach((date, i) => {
          const where = `${year}年${LIST_LABELS[list]}第${i + 1}项`;
          if (!isRealDate(date)) {
            ctx.addIssue({
              code: 'custom',
              path: [year, list, i],
              message: `${where}“${date}”不是有效日期，请写成 ${year}-01-01 这样的格式`,
            });
          } else if (!date.startsWith(`${year}-`)) {
            ctx.addIssue({
              code: 'custom',
              path: [year, list, i],
              message: `${where}“${date}”不在${year}年内，请填到对应的年份下`,
            });
          }
        });
      }
      const holidays = new Set(entry.holidays);
      entry.workdays.forEach((date, i) => {
        if (holidays.has(date)) {
          ctx.addIssue({
            code: 'custom',
            path: [year, 'workdays', i],
            message: `${year}年的“${date}”既写成了放假又写成了调休上班，只能选一个`,
          });
        }
      });
    }
  })
  .transform((table): HolidayOverrides =>
    Object.fromEntries(Object.entries(table).map(([year, entry]) => [Number(year), entry])),
  );

/**
 * Validates an uploaded override table. Returns the table, or VALIDATION_FAILED whose
 * `details.fields` name each bad entry (dotted path such as `2027.holidays.3`) with a Chinese
 * message an admin can act on.
 */
export function parseHolidayOverrides(input: unknown): Result<HolidayOverrides, AppError> {
  const parsed = holidayOverridesSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const fields: FieldError[] = parsed.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const first = fields[0]?.message ?? '节假日表填写有误';
  return err(appError('VALIDATION_FAILED', `节假日表有误：${first}`, { fields }));
}
