/**
 * Inputs of the admin (管理员) and stats functions that span several concepts: the roster
 * import (grid + staff + rooms in one go), rule changes, and the statistics overview.
 * Single-concept admin inputs (`upsertStaff`, `issueInvitation`, `upsertRoom`,
 * `publishArticle`) sit with their concept.
 */
import { z } from 'zod';
import { staffImportRowSchema } from '../account/account.schema';
import { keywordModelSchema } from '../concern/keywords';
import { holidayYearsSchema } from '../calendar/calendar.schema';
import { deadlineRulesSchema } from '../calendar/deadlines';
import { gridImportRowSchema } from '../grid/grid.schema';
import { roomImportRowSchema } from '../mediation/mediation.schema';
import { daysBetween, idSchema, localDateSchema, text, townIdSchema } from './primitives';

export const MAX_IMPORT_ROWS = { gridNodes: 5000, staff: 2000, rooms: 1000 } as const;

/** Adds an issue at `path` for every row whose `key(row)` repeats an earlier row's. */
function flagRepeats<T>(
  rows: readonly T[],
  key: (row: T) => string,
  field: string,
  message: string,
  ctx: z.core.$RefinementCtx,
  list: string,
): void {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const k = key(row);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [list, i, field], message });
    seen.add(k);
  });
}

/**
 * `importGrid`: a town's roster — grid nodes, staff and rooms — from its CSV/JSON files,
 * rows already mapped to keys (see GRID_CSV_COLUMNS, STAFF_CSV_COLUMNS, ROOM_CSV_COLUMNS).
 * `preview` checks and reports what would change; `apply` writes it. Codes and phones must
 * be unique within the file; references to codes not in the file are checked by the use
 * case against what is already loaded.
 */
export const importGridInputSchema = z
  .strictObject({
    mode: z.enum(['preview', 'apply']).default('preview').meta({ label: '导入方式' }),
    gridNodes: z
      .array(gridImportRowSchema)
      .max(MAX_IMPORT_ROWS.gridNodes)
      .default([])
      .meta({ label: '网格表' }),
    staff: z.array(staffImportRowSchema).max(MAX_IMPORT_ROWS.staff).default([]).meta({
      label: '人员表',
    }),
    rooms: z.array(roomImportRowSchema).max(MAX_IMPORT_ROWS.rooms).default([]).meta({
      label: '调解室表',
    }),
  })
  .superRefine((input, ctx) => {
    if (input.gridNodes.length + input.staff.length + input.rooms.length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: '导入的文件里没有内容' });
    }
    flagRepeats(input.gridNodes, (r) => r.code, 'code', '网格编码重复了', ctx, 'gridNodes');
    flagRepeats(input.staff, (r) => r.phone, 'phone', '手机号重复了', ctx, 'staff');
    flagRepeats(
      input.rooms,
      (r) => `${r.gridNodeCode}\u0000${r.name}`,
      'name',
      '同一网格里有同名的调解室',
      ctx,
      'rooms',
    );
  });
export type ImportGridInput = z.infer<typeof importGridInputSchema>;

/**
 * Rule sets an admin edits. `deadlines` and `keywords` (the kind/topic keyword model,
 * concern/keywords.ts) are checked here; the body of `routing` (routing rules) belongs to its
 * module, and the use case checks it with that module's schema before saving. The town's
 * holiday table (`holidays`) is stored as a rule set too but entered only through
 * `previewHolidays` / `saveHolidays` below, which show and then move every date it changes.
 */
export const RULE_SETS = ['deadlines', 'routing', 'keywords', 'holidays', 'learning_path'] as const;
export type RuleSet = (typeof RULE_SETS)[number];

/**
 * The town's reading path for 一户一法德明白人: the articles a household member completes.
 * Without one, every published article flagged `inReadingPath` forms the path.
 */
export const learningPathBodySchema = z.strictObject({
  articleIds: z
    .array(idSchema)
    .min(1, { error: '请至少选择一篇文章' })
    .max(100)
    .refine((ids) => new Set(ids).size === ids.length, { error: '同一篇文章选了两次' })
    .meta({ label: '必读文章' }),
});
export type LearningPathBody = z.infer<typeof learningPathBodySchema>;

