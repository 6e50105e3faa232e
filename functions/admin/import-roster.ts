/**
 * Importing a town's roster (导入网格): grid nodes, staff and mediation rooms from the
 * town's CSV/JSON files. Every row is checked first — its cells with the shared row
 * schemas, then its references (parent codes, grid codes, levels) against the file and
 * what is already loaded — and a single bad row refuses the whole import with every
 * problem listed by table, row number and field, in Chinese, before anything is written.
 * Then the import is written in transactions of at most CHUNK_SIZE by-id operations.
 *
 * Re-import is idempotent: nodes are matched by code, staff by phone, rooms by place and
 * name, so the same file twice creates nothing the second time and unchanged records are
 * not rewritten.
 */
import { z } from 'zod';
import type { StaffImportRow } from '../../shared/account/account.schema';
import { STAFF_CSV_COLUMNS, staffImportRowSchema } from '../../shared/account/account.schema';
import type { GridImportRow, GridLevel, GridNode } from '../../shared/grid/grid.schema';
import {
  GRID_CSV_COLUMNS,
  GRID_LEVEL_LABELS,
  gridImportRowSchema,
  gridNodeSchema,
  isAllowedParent,
} from '../../shared/grid/grid.schema';
import type { Actor } from '../../shared/kernel/roles';
import type { FieldError } from '../../shared/kernel/errors';
import { appError } from '../../shared/kernel/errors';
import type { Result } from '../../shared/kernel/result';
import { err, ok } from '../../shared/kernel/result';
import type { MediationLevel, RoomKind } from '../../shared/mediation/mediation.catalog';
import { MEDIATION_LEVEL_LABELS, roomKind } from '../../shared/mediation/mediation.catalog';
import type { Room, RoomImportRow } from '../../shared/mediation/mediation.schema';
import {
  ROOM_CSV_COLUMNS,
  defaultDisputeTypes,
  roomImportRowSchema,
  roomSchema,
  scheduleFromRow,
} from '../../shared/mediation/mediation.schema';
import { MAX_IMPORT_ROWS, importGridInputSchema } from '../../shared/validation/admin.schema';
import type { CsvColumn } from '../../shared/validation/cells';
import type { NewEntity } from '../../shared/validation/entity';
import {
  MAX_FIELD_ERRORS,
  fieldErrorsOf,
  fieldLabel,
  parseInput,
} from '../../shared/validation/parse';
import {
  accountByPhone,
  checkedAccount,
  insertAccountRecord,
  phoneIsAdmins,
  putPhoneKey,
  updateAccountRecord,
} from '../account/account.api';
import { putRoom } from '../mediation/mediation.api';
import { appendEvent } from '../runtime/changes';
import type { AppContext } from '../runtime/context';
import { loadGrid } from '../runtime/directory';
import { queryAll } from '../runtime/paging';
import type { Tx, StoredDoc } from '../store/store.port';
import type { ReadTable, SourceRow, TableName } from './roster.table';
import { TABLE_LABELS, readTable, rowPlace } from './roster.table';
import { gridNodeWriter } from './admin.collections';
import { runTransaction } from '../store/store.raw';
import { ROOMS } from '../store/collections';
import { MAX_XLSX_BASE64_CHARS, xlsxAsCsv } from './roster.xlsx';

/** Operations per transaction: small enough for CloudBase, large enough to be quick. */
export const CHUNK_SIZE = 100;

/** Largest CSV text accepted per table (a 5,000-row grid file is well under 1 MB). */
const MAX_CSV_CHARS = 2_000_000;

const tableSource = (label: string, maxRows: number) =>
  z
    .union(
      [
        z.string().max(MAX_CSV_CHARS, { error: '文件太大了，请分几次导入' }),
        z
          .array(z.record(z.string(), z.unknown()))
          .max(maxRows, { error: `一次最多导入 ${maxRows} 行` }),
        z.strictObject({
          xlsx: z.string().min(1).max(MAX_XLSX_BASE64_CHARS, { error: '文件太大了，请分几次导入' }),
        }),
      ],
      { error: '请上传 CSV 或 Excel 文件，或按行填写的表格' },
    )
    .optional()
    .meta({ label });

/**
 * `importGrid` input: each table as CSV text (headers from the shared column constants, in
 * Chinese and/or English), as an Excel workbook (`{ xlsx: base64 }`, its first sheet) or as
 * JSON rows. `preview` checks and counts; `apply` writes.
 */
