import type { Result } from '../kernel/result';
import { parseInput } from '../validation/parse';
import { DEPARTMENT_CODES, DEPARTMENT_LABELS, DEPARTMENTS } from './departments.catalog';
import {
  ALLOWED_PARENT_LEVELS,
  GRID_CSV_COLUMNS,
  GRID_LEVELS,
  gridImportRowSchema,
  gridNodeSchema,
  isAllowedParent,
} from './grid.schema';

function fields(result: Result<unknown>) {
  if (result.ok) throw new Error('expected a failure');
  expect(result.error.code).toBe('VALIDATION_FAILED');
  return result.error.details?.fields ?? [];
}

const stored = {
  townId: 'xiaodian',
  createdAt: '2025-03-08T09:00:00+08:00',
  updatedAt: '2025-03-08T09:00:00+08:00',
  _version: 1,
};

const village = {
  ...stored,
  _id: 'v-wangjiazhuang',
  code: 'XD-03-12',
  name: '王家庄',
  level: 'village',
  parentId: 'c-03',
  ancestorIds: ['t-xd', 'c-03'],
  households: 210,
  sample: true,
};

describe('grid nodes', () => {
  test('a natural village under its community parses, with defaults', () => {
    const result = parseInput(gridNodeSchema, village);
    expect(result.ok && result.value).toMatchObject({ contacts: [], active: true, sample: true });
  });

  test('the town is the root: no parent, no ancestors', () => {
    const town = {
      ...village,
      _id: 't-xd',
      code: 'XD',
      name: '小店镇',
      level: 'town',
      parentId: null,
      ancestorIds: [],
    };
    expect(parseInput(gridNodeSchema, town).ok).toBe(true);
    expect(
      fields(parseInput(gridNodeSchema, { ...town, parentId: 'x', ancestorIds: ['x'] })),
    ).toEqual([
      { field: 'parentId', message: '上级网格：镇是最上一级，不能有上级网格' },
      { field: 'ancestorIds', message: '上级网格的层级不对' },
    ]);
  });

  test('any other node needs a parent that ends its ancestor list', () => {
    expect(fields(parseInput(gridNodeSchema, { ...village, parentId: null }))[0]).toEqual({
      field: 'parentId',
      message: '上级网格：请选择上级网格',
    });
    expect(
      fields(parseInput(gridNodeSchema, { ...village, ancestorIds: ['t-xd', 'c-04'] })),
    ).toEqual([{ field: 'ancestorIds', message: '上级网格的层级不对' }]);
  });

  test('a lane may sit under a street or directly under a village', () => {
    const lane = { ...village, level: 'lane', parentId: 'v', ancestorIds: ['t', 'c', 'v'] };
    expect(parseInput(gridNodeSchema, lane).ok).toBe(true);
    expect(
      parseInput(gridNodeSchema, { ...lane, parentId: 's', ancestorIds: ['t', 'c', 'v', 's'] }).ok,
    ).toBe(true);
    expect(parseInput(gridNodeSchema, { ...lane, ancestorIds: ['t', 'v'], parentId: 'v' }).ok).toBe(
      false,
    );
  });

  test('contacts name a duty and a person; a lane head needs no account', () => {
    const contacts = [{ duty: 'lane_head', name: '刘大姐', phone: '13812345678' }];
    expect(parseInput(gridNodeSchema, { ...village, contacts }).ok).toBe(true);
    expect(
      fields(parseInput(gridNodeSchema, { ...village, contacts: [{ duty: 'boss', name: '刘' }] })),
    ).toEqual([{ field: 'contacts.0.duty', message: '负责人（第1项）的职责：请选择一项' }]);
  });

  test('missing store fields are named', () => {
    const { townId: _t, _version: _v, ...bare } = village;
    expect(fields(parseInput(gridNodeSchema, bare)).map((f) => f.field)).toEqual([
      'townId',
      '_version',
    ]);
  });

  test('parent rules follow the tree town → community → village → street → lane', () => {
    expect(isAllowedParent('town', null)).toBe(true);
    expect(isAllowedParent('village', null)).toBe(false);
    expect(isAllowedParent('community', 'town')).toBe(true);
    expect(isAllowedParent('village', 'town')).toBe(false);
    expect(isAllowedParent('lane', 'village')).toBe(true);
    expect(isAllowedParent('street', 'lane')).toBe(false);
    for (const level of GRID_LEVELS) {
      for (const parent of ALLOWED_PARENT_LEVELS[level]) {
        expect(GRID_LEVELS.indexOf(parent)).toBeLessThan(GRID_LEVELS.indexOf(level));
      }
    }
  });
});

describe('grid import rows', () => {
  test('a row as a clerk typed it becomes a typed row', () => {
    const result = parseInput(gridImportRowSchema, {
      code: 'XD-03',
      parentCode: 'XD',
      level: '新村',
      name: '东新村',
      households: '1200',
      sample: '否',
    });
    expect(result).toEqual({
      ok: true,
      value: {
        code: 'XD-03',
        parentCode: 'XD',
        level: 'community',
        name: '东新村',
        households: 1200,
        sample: false,
      },
    });
  });

  test('empty cells are absent; bad cells are named in Chinese', () => {
    const ok = parseInput(gridImportRowSchema, {
      code: 'XD',
      parentCode: '',
      level: 'town',
      name: '小店镇',
      households: '',
    });
    expect(ok.ok && ok.value.parentCode).toBeUndefined();
    expect(
      fields(
        parseInput(gridImportRowSchema, {
          code: 'XD 3',
          parentCode: '上级',
          level: '村',
          name: '',
          households: '-1',
        }),
      ),
    ).toEqual([
      { field: 'code', message: '网格编码：只能用字母、数字、横线，例如 XD-03-12' },
      { field: 'parentCode', message: '上级网格编码：只能用字母、数字、横线，例如 XD-03-12' },
      { field: 'level', message: '层级：请填写以下之一：镇、新村、自然村、街、巷' },
      { field: 'name', message: '名称：请填写此项' },
      { field: 'households', message: '户数：不能小于 0' },
    ]);
  });

  test('the CSV columns cover exactly the row fields, each header bilingual', () => {
    expect(GRID_CSV_COLUMNS.map((c) => c.key).sort()).toEqual(
      Object.keys(gridImportRowSchema.shape).sort(),
    );
    for (const c of GRID_CSV_COLUMNS) {
      expect(c.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(c.en).toMatch(/^[a-z_]+$/);
    }
  });
});

describe('departments', () => {
  test('the twelve departments of docs/domain.md §1 with unique codes', () => {
    expect(DEPARTMENTS.map((d) => d.label)).toEqual([
      '综治办',
      '司法所',
      '派出所',
      '自然资源和规划所',
      '信访办',
      '交警队',
      '环卫所',
      '执法中队',
      '应急办',
      '民政',
      '人社',
      '消防',
    ]);
    expect(new Set(DEPARTMENT_CODES).size).toBe(DEPARTMENTS.length);
    expect(DEPARTMENT_LABELS.judicial_office).toBe('司法所');
  });

  test('the command centre is staffed by the seven departments the account names', () => {
    expect(DEPARTMENTS.filter((d) => d.inCommandCenter).map((d) => d.label)).toEqual([
      '综治办',
      '司法所',
      '派出所',
      '自然资源和规划所',
      '信访办',
      '交警队',
      '环卫所',
    ]);
  });
});
