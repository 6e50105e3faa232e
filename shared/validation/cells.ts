/**
 * Import rows (导入) arrive from a town's spreadsheet: a CSV or JSON file where every cell
 * may be text ("120", "是", "网格员、调解员", "新村"). The CSV reader only maps headers to
 * keys; these wrappers let a row schema take a cell as typed or as the text a clerk typed,
 * and turn it into the typed value — so the same row schema serves CSV and JSON.
 */
import { z } from 'zod';

/** Separators people use inside one cell for several values. */
const LIST_SEPARATORS = /[、,，;；|/\n]+/;

function blankToUndefined(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** An optional cell: an empty cell counts as absent. */
export function cellOptional<S extends z.ZodType>(schema: S) {
  return z.preprocess(blankToUndefined, schema.optional());
}

/** A whole number typed as text ("120") or given as a number. */
export function cellInt(min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : blankToUndefined(v)),
    z.number().int().min(min).max(max),
  );
}

const TRUE_WORDS = ['是', 'true', 'yes', 'y', '1', '√', '✓'];
const FALSE_WORDS = ['否', 'false', 'no', 'n', '0', '×', '✗'];

/** 是/否 (also true/false, 1/0) or a boolean; an empty cell takes `fallback`. */
export function cellBoolean(fallback: boolean) {
  return z.preprocess(
    (v) => {
      if (typeof v !== 'string') return v ?? fallback;
      const word = v.trim().toLowerCase();
      if (word === '') return fallback;
      if (TRUE_WORDS.includes(word)) return true;
      if (FALSE_WORDS.includes(word)) return false;
      return v;
    },
    z.boolean({ error: '请填写“是”或“否”' }),
  );
}

/**
 * One of `codes`, given as the code or its Chinese label ("新村" for `community`).
 * Unknown values fail with the list of allowed labels.
 */
export function cellEnum<const T extends readonly [string, ...string[]]>(
  codes: T,
  labels: Readonly<Record<T[number], string>>,
) {
  const byLabel = new Map<string, string>(
    codes.map((code) => [labels[code as T[number]], code] as const),
  );
  const allowed = codes.map((code) => labels[code as T[number]]).join('、');
  return z.preprocess(
    (v) => {
      if (typeof v !== 'string') return v;
      const word = v.trim();
      return byLabel.get(word) ?? word;
    },
    z.enum(codes, { error: `请填写以下之一：${allowed}` }),
  );
}

/**
 * Several values in one cell ("网格员、调解员"), or an array. Items are trimmed and
 * empty ones dropped before `item` checks each.
 */
export function cellList<S extends z.ZodType>(item: S, max: number) {
  return z.preprocess((v) => {
    if (typeof v === 'string') {
      return v
        .split(LIST_SEPARATORS)
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
    }
    return v ?? [];
  }, z.array(item).max(max));
}

/** A CSV column: the key in the row object and its bilingual header. */
export interface CsvColumn {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly required: boolean;
  /** What a clerk should type, shown in the import template. */
  readonly note: string;
}

/** Header cells for an import template: "网格编码 code". */
export function csvHeaders(columns: readonly CsvColumn[]): string[] {
  return columns.map((c) => `${c.zh} ${c.en}`);
}