export const importGridRequestSchema = z.strictObject({
  mode: z.enum(['preview', 'apply']).default('preview').meta({ label: '导入方式' }),
  gridNodes: tableSource('网格表', MAX_IMPORT_ROWS.gridNodes),
  staff: tableSource('人员表', MAX_IMPORT_ROWS.staff),
  rooms: tableSource('调解室表', MAX_IMPORT_ROWS.rooms),
});
export type ImportGridRequest = z.output<typeof importGridRequestSchema>;

export interface ImportCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

export interface ImportSummary {
  readonly mode: 'preview' | 'apply';
  readonly gridNodes: ImportCounts;
  readonly staff: ImportCounts;
  readonly rooms: ImportCounts;
  /** Transactions written (0 for a preview). */
  readonly batches: number;
}

/** Who is importing: an admin, or the system loading the sample town. */
export interface Importer {
  readonly townId: string;
  readonly actor: Actor;
}

/** One by-id write of an import, run inside its batch's transaction. */
type Op = (tx: Tx) => Promise<Result<unknown>>;

/** Operations that must land in the same transaction (an account and its phone key). */
type Unit = readonly Op[];

interface Parsed<T> {
  readonly table: TableName;
  readonly unit: '行' | '条';
  readonly rows: { readonly rowNo: number; readonly index: number; readonly row: T }[];
  /** Grid codes of rows whose cells failed: references to them are not reported again. */
  readonly failedCodes: ReadonlySet<string>;
}

class Problems {
  readonly list: FieldError[] = [];
  add(field: string, message: string): void {
    this.list.push({ field, message });
  }
  /** A problem in the `i`-th parsed row of a table, named by its row number and field label. */
  at<T>(parsed: Parsed<T>, i: number, field: string, message: string): void {
    const row = parsed.rows[i];
    const rowNo = row?.rowNo ?? i + 1;
    const label = fieldLabel(SCHEMAS[parsed.table], [field]);
    const text =
      label === undefined || message.startsWith(label) ? message : `${label}：${message}`;
    this.add(
      `${parsed.table}.${row?.index ?? i}.${field}`,
      `${rowPlace(parsed.table, rowNo, parsed.unit)} ${text}`,
    );
  }
}

const SCHEMAS = {
  gridNodes: gridImportRowSchema,
  staff: staffImportRowSchema,
  rooms: roomImportRowSchema,
} as const;

const COLUMNS: Readonly<Record<TableName, readonly CsvColumn[]>> = {
  gridNodes: GRID_CSV_COLUMNS,
  staff: STAFF_CSV_COLUMNS,
  rooms: ROOM_CSV_COLUMNS,
};

/** Checks each row's cells with the shared row schema. */
function parseRows<T>(table: TableName, read: ReadTable, problems: Problems): Parsed<T> {
  problems.list.push(...read.problems);
  const rows: { rowNo: number; index: number; row: T }[] = [];
  const failedCodes = new Set<string>();
  read.rows.forEach((source: SourceRow, index) => {
    const parsed = parseInput(SCHEMAS[table], source.values);
    if (parsed.ok) {
      rows.push({ rowNo: source.rowNo, index, row: parsed.value as T });
      return;
    }
    const code = source.values.code;
    if (typeof code === 'string') failedCodes.add(code.trim());
    for (const f of parsed.error.details?.fields ?? []) {
      const field = f.field === '' ? '' : `.${f.field}`;
      problems.add(
        `${table}.${index}${field}`,
        `${rowPlace(table, source.rowNo, read.unit)} ${f.message}`,
      );
    }
  });
  return { table, unit: read.unit, rows, failedCodes };
}

/** A node as the import sees it: loaded, in the file, or both. */
interface MergedNode {
  readonly code: string;
  readonly id: string;
  readonly level: GridLevel;
  readonly name: string;
  readonly parentCode: string | null;
  readonly existing: StoredDoc<GridNode> | undefined;
  /** Index of its row in the file, when it is in the file. */
  readonly rowIndex: number | undefined;
  readonly row: GridImportRow | undefined;
}

/** Node ids are chosen from town and code, so two imports racing cannot both create a node. */
export function gridNodeId(townId: string, code: string): string {
  return `grid:${townId}:${code}`;
}

function sameFields(a: object, b: object, keys: readonly string[]): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return keys.every((k) => JSON.stringify(x[k]) === JSON.stringify(y[k]));
}

const count = (): { created: number; updated: number; unchanged: number } => ({
  created: 0,
  updated: 0,
  unchanged: 0,
});

