import { z } from 'zod';
import type { Result } from '../kernel/result';
import { cellBoolean, cellEnum, cellInt, cellList, cellOptional, csvHeaders } from './cells';
import { parseInput } from './parse';

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.message}`);
  return result.value;
}

function message(result: Result<unknown>): string {
  if (result.ok) throw new Error('expected a failure');
  return result.error.message;
}

describe('spreadsheet cells', () => {
  test('an empty optional cell is absent; a filled one is checked', () => {
    const schema = cellOptional(z.string().regex(/^\d+$/));
    expect(value(parseInput(schema, ''))).toBeUndefined();
    expect(value(parseInput(schema, '  '))).toBeUndefined();
    expect(value(parseInput(schema, undefined))).toBeUndefined();
    expect(value(parseInput(schema, '12'))).toBe('12');
    expect(parseInput(schema, 'x').ok).toBe(false);
  });

  test('whole numbers may be typed as text', () => {
    const schema = cellInt(0, 100);
    expect(value(parseInput(schema, ' 42 '))).toBe(42);
    expect(value(parseInput(schema, 42))).toBe(42);
    expect(message(parseInput(schema, '101'))).toBe('不能大于 100');
    expect(message(parseInput(schema, '4.5'))).toBe('请填写数字');
    expect(message(parseInput(schema, ''))).toBe('请填写此项');
  });

  test('是/否 and friends become booleans; empty takes the default', () => {
    const schema = cellBoolean(false);
    expect(value(parseInput(schema, '是'))).toBe(true);
    expect(value(parseInput(schema, 'TRUE'))).toBe(true);
    expect(value(parseInput(schema, '否'))).toBe(false);
    expect(value(parseInput(schema, '0'))).toBe(false);
    expect(value(parseInput(schema, ''))).toBe(false);
    expect(value(parseInput(cellBoolean(true), undefined))).toBe(true);
    expect(value(parseInput(schema, true))).toBe(true);
    expect(message(parseInput(schema, '也许'))).toBe('请填写“是”或“否”');
  });

  test('a choice may be typed as its code or its Chinese label', () => {
    const schema = cellEnum(['town', 'village'] as const, { town: '镇', village: '自然村' });
    expect(value(parseInput(schema, '自然村'))).toBe('village');
    expect(value(parseInput(schema, ' town '))).toBe('town');
    expect(message(parseInput(schema, '村'))).toBe('请填写以下之一：镇、自然村');
    expect(message(parseInput(schema, 3))).toBe('请填写以下之一：镇、自然村');
  });

  test('several values in one cell are split on the usual separators', () => {
    const schema = cellList(z.string().min(2), 5);
    expect(value(parseInput(schema, '网格员、调解员，法律顾问; 管理员|检察官'))).toEqual([
      '网格员',
      '调解员',
      '法律顾问',
      '管理员',
      '检察官',
    ]);
    expect(value(parseInput(schema, ['甲乙']))).toEqual(['甲乙']);
    expect(value(parseInput(schema, ''))).toEqual([]);
    expect(value(parseInput(schema, undefined))).toEqual([]);
    expect(message(parseInput(schema, 'a1,b2,c3,d4,e5,f6'))).toBe('最多 5 项');
  });

  test('template headers are bilingual', () => {
    expect(
      csvHeaders([{ key: 'code', zh: '网格编码', en: 'code', required: true, note: '' }]),
    ).toEqual(['网格编码 code']);
  });
});
