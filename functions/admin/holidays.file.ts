/**
 * Reading a holiday file (节假日安排文件) into the years the admin's form holds: CSV with one
 * line per holiday, as the State Council's notice lists them, or JSON in the saved form.
 *
 * ```
 * 年份,节日,放假开始,放假结束,调休上班日
 * 2027,春节,2027-02-06,2027-02-13,2027-01-31、2027-02-20
 * ```
 *
 * English headers (year, name, from, to, workdays) work too; `#` lines are comments; several
 * make-up days go in one cell separated by 、 ; , or spaces. Every problem names its line.
 */
import { parse } from 'csv-parse/sync';
import type { HolidayYearsInput } from '../../shared/calendar/calendar.schema';
import { checkHolidayYears, holidayYearsSchema } from '../../shared/calendar/calendar.schema';
import type { FieldError } from '../../shared/kernel/errors';
import type { ImportHolidaysInput } from '../../shared/validation/admin.schema';

/** The columns of a holiday CSV, by key: Chinese and English headers. */
export const HOLIDAY_CSV_COLUMNS = [
  { key: 'year', zh: '年份', en: 'year' },
  { key: 'name', zh: '节日', en: 'name' },
  { key: 'from', zh: '放假开始', en: 'from' },
  { key: 'to', zh: '放假结束', en: 'to' },
  { key: 'workdays', zh: '调休上班日', en: 'workdays' },
] as const;

type Key = (typeof HOLIDAY_CSV_COLUMNS)[number]['key'];

export type HolidayFileResult =
  | { readonly ok: true; readonly years: HolidayYearsInput; readonly holidays: number }
  | { readonly ok: false; readonly problems: FieldError[] };

const normal = (cell: string) =>
  cell
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .toLowerCase();

function problem(line: number | null, message: string): FieldError {
  return {
    field: line === null ? 'text' : `text.${line}`,
    message: line === null ? message : `第${line}行：${message}`,
  };
}

/** The CSV's lines as holidays by year, remembering each one's line for messages. */
function readCsv(text: string): {
  years: Record<string, unknown[]>;
  lines: Map<string, number>;
  problems: FieldError[];
} {
  const years: Record<string, unknown[]> = {};
  const lines = new Map<string, number>();
  const problems: FieldError[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      comment: '#',
      comment_no_infix: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (thrown) {
    const line = (thrown as { lines?: unknown }).lines;
    return {
      years,
      lines,
      problems: [
        problem(
          typeof line === 'number' ? line : null,
          'CSV 文件读不出来，请检查引号是否成对，或另存为 CSV（UTF-8）后再导入',
        ),
      ],
    };
  }
  const [header, ...body] = records;
  if (header === undefined) return { years, lines, problems: [problem(null, '文件里没有内容')] };
  const index = new Map<string, Key>();
  for (const c of HOLIDAY_CSV_COLUMNS) for (const h of [c.zh, c.en]) index.set(normal(h), c.key);
  const columns = header.record.map((cell) => index.get(normal(cell)));
  const missing = HOLIDAY_CSV_COLUMNS.filter(
    (c) => c.key !== 'workdays' && !columns.includes(c.key),
  );
  if (missing.length > 0) {
    return {
      years,
      lines,
      problems: [
        problem(
          header.info.lines,
          `表头缺少：${missing.map((c) => c.zh).join('、')}。表头应为：${HOLIDAY_CSV_COLUMNS.map((c) => c.zh).join(',')}`,
        ),
      ],
    };
  }
  for (const { record, info } of body) {
    const cell = (key: Key) => (record[columns.indexOf(key)] ?? '').trim();
    const year = cell('year');
    if (!/^\d{4}$/.test(year)) {
      problems.push(problem(info.lines, `年份“${year}”要写成四位数字，例如 2027`));
      continue;
    }
    const list = (years[year] ??= []);
    lines.set(`${year}.${list.length}`, info.lines);
    list.push({
      name: cell('name'),
      from: cell('from'),
      to: cell('to'),
      workdays: cell('workdays')
        .split(/[、;；,，\s]+/)
        .filter((d) => d !== ''),
    });
  }
  return { years, lines, problems };
}

/** A JSON file: the saved form `{ years: { "2027": [...] } }`, or the years object itself. */
function readJson(text: string): { years: unknown; problems: FieldError[] } {
  try {
    const data = JSON.parse(text) as unknown;
    const years =
      typeof data === 'object' && data !== null && 'years' in data
        ? (data as { years: unknown }).years
        : data;
    return { years, problems: [] };
  } catch {
    return { years: null, problems: [problem(null, 'JSON 文件读不出来，请检查格式')] };
  }
}

/** Reads a holiday file; problems name the line (CSV) and what to fix, in plain words. */
export function readHolidayFile(input: ImportHolidaysInput): HolidayFileResult {
  const read =
    input.format === 'csv'
      ? readCsv(input.text)
      : { ...readJson(input.text), lines: new Map<string, number>() };
  if (read.problems.length > 0) return { ok: false, problems: read.problems };
  const parsed = holidayYearsSchema.safeParse(read.years);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const [year, i] = issue.path.map(String);
        const line = read.lines.get(`${year}.${i}`) ?? null;
        const column = HOLIDAY_CSV_COLUMNS.find((c) => c.key === issue.path[2]);
        const where = column === undefined ? '' : `${column.zh}：`;
        return problem(line, `${where}${issue.message}`);
      }),
    };
  }
  const checked = checkHolidayYears(parsed.data);
  if (checked.length > 0) {
    return {
      ok: false,
      problems: checked.map((p) => {
        const [, year, i] = p.field.split('.');
        return problem(read.lines.get(`${year}.${i}`) ?? null, p.message);
      }),
    };
  }
  const holidays = Object.values(parsed.data).reduce((n, list) => n + list.length, 0);
  return { ok: true, years: parsed.data, holidays };
}