interface Planned {
  readonly units: Unit[];
  readonly counts: { created: number; updated: number; unchanged: number };
}

/** Grid nodes: parents exist and sit one level up; ancestors recomputed for the whole tree. */
function planGrid(
  ctx: AppContext,
  townId: string,
  parsed: Parsed<GridImportRow>,
  existing: readonly StoredDoc<GridNode>[],
  problems: Problems,
): { planned: Planned; merged: Map<string, MergedNode> } {
  const byId = new Map(existing.map((n) => [n._id, n]));
  const merged = new Map<string, MergedNode>();
  for (const n of existing) {
    merged.set(n.code, {
      code: n.code,
      id: n._id,
      level: n.level,
      name: n.name,
      parentCode: n.parentId === null ? null : (byId.get(n.parentId)?.code ?? null),
      existing: n,
      rowIndex: undefined,
      row: undefined,
    });
  }
  parsed.rows.forEach(({ row }, rowIndex) => {
    const before = merged.get(row.code);
    merged.set(row.code, {
      code: row.code,
      id: before?.id ?? gridNodeId(townId, row.code),
      level: row.level,
      name: row.name,
      parentCode: row.parentCode ?? null,
      existing: before?.existing,
      rowIndex,
      row,
    });
  });

  const towns = [...merged.values()].filter((n) => n.level === 'town');
  const bad = new Set<string>();
  for (const node of merged.values()) {
    const report = (field: string, message: string) => {
      bad.add(node.code);
      if (node.rowIndex !== undefined) problems.at(parsed, node.rowIndex, field, message);
      else problems.add('gridNodes', `已有的网格“${node.name}”（${node.code}）：${message}`);
    };
    if (node.level === 'town') {
      if (node.parentCode !== null) report('parentCode', '镇是最上一级，上级网格编码请留空');
      if (towns.length > 1) report('level', '一个镇只能有一行“镇”');
      continue;
    }
    if (node.parentCode === null) {
      report(
        'parentCode',
        `请填写上级网格编码（${GRID_LEVEL_LABELS[node.level]}要挂在上级网格下面）`,
      );
      continue;
    }
    const parent = merged.get(node.parentCode);
    if (parent === undefined && parsed.failedCodes.has(node.parentCode)) {
      bad.add(node.code);
    } else if (parent === undefined) {
      report(
        'parentCode',
        `找不到编码为“${node.parentCode}”的上级网格，本文件和已导入的网格里都没有`,
      );
    } else if (!isAllowedParent(node.level, parent.level)) {
      report(
        'level',
        `上级网格“${parent.name}”是${GRID_LEVEL_LABELS[parent.level]}，${GRID_LEVEL_LABELS[node.level]}不能挂在${GRID_LEVEL_LABELS[parent.level]}下面`,
      );
    }
  }
  const counts = count();
  if (bad.size > 0) return { planned: { units: [], counts }, merged };

  // Levels strictly descend (a lane never under a lane), so these walks end within 4 steps.
  const ancestors = new Map<string, string[]>();
  const ancestorsOf = (node: MergedNode): string[] => {
    const known = ancestors.get(node.code);
    if (known !== undefined) return known;
    const parent = node.parentCode === null ? undefined : merged.get(node.parentCode);
    const list = parent === undefined ? [] : [...ancestorsOf(parent), parent.id];
    ancestors.set(node.code, list);
    return list;
  };

  const units: Unit[] = [];
  const now = ctx.clock.nowIso();
  for (const node of merged.values()) {
    const parent = node.parentCode === null ? undefined : merged.get(node.parentCode);
    const old = node.existing;
    const doc = {
      _id: node.id,
      townId,
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
      code: node.code,
      name: node.name,
      level: node.level,
      parentId: parent?.id ?? null,
      ancestorIds: ancestorsOf(node),
      households: node.row === undefined ? old?.households : node.row.households,
      contacts: old?.contacts ?? [],
      sample: node.row?.sample ?? old?.sample ?? false,
      active: old?.active ?? true,
    };
    const checked = gridNodeSchema.safeParse({ ...doc, _version: 0 });
    if (!checked.success) {
      for (const f of fieldErrorsOf(gridNodeSchema, checked.error.issues, doc)) {
        if (node.rowIndex !== undefined) problems.at(parsed, node.rowIndex, 'level', f.message);
        else problems.add('gridNodes', `已有的网格“${node.name}”：${f.message}`);
      }
      continue;
    }
    const { _version: _drop, ...body } = checked.data;
    if (old === undefined) {
      counts.created += 1;
      units.push([(tx) => gridNodeWriter.insert(tx, body)]);
    } else if (
      sameFields(old, body, ['name', 'level', 'parentId', 'ancestorIds', 'households', 'sample'])
    ) {
      if (node.row !== undefined) counts.unchanged += 1;
    } else {
      counts.updated += 1;
      units.push([(tx) => gridNodeWriter.replace(tx, old._id, body, { ifVersion: old._version })]);
    }
  }
  return { planned: { units, counts }, merged };
}