const ruleBodySchema = z.record(z.string(), z.unknown(), { error: '规则内容格式有误' });
const ruleMeta = {
  /** Why the rules changed; kept in the audit log. */
  note: text(200, '修改说明'),
  /** The `_version` the admin edited, so two admins cannot overwrite each other unawares. */
  expectedVersion: z.number().int().min(0).optional(),
};

/** `setRules`: replace one rule set of the town. */
export const setRulesInputSchema = z.discriminatedUnion(
  'ruleSet',
  [
    z.strictObject({
      ruleSet: z.literal('deadlines'),
      rules: deadlineRulesSchema,
      ...ruleMeta,
    }),
    z.strictObject({ ruleSet: z.literal('routing'), rules: ruleBodySchema, ...ruleMeta }),
    z.strictObject({ ruleSet: z.literal('keywords'), rules: keywordModelSchema, ...ruleMeta }),
    z.strictObject({ ruleSet: z.literal('holidays'), rules: ruleBodySchema, ...ruleMeta }),
    z.strictObject({
      ruleSet: z.literal('learning_path'),
      rules: learningPathBodySchema,
      ...ruleMeta,
    }),
  ],
  { error: '请选择要修改的规则' },
);
export type SetRulesInput = z.infer<typeof setRulesInputSchema>;

/** The admin confirms a table that disagrees with the library's data on purpose. */
const overrideLibrarySchema = z.boolean().default(false).meta({ label: '以本镇录入为准' });

/**
 * `previewHolidays`: what entering (or removing) these years of the town's holiday table
 * (节假日安排) would move — open deadlines, clue reply dates, countdowns, booked sessions —
 * before anything is saved. A year with an empty list removes the town's entry for it.
 */
export const previewHolidaysInputSchema = z.strictObject({
  years: holidayYearsSchema,
  overrideLibrary: overrideLibrarySchema,
});
export type PreviewHolidaysInput = z.infer<typeof previewHolidaysInputSchema>;

/** `saveHolidays`: saves those years and moves what they change (idempotent by requestId). */
export const saveHolidaysInputSchema = z.strictObject({
  years: holidayYearsSchema,
  overrideLibrary: overrideLibrarySchema,
  /** Why (e.g. "按国办发明电〔…〕号通知录入"); kept in the audit log. */
  note: text(200, '修改说明'),
  /** The table's `_version` the admin previewed (0 when the town had none). */
  expectedVersion: z.number().int().min(0).meta({ label: '版本' }),
});
export type SaveHolidaysInput = z.infer<typeof saveHolidaysInputSchema>;

export const MAX_HOLIDAY_FILE_CHARS = 100_000;

/**
 * `importHolidays`: a holiday file (CSV, or JSON in the saved form) read into years for the
 * form; nothing is saved. CSV columns: 年份, 节日, 放假开始, 放假结束, 调休上班日 (several make-up
 * days separated by 、 ; or spaces); English headers year, name, from, to, workdays also work.
 */
export const importHolidaysInputSchema = z.strictObject({
  format: z.enum(['csv', 'json'], { error: '文件要是 CSV 或 JSON' }).meta({ label: '文件格式' }),
  text: z
    .string()
    .min(1, { error: '文件是空的' })
    .max(MAX_HOLIDAY_FILE_CHARS, { error: '文件太大了，一个节假日安排文件不会超过 10 万字' })
    .meta({ label: '文件内容' }),
});
export type ImportHolidaysInput = z.infer<typeof importHolidaysInputSchema>;

export const MAX_STATS_RANGE_DAYS = 366;

/**
 * `stats.overview`: counts between two days, optionally for one community (新村). A county
 * officer (县级) may name a town; everyone else reads their own town.
 */
export const statsOverviewInputSchema = z
  .strictObject({
    from: localDateSchema.meta({ label: '开始日期' }),
    to: localDateSchema.meta({ label: '结束日期' }),
    communityId: idSchema.meta({ label: '新村' }).optional(),
    townId: townIdSchema.optional(),
  })
  .superRefine((input, ctx) => {
    const days = daysBetween(input.from, input.to);
    if (days === undefined) return;
    if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: '不能早于开始日期' });
    else if (days > MAX_STATS_RANGE_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: '一次最多统计一年' });
    }
  });
export type StatsOverviewInput = z.infer<typeof statsOverviewInputSchema>;
