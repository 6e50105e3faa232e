import type { Result } from '../kernel/result';
import {
  importGridInputSchema,
  MAX_IMPORT_ROWS,
  setRulesInputSchema,
  statsOverviewInputSchema,
} from './admin.schema';
import { parseInput } from './parse';

function fields(result: Result<unknown>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value)}`);
  expect(result.error.code).toBe('VALIDATION_FAILED');
  return result.error.details?.fields ?? [];
}

const town = { code: 'XD', level: '镇', name: '小店镇' };
const community = { code: 'XD-01', parentCode: 'XD', level: '新村', name: '东新村' };
const staff = { name: '李网格', phone: '13912345678', roles: '网格员', gridNodeCodes: 'XD-01' };

describe('importGrid', () => {
  test('a roster file previews by default', () => {
    const result = parseInput(importGridInputSchema, {
      gridNodes: [town, community],
      staff: [staff],
    });
    expect(result.ok && result.value.mode).toBe('preview');
    expect(result.ok && result.value.rooms).toEqual([]);
  });

  test('an empty import is refused', () => {
    expect(fields(parseInput(importGridInputSchema, { mode: 'apply' }))).toEqual([
      { field: '', message: '导入的文件里没有内容' },
    ]);
  });

  test('repeated codes, phones and room names are pointed at, row by row', () => {
    const room = {
      name: '东新村老支书调解室',
      kind: '老支书调解室',
      gridNodeCode: 'XD-01',
      level: '新村',
      address: '东新村',
      weekdays: '周一',
      hours: '08:30-11:30',
      slotMinutes: '60',
      seatsPerSlot: '1',
    };
    const result = parseInput(importGridInputSchema, {
      gridNodes: [town, community, { ...community, name: '西新村' }],
      staff: [staff, { ...staff, name: '王网格', phone: '139 1234 5678' }],
      rooms: [room, room],
    });
    expect(fields(result)).toEqual([
      { field: 'gridNodes.2.code', message: '网格表（第3项）的网格编码：网格编码重复了' },
      { field: 'staff.1.phone', message: '人员表（第2项）的手机号：手机号重复了' },
      { field: 'rooms.1.name', message: '调解室表（第2项）的名称：同一网格里有同名的调解室' },
    ]);
  });

  test('a bad cell is named with its sheet and row', () => {
    expect(
      fields(
        parseInput(importGridInputSchema, { gridNodes: [town, { ...community, level: '省' }] }),
      ),
    ).toEqual([
      {
        field: 'gridNodes.1.level',
        message: '网格表（第2项）的层级：请填写以下之一：镇、新村、自然村、街、巷',
      },
    ]);
  });

  test('row counts are capped', () => {
    const rows = Array.from({ length: MAX_IMPORT_ROWS.rooms + 1 }, () => ({}));
    expect(fields(parseInput(importGridInputSchema, { rooms: rows }))[0]).toEqual({
      field: 'rooms',
      message: `调解室表：最多 ${MAX_IMPORT_ROWS.rooms} 项`,
    });
  });
});

describe('setRules', () => {
  const workingDays = {
    consultation: 3,
    help: 3,
    suggestion: 13,
    criticism: 13,
    complaint: 13,
    report: 13,
    dispute: 13,
  };

  test('deadline rules are checked here', () => {
    expect(
      parseInput(setRulesInputSchema, {
        ruleSet: 'deadlines',
        rules: { workingDays },
        note: '按县 12345 规则',
      }).ok,
    ).toBe(true);
    const result = parseInput(setRulesInputSchema, {
      ruleSet: 'deadlines',
      rules: { workingDays: { ...workingDays, help: 0 } },
      note: '改短',
    });
    expect(fields(result)).toEqual([
      {
        field: 'rules.workingDays.help',
        message: '办理时限至少 1 个工作日；紧急事项按当天办结处理',
      },
    ]);
  });

  test('other rule sets need an object body and a note; the set must be known', () => {
    expect(
      parseInput(setRulesInputSchema, {
        ruleSet: 'routing',
        rules: { rules: [] },
        note: '新增规则',
        expectedVersion: 4,
      }).ok,
    ).toBe(true);
    expect(fields(parseInput(setRulesInputSchema, { ruleSet: 'routing', rules: 'x' }))).toEqual([
      { field: 'rules', message: '规则内容格式有误' },
      { field: 'note', message: '修改说明：请填写此项' },
    ]);
    // The keyword model has its own schema, so a body that is not a model names `rules` too.
    expect(
      fields(parseInput(setRulesInputSchema, { ruleSet: 'keywords', rules: 'x', note: 'x' })),
    ).toEqual([{ field: 'rules', message: '请把这一项填写完整' }]);
    expect(
      fields(parseInput(setRulesInputSchema, { ruleSet: 'taxes', rules: {}, note: 'x' })),
    ).toEqual([{ field: 'ruleSet', message: '请选择要修改的规则' }]);
  });
});

describe('stats overview', () => {
  test('a date range of at most a year, optionally one community', () => {
    expect(
      parseInput(statsOverviewInputSchema, {
        from: '2025-01-01',
        to: '2025-12-31',
        communityId: 'c-1',
      }).ok,
    ).toBe(true);
    expect(
      fields(parseInput(statsOverviewInputSchema, { from: '2025-01-01', to: '2026-01-03' })),
    ).toEqual([{ field: 'to', message: '结束日期：一次最多统计一年' }]);
    expect(
      fields(parseInput(statsOverviewInputSchema, { from: '2025-02-01', to: '2025-01-31' })),
    ).toEqual([{ field: 'to', message: '结束日期：不能早于开始日期' }]);
    expect(
      fields(parseInput(statsOverviewInputSchema, { from: '2025-02-30', to: '2025-03-01' })),
    ).toEqual([{ field: 'from', message: '开始日期：请填写正确的日期，例如 2025-03-08' }]);
  });
});