export const VILLAGER_PHONE_IN_ROSTER =
  '这个手机号的账号是本人自己注册的，名单导入不能直接改动它（注册时的手机号没有核实）。请从名单里删掉这一行，改为给此人发一个写明这个手机号的邀请码，由本人登录后绑定';

/** Staff: each row an account found by phone (updated) or created with its phone key. */
async function planStaff(
  ctx: AppContext,
  townId: string,
  parsed: Parsed<StaffImportRow>,
  merged: ReadonlyMap<string, MergedNode>,
  failedGridCodes: ReadonlySet<string>,
  problems: Problems,
): Promise<Planned> {
  const units: Unit[] = [];
  const counts = count();
  const now = ctx.clock.nowIso();
  const found = await Promise.all(parsed.rows.map(({ row }) => accountByPhone(ctx, row.phone)));
  parsed.rows.forEach(({ row }, index) => {
    const missing = row.gridNodeCodes.filter((code) => !merged.has(code));
    if (missing.some((code) => failedGridCodes.has(code))) return;
    if (missing.length > 0) {
      problems.at(parsed, index, 'gridNodeCodes', `找不到编码为“${missing.join('、')}”的网格`);
      return;
    }
    const {
      account: old,
      keyed,
      keyTown,
    } = found[index] as Awaited<ReturnType<typeof accountByPhone>>;
    if ((keyTown ?? old?.townId ?? townId) !== townId) {
      problems.at(parsed, index, 'phone', '这个手机号已经是别的镇的账号，请核对');
      return;
    }
    // A phone typed at registration proves nothing: whoever registered it first (or became
    // staff by a code that named no phone) must not take this row's name and roles because the
    // roster names that phone. The person binds a code issued for their phone instead.
    if (old !== null && !(old.isStaff && phoneIsAdmins(old))) {
      problems.at(parsed, index, 'phone', VILLAGER_PHONE_IN_ROSTER);
      return;
    }
    const fields = {
      name: row.name,
      phone: row.phone,
      roles: [...row.roles],
      gridNodeIds: row.gridNodeCodes.map((code) => (merged.get(code) as MergedNode).id),
      departmentId: row.departmentId,
      isStaff: true,
      sample: row.sample,
    };
    if (old === null) {
      const record = checkedAccount({
        _id: ctx.ids.newId('acc'),
        townId,
        createdAt: now,
        updatedAt: now,
        ...fields,
        phoneTrusted: true,
        status: 'active',
      });
      counts.created += 1;
      units.push([
        (tx) => putPhoneKey(tx, row.phone, record._id, townId),
        (tx) => insertAccountRecord(tx, record),
      ]);
      return;
    }
    checkedAccount({ ...old, ...fields, updatedAt: now });
    const unit: Op[] = keyed ? [] : [(tx) => putPhoneKey(tx, row.phone, old._id, townId)];
    if (sameFields(old, fields, Object.keys(fields)) && keyed) {
      counts.unchanged += 1;
      return;
    }
    counts.updated += 1;
    unit.push((tx) =>
      updateAccountRecord(tx, old._id, { ...fields, updatedAt: now }, old._version),
    );
    units.push(unit);
  });
  return { units, counts };
}

const ROOM_COMPARED = [
  'kind',
  'name',
  'gridNodeId',
  'level',
  'disputeTypes',
  'address',
  'phone',
  'schedule',
  'slotMinutes',
  'seatsPerSlot',
  'sample',
] as const;

