import { DEFAULT_HOLIDAY_TABLE } from './calendar.data';
import { holidayOverridesSchema, parseHolidayOverrides } from './calendar.schema';
import { createWorkingCalendar } from './working-days';

function fieldsOf(input: unknown): { field: string; message: string }[] {
  const result = parseHolidayOverrides(input);
  if (result.ok) throw new Error('expected the table to be rejected');
  expect(result.error.code).toBe('VALIDATION_FAILED');
  return [...(result.error.details?.fields ?? [])];
}

describe('holiday override schema', () => {
  const valid2027 = {
    '2027': { holidays: ['2027-01-01', '2027-02-06'], workdays: ['2027-02-14'] },
  };

  it('accepts a well-formed table and keys it by number', () => {
    const result = parseHolidayOverrides(valid2027);
    expect(result).toEqual({ ok: true, value: { 2027: valid2027['2027'] } });
    if (!result.ok) return;
    const calendar = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, result.value);
    expect(calendar.isWorkday('2027-01-01')).toBe(false);
  });

  it('rejects a date that does not exist, naming the year, list and item', () => {
    const fields = fieldsOf({ '2027': { holidays: ['2027-01-01', '2027-02-30'], workdays: [] } });
    expect(fields).toEqual([
      { field: '2027.holidays.1', message: expect.stringContaining('2027年放假日期第2项') },
    ]);
    expect(fields[0]?.message).toContain('不是有效日期');
  });

  it('rejects a date written in another format', () => {
    const fields = fieldsOf({ '2027': { holidays: [], workdays: ['2027/2/14'] } });
    expect(fields).toEqual([
      { field: '2027.workdays.0', message: expect.stringContaining('2027年调休上班日期第1项') },
    ]);
  });

  it('rejects a date filed under the wrong year', () => {
    const fields = fieldsOf({ '2027': { holidays: ['2026-12-31'], workdays: [] } });
    expect(fields).toEqual([
      { field: '2027.holidays.0', message: expect.stringContaining('不在2027年内') },
    ]);
  });

  it('rejects a date that is both a day off and a make-up workday', () => {
    const fields = fieldsOf({ '2027': { holidays: ['2027-02-14'], workdays: ['2027-02-14'] } });
    expect(fields).toEqual([
      {
        field: '2027.workdays.0',
        message: expect.stringContaining('既写成了放假又写成了调休上班'),
      },
    ]);
  });

  it.each(['27', '1999', '2101', 'abcd'])('rejects the year key %s', (year) => {
    const fields = fieldsOf({ [year]: { holidays: [], workdays: [] } });
    expect(fields).toEqual([
      { field: year, message: expect.stringContaining(`年份“${year}”有误`) },
    ]);
  });

  it('rejects a year without its two lists, in Chinese', () => {
    expect(fieldsOf({ '2027': 3 })).toEqual([
      { field: '2027', message: expect.stringContaining('放假日期（holidays）') },
    ]);
    expect(fieldsOf({ '2027': { holidays: 'x', workdays: [] } })).toEqual([
      { field: '2027.holidays', message: '放假日期要写成一组日期' },
    ]);
    expect(fieldsOf({ '2027': { holidays: [], workdays: [7] } })).toEqual([
      { field: '2027.workdays.0', message: expect.stringContaining('日期要写成文字') },
    ]);
  });

  it.each([null, [], 'table'])('rejects %p as a whole table', (input) => {
    expect(fieldsOf(input)).toEqual([
      { field: '', message: expect.stringContaining('按年份填写') },
    ]);
  });

  it('puts the first problem in the error message itself', () => {
    const result = parseHolidayOverrides({ '2027': { holidays: ['2027-13-01'], workdays: [] } });
    expect(result.ok ? '' : result.error.message).toMatch(/^节假日表有误：2027年放假日期第1项/);
  });

  it('is a plain zod schema too, for the upload form', () => {
    expect(holidayOverridesSchema.safeParse(valid2027).success).toBe(true);
    expect(
      holidayOverridesSchema.safeParse({ '2027': { holidays: ['x'], workdays: [] } }).success,
    ).toBe(false);
  });
});
