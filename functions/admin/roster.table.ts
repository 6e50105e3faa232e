/**
 * Reading a roster table (导入表) from CSV text or JSON rows into keyed rows, each with the
 * row number a clerk sees in their spreadsheet, so every problem can be reported as
 * "网格表第 5 行 层级：…". Headers may be Chinese, English or both ("网格编码 code"), as the
 * templates built from the shared column constants print them. Lines starting with `#`
 * are comments (the sample files' 示例数据 header uses them).
 */
import { parse } from 'csv-parse/sync';
import type { FieldError } from '../../shared/kernel/errors';
import type { CsvColumn } from '../../shared/validation/cells';

export const TABLES = ['gridNodes', 'staff', 'rooms'] as const;
export type TableName = (typeof TABLES)[number];

/** Chinese names of the tables, as problems name them. */
export const TABLE_LABELS: Readonly<Record<TableName, string>> = {
  gridNodes: '网格表',
  staff: '人员表',
  rooms: '调解室表',
};

/** A row of a table: its keyed cells and where a person finds it. */
export interface SourceRow {
  /** Line number in the CSV file (the header is line 1), or item number in a JSON list. */
  readonly rowNo: number;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface ReadTable {
  readonly rows: SourceRow[];
  readonly problems: FieldError[];
  /** "行" for CSV lines, "条" for JSON items. */
  readonly unit: '行' | '条';
}

function normalizeHeader(cell: string): string {
  return cell
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Maps every accepted spelling of a header to its column key. */
function headerIndex(columns: readonly CsvColumn[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const c of columns) {
    for (const spelling of [`${c.zh} ${c.en}`, c.zh, c.en, c.key]) {
      index.set(normalizeHeader(spelling), c.key);
    }
  }
  return index;
}

/** Where a problem sits: "网格表第5行". */
export function rowPlace(table: TableName, rowNo: number, unit: '行' | '条'): string {
  return `${TABLE_LABELS[table]}第${rowNo}${unit}`;
}

function readCsv(table: TableName, columns: readonly CsvColumn[], text: string): ReadTable {
  const problems: FieldError[] = [];
  const label = TABLE_LABELS[table];
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
    const where = typeof line === 'number' ? `第${line}行附近` : '';
    const message = `${label}的 CSV 文件读不出来${where}，请检查引号是否成对，或另存为 CSV（UTF-8）后再导入`;
    return { rows: [], problems: [{ field: table, message }], unit: '行' };
  }
  const [header, ...body] = records;
  if (header === undefined) return { rows: [], problems, unit: '行' };
  const index = headerIndex(columns);
  const keys: (string | null)[] = header.record.map((cell) => {
    const key = index.get(normalizeHeader(cell));
    if (key === undefined && cell.trim() !== '') {
      problems.push({
        field: table,
        message: `${label}第${header.info.lines}行：不认识的列“${cell.trim()}”，请使用导入模板里的表头`,
      });
    }
    return key ?? null;
  });
  for (const c of columns) {
    const count = keys.filter((k) => k === c.key).length;
    if (c.required && count === 0) {
      problems.push({ field: table, message: `${label}缺少“${c.zh}”这一列` });
    } else if (count > 1) {
      problems.push({ field: table, message: `${label}里“${c.zh}”这一列出现了两次` });
    }
  }
  const rows: SourceRow[] = [];
  for (const { record, info } of body) {
    if (record.every((cell) => cell.trim() === '')) continue;
    const values: Record<string, unknown> = {};
    record.forEach((cell, i) => {
      const key = keys[i];
      if (key !== null && key !== undefined) values[key] = cell;
      else if (i >= keys.length && cell.trim() !== '') {
        problems.push({
          field: `${table}.${rows.length}`,
          message: `${label}第${info.lines}行：比表头多出了一列“${cell.trim()}”`,
        });
      }
    });
    rows.push({ rowNo: info.lines, values });
  }
  return { rows, problems, unit: '行' };
}

function readJson(
  table: TableName,
  columns: readonly CsvColumn[],
  items: readonly Readonly<Record<string, unknown>>[],
): ReadTable {
  const problems: FieldError[] = [];
  const index = headerIndex(columns);
  const rows = items.map((item, i) => {
    const values: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(item)) {
      const key = index.get(normalizeHeader(name));
      if (key === undefined) {
        problems.push({
          field: `${table}.${i}`,
          message: `${rowPlace(table, i + 1, '条')}：不认识的字段“${name}”`,
        });
      } else {
        values[key] = value;
      }
    }
    return { rowNo: i + 1, values };
  });
  return { rows, problems, unit: '条' };
}

/** Reads a table given as CSV text or as JSON rows (keys or headers); absent → empty. */
export function readTable(
  table: TableName,
  columns: readonly CsvColumn[],
  source: string | readonly Readonly<Record<string, unknown>>[] | undefined,
): ReadTable {
  if (source === undefined) return { rows: [], problems: [], unit: '行' };
  return typeof source === 'string'
    ? readCsv(table, columns, source)
    : readJson(table, columns, source);
}