/** Rooms: placed on a node of their level, of a kind that sits there, with a valid schedule. */
function planRooms(
  ctx: AppContext,
  townId: string,
  parsed: Parsed<RoomImportRow>,
  merged: ReadonlyMap<string, MergedNode>,
  failedGridCodes: ReadonlySet<string>,
  existing: readonly StoredDoc<Room>[],
  problems: Problems,
): Planned {
  const units: Unit[] = [];
  const counts = count();
  const now = ctx.clock.nowIso();
  const byPlace = new Map(existing.map((r) => [`${r.gridNodeId}\u0000${r.name}`, r]));
  parsed.rows.forEach(({ row }, index) => {
    const node = merged.get(row.gridNodeCode);
    if (node === undefined && failedGridCodes.has(row.gridNodeCode)) return;
    if (node === undefined) {
      problems.at(parsed, index, 'gridNodeCode', `找不到编码为“${row.gridNodeCode}”的网格`);
      return;
    }
    if (node.level !== row.level) {
      problems.at(
        parsed,
        index,
        'level',
        `所在网格“${node.name}”是${GRID_LEVEL_LABELS[node.level]}，这里应填${GRID_LEVEL_LABELS[node.level]}`,
      );
      return;
    }
    const kind: RoomKind = roomKind(row.kind);
    if (!kind.levels.includes(row.level)) {
      const where = kind.levels.map((l: MediationLevel) => MEDIATION_LEVEL_LABELS[l]).join('、');
      problems.at(parsed, index, 'level', `${kind.name}只设在${where}一级`);
      return;
    }
    const old = byPlace.get(`${node.id}\u0000${row.name}`);
    const doc: NewEntity<Room> = {
      _id: old?._id ?? ctx.ids.newId('room'),
      townId,
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
      kind: row.kind,
      name: row.name,
      gridNodeId: node.id,
      level: row.level,
      disputeTypes:
        row.disputeTypes.length > 0 ? [...row.disputeTypes] : defaultDisputeTypes(row.kind),
      address: row.address,
      phone: row.phone,
      schedule: scheduleFromRow(row),
      slotMinutes: row.slotMinutes,
      seatsPerSlot: row.seatsPerSlot,
      closedOnHolidays: old?.closedOnHolidays ?? true,
      closedDates: old?.closedDates ?? [],
      mediatorIds: old?.mediatorIds ?? [],
      active: old?.active ?? true,
      sample: row.sample,
    };
    const checked = roomSchema.safeParse({ ...doc, _version: 0 });
    if (!checked.success) {
      for (const f of fieldErrorsOf(roomSchema, checked.error.issues, doc)) {
        const field = f.field.startsWith('schedule') ? 'hours' : (f.field.split('.')[0] ?? '');
        problems.at(parsed, index, field, f.message);
      }
      return;
    }
    const { _version: _drop, ...body } = checked.data;
    if (old === undefined) {
      counts.created += 1;
      units.push([(tx) => putRoom(tx, body, null)]);
    } else if (sameFields(old, body, ROOM_COMPARED)) {
      counts.unchanged += 1;
    } else {
      counts.updated += 1;
      units.push([(tx) => putRoom(tx, body, old)]);
    }
  });
  return { units, counts };
}

/** Repeats within the file and the row limits, from the shared whole-import schema. */
function checkWholeFile(
  parsed: { gridNodes: Parsed<unknown>; staff: Parsed<unknown>; rooms: Parsed<unknown> },
  problems: Problems,
): void {
  const whole = importGridInputSchema.safeParse({
    mode: 'preview',
    gridNodes: parsed.gridNodes.rows.map((r) => r.row),
    staff: parsed.staff.rows.map((r) => r.row),
    rooms: parsed.rooms.rows.map((r) => r.row),
  });
  if (whole.success) return;
  const hadProblems = problems.list.length > 0;
  for (const issue of whole.error.issues) {
    // "Nothing to import" is no news when every row was already refused for its cells.
    if (issue.path.length === 0 && hadProblems) continue;
    const [table, index, field] = issue.path;
    if (typeof table === 'string' && table in parsed && typeof index === 'number') {
      problems.at(parsed[table as TableName], index, String(field ?? ''), issue.message);
    } else if (typeof table === 'string' && table in parsed) {
      problems.add(table, `${TABLE_LABELS[table as TableName]}：${issue.message}`);
    } else {
      problems.add('', issue.message);
    }
  }
}

