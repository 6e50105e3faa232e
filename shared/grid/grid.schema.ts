/**
 * The grid (网格): a tree town 镇 → community 新村 → natural village 自然村 → street 街 →
 * lane 巷. A villager belongs to one node (usually a natural village); staff are scoped to
 * nodes through their account's `gridNodeIds`. A town loads its real roster by import
 * (CSV/JSON), never by editing code, and sample data is flagged `sample`.
 */
import { z } from 'zod';
import type { CsvColumn } from '../validation/cells';
import { cellBoolean, cellEnum, cellInt, cellOptional } from '../validation/cells';
import { entityFields } from '../validation/entity';
import { contactPhoneSchema, idSchema, personNameSchema, text } from '../validation/primitives';

export const GRID_LEVELS = ['town', 'community', 'village', 'street', 'lane'] as const;
export type GridLevel = (typeof GRID_LEVELS)[number];

export const GRID_LEVEL_LABELS: Readonly<Record<GridLevel, string>> = {
  town: '镇',
  community: '新村',
  village: '自然村',
  street: '街',
  lane: '巷',
};

/**
 * Which level a node's parent may be. A lane usually hangs under a street, but small
 * villages have lanes and no streets, so a lane may sit directly under its village.
 */
export const ALLOWED_PARENT_LEVELS: Readonly<Record<GridLevel, readonly GridLevel[]>> = {
  town: [],
  community: ['town'],
  village: ['community'],
  street: ['village'],
  lane: ['street', 'village'],
};

/** Whether a node of `level` may hang under a node of `parentLevel` (`null`: it is a root). */
export function isAllowedParent(level: GridLevel, parentLevel: GridLevel | null): boolean {
  return parentLevel === null
    ? ALLOWED_PARENT_LEVELS[level].length === 0
    : ALLOWED_PARENT_LEVELS[level].includes(parentLevel);
}

/**
 * People responsible for a node, shown to its villagers ("您的网格员"). Routing uses staff
 * accounts; lane heads (党员巷长) are often not app users, so they may be listed here
 * with a name and phone only.
 */
export const GRID_DUTIES = ['grid_worker', 'lane_head', 'mediator', 'legal_adviser'] as const;
export type GridDuty = (typeof GRID_DUTIES)[number];
export const GRID_DUTY_LABELS: Readonly<Record<GridDuty, string>> = {
  grid_worker: '网格员',
  lane_head: '巷长',
  mediator: '调解员',
  legal_adviser: '法律顾问',
};

export const gridContactSchema = z.object({
  duty: z.enum(GRID_DUTIES).meta({ label: '职责' }),
  name: personNameSchema,
  phone: contactPhoneSchema.optional(),
  accountId: idSchema.meta({ label: '账号' }).optional(),
});
export type GridContact = z.infer<typeof gridContactSchema>;

/** A node's code in the town's roster (the import key), e.g. `XD-03-12`. */
export const gridCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { error: '只能用字母、数字、横线，例如 XD-03-12' })
  .meta({ label: '网格编码' });

const DEPTH: Readonly<Record<GridLevel, number>> = {
  town: 0,
  community: 1,
  village: 2,
  street: 3,
  lane: 3, // or 4 under a street; see ALLOWED_PARENT_LEVELS
};

export const gridNodeSchema = z
  .object({
    ...entityFields,
    code: gridCodeSchema,
    name: text(30, '名称'),
    level: z.enum(GRID_LEVELS).meta({ label: '层级' }),
    parentId: idSchema.nullable().meta({ label: '上级网格' }),
    /** Ancestors from the town down to the parent, so "everything under this community" is one `in` query. */
    ancestorIds: z.array(idSchema).max(4).meta({ label: '上级网格' }),
    /** Households (户) in the node, for 一户一法德明白人 coverage. */
    households: z.number().int().min(0).max(100_000).optional().meta({ label: '户数' }),
    contacts: z.array(gridContactSchema).max(20).default([]).meta({ label: '负责人' }),
    sample: z.boolean().meta({ label: '示例数据' }),
    active: z.boolean().default(true),
  })
  .superRefine((node, ctx) => {
    if ((node.parentId === null) !== (node.level === 'town')) {
      ctx.addIssue({
        code: 'custom',
        path: ['parentId'],
        message: node.level === 'town' ? '镇是最上一级，不能有上级网格' : '请选择上级网格',
      });
    }
    const depth = node.ancestorIds.length;
    const okDepth =
      node.level === 'lane' ? depth === 3 || depth === 4 : depth === DEPTH[node.level];
    if (!okDepth || (node.parentId !== null && node.ancestorIds.at(-1) !== node.parentId)) {
      ctx.addIssue({ code: 'custom', path: ['ancestorIds'], message: '上级网格的层级不对' });
    }
  });
export type GridNode = z.infer<typeof gridNodeSchema>;

// ---------------------------------------------------------------------------------------
// Import (导入网格): one row per node; parents by code, in the same file or already loaded.

export const gridImportRowSchema = z.strictObject({
  code: gridCodeSchema,
  parentCode: cellOptional(gridCodeSchema.meta({ label: '上级网格编码' })),
  level: cellEnum(GRID_LEVELS, GRID_LEVEL_LABELS).meta({ label: '层级' }),
  name: text(30, '名称'),
  households: cellOptional(cellInt(0, 100_000)).meta({ label: '户数' }),
  sample: cellBoolean(false).meta({ label: '示例数据' }),
});
export type GridImportRow = z.infer<typeof gridImportRowSchema>;

/** Columns of the grid import file, headers in Chinese and English. */
export const GRID_CSV_COLUMNS: readonly CsvColumn[] = [
  { key: 'code', zh: '网格编码', en: 'code', required: true, note: '全镇唯一，例如 XD-03-12' },
  {
    key: 'parentCode',
    zh: '上级网格编码',
    en: 'parent_code',
    required: false,
    note: '镇这一行留空',
  },
  { key: 'level', zh: '层级', en: 'level', required: true, note: '镇、新村、自然村、街、巷' },
  { key: 'name', zh: '名称', en: 'name', required: true, note: '例如 东新村、王家庄' },
  { key: 'households', zh: '户数', en: 'households', required: false, note: '整数，可不填' },
  {
    key: 'sample',
    zh: '示例数据',
    en: 'sample',
    required: false,
    note: '“是”表示演示用的假数据，正式名单填“否”',
  },
];