/** Packs units into transactions of at most CHUNK_SIZE operations, never splitting a unit. */
function chunk(units: readonly Unit[]): Unit[][] {
  const chunks: Unit[][] = [];
  let current: Unit[] = [];
  let size = 0;
  for (const unit of units) {
    if (size + unit.length > CHUNK_SIZE && current.length > 0) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(unit);
    size += unit.length;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function describe(label: string, c: ImportCounts): string {
  return `${label}新增 ${c.created}、修改 ${c.updated}、未变 ${c.unchanged}`;
}

/**
 * Checks a whole roster import and, in `apply` mode, writes it. Used by the `importGrid`
 * action and by the sample-town seed, so the sample loads exactly as a real roster does.
 */
export async function importRoster(
  ctx: AppContext,
  importer: Importer,
  request: ImportGridRequest,
): Promise<Result<ImportSummary>> {
  const { townId, actor } = importer;
  const sources: Partial<Record<TableName, string | readonly Readonly<Record<string, unknown>>[]>> =
    {};
  for (const table of ['gridNodes', 'staff', 'rooms'] as const) {
    const source = request[table];
    if (source === undefined || typeof source === 'string' || Array.isArray(source)) {
      sources[table] = source as string | readonly Readonly<Record<string, unknown>>[] | undefined;
      continue;
    }
    const csv = await xlsxAsCsv((source as { xlsx: string }).xlsx, table, TABLE_LABELS[table]);
    if (!csv.ok) return csv;
    sources[table] = csv.value;
  }
  const problems = new Problems();
  const read = (table: TableName) => readTable(table, COLUMNS[table], sources[table]);
  const parsed = {
    gridNodes: parseRows<GridImportRow>('gridNodes', read('gridNodes'), problems),
    staff: parseRows<StaffImportRow>('staff', read('staff'), problems),
    rooms: parseRows<RoomImportRow>('rooms', read('rooms'), problems),
  };
  // Every row is checked before anything is refused: the cells first, then repeats and
  // references among the rows whose cells are fine.
  checkWholeFile(parsed, problems);
  const [nodes, rooms] = await Promise.all([
    loadGrid(ctx, townId),
    queryAll(ctx, ROOMS, { where: { townId }, orderBy: { path: 'name', order: 'asc' } }),
  ]);
  const failed = parsed.gridNodes.failedCodes;
  const grid = planGrid(ctx, townId, parsed.gridNodes, nodes, problems);
  const staff = await planStaff(ctx, townId, parsed.staff, grid.merged, failed, problems);
  const roomPlan = planRooms(ctx, townId, parsed.rooms, grid.merged, failed, rooms, problems);
  if (problems.list.length > 0) return refuse(problems.list);

  const summary = {
    gridNodes: grid.planned.counts,
    staff: staff.counts,
    rooms: roomPlan.counts,
  };
  if (request.mode === 'preview') return ok({ mode: 'preview', ...summary, batches: 0 });

  // Parents before children (insertion order of `merged` is loaded nodes, then file order,
  // and a file lists parents first or in the same batch): by-id writes need no order, but a
  // failure half-way then leaves a tree whose written part hangs together.
  const chunks = chunk([...grid.planned.units, ...staff.units, ...roomPlan.units]);
  const importId = ctx.ids.newId('imp');
  for (const [i, units] of chunks.entries()) {
    const written = await runTransaction(ctx.store, async (tx) => {
      for (const op of units.flat()) {
        const done = await op(tx);
        if (!done.ok) return done;
      }
      const event = await appendEvent(ctx, tx, {
        townId,
        subjectType: 'grid',
        subjectId: importId,
        actorId: actor.accountId,
        actorRole: actor.roles.includes('admin') ? 'admin' : (actor.roles[0] ?? 'system'),
        action: 'import',
        from: null,
        to: null,
        at: ctx.clock.nowIso(),
        note: `导入名单第 ${i + 1}/${chunks.length} 批（${units.flat().length} 项）。本次导入：${describe('网格', summary.gridNodes)}；${describe('人员', summary.staff)}；${describe('调解室', summary.rooms)}`,
        visibleToReporter: false,
      });
      return event.ok ? ok(undefined) : event;
    });
    if (!written.ok) {
      return err(
        appError(
          'CONFLICT',
          `导入时有数据被别人同时修改了，已写入 ${i} 批。请重新导入一次，重复导入不会产生重复记录`,
          { batchesWritten: i, failedWith: written.error.code },
        ),
      );
    }
  }
  return ok({ mode: 'apply', ...summary, batches: chunks.length });
}

function refuse(list: readonly FieldError[]): Result<never> {
  const shown = list.slice(0, MAX_FIELD_ERRORS);
  const first = (shown[0] as FieldError).message;
  const details =
    list.length > shown.length ? { fields: shown, truncated: true } : { fields: shown };
  return err(
    appError(
      'VALIDATION_FAILED',
      `导入的文件有 ${list.length} 处需要修改，这次没有导入任何数据。第一处：${first}`,
      details,
    ),
  );
}
