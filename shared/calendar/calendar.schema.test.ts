import type { HolidayYearsInput } from './calendar.schema';
import {
  checkHolidayYears,
  holidayYearsSchema,
  parseStoredHolidays,
  toStoredBody,
  toTownTable,
  townDays,
} from './calendar.schema';

/** 2027's New Year and Spring Festival as a notice would read (test data, not the real notice). */
const year2027 = (): HolidayYearsInput => ({
  '2027': [
    { name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: [] },
    { name: '春节', from: '2027-02-06', to: '2027-02-13', workdays: ['2027-01-31', '2027-02-20'] },
  ],
});

function problems(years: HolidayYearsInput) {
  return checkHolidayYears(years);
}

describe('the holiday years a form or file sends', () => {
  it('accepts a year of named ranges with their make-up days', () => {
    const parsed = holidayYearsSchema.safeParse(year2027());
    expect(parsed.success).toBe(true);
    expect(problems(year2027())).toEqual([]);
  });

  it('fills in an absent make-up list and trims names and dates', () => {
    const parsed = holidayYearsSchema.parse({
      '2027': [{ name: ' 元旦 ', from: ' 2027-01-01', to: '2027-01-01 ' }],
    });
    expect(parsed['2027']).toEqual([
      { name: '元旦', from: '2027-01-01', to: '2027-01-01', workdays: [] },
    ]);
  });

  it('refuses an empty table, and checkHolidayYears a year key that is not four digits', () => {
    expect(holidayYearsSchema.safeParse({}).error?.issues[0]?.message).toBe(
      '请至少填写一年的节假日安排',
    );
    expect(problems({ '27': [] })).toEqual([
      { field: 'years.27', message: expect.stringContaining('四位数字') },
    ]);
  });

  it('lets an empty list stand for "remove this year"', () => {
    expect(problems({ '2027': [] })).toEqual([]);
  });
});

describe('checkHolidayYears: plain words naming the year, the holiday and the box', () => {
  it('refuses a date that does not exist', () => {
    const years = year2027();
    years['2027'] = [{ name: '元旦', from: '2027-01-01', to: '2027-02-30', workdays: [] }];
    expect(problems(years)).toEqual([
      {
        field: 'years.2027.0.to',
        message: expect.stringContaining('2027年“元旦”的放假结束日期“2027-02-30”不是有效日期'),
      },
    ]);
  });

  it('refuses a date outside its year', () => {
    expect(
      problems({ '2027': [{ name: '元旦', from: '2026-12-31', to: '2027-01-01', workdays: [] }] }),
    ).toEqual([{ field: 'years.2027.0.from', message: expect.stringContaining('不在2027年内') }]);
  });

  it('refuses a range that ends before it starts, or runs longer than any holiday', () => {
    expect(
      problems({ '2027': [{ name: '春节', from: '2027-02-13', to: '2027-02-06', workdays: [] }] }),
    ).toEqual([{ field: 'years.2027.0.to', message: expect.stringContaining('早于开始日期') }]);
    expect(
      problems({ '2027': [{ name: '春节', from: '2027-02-01', to: '2027-02-28', workdays: [] }] }),
    ).toEqual([{ field: 'years.2027.0.to', message: expect.stringContaining('超过了 15 天') }]);
  });

  it('refuses a make-up day that is not a Saturday or Sunday, naming its weekday', () => {
    const years = year2027();
    years['2027'] = [
      { name: '春节', from: '2027-02-06', to: '2027-02-13', workdays: ['2027-02-17'] },
    ];
    expect(problems(years)).toEqual([
      {
        field: 'years.2027.0.workdays.0',
        message: expect.stringContaining('2027-02-17（周三） 不是周末'),
      },
    ]);
  });

  it('refuses a day that is both off and worked, even across two holidays', () => {
    expect(
      problems({
        '2027': [
          { name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: [] },
          { name: '调休', from: '2027-01-09', to: '2027-01-09', workdays: ['2027-01-02'] },
        ],
      }),
    ).toEqual([
      {
        field: 'years.2027.1.workdays.0',
        message: expect.stringContaining('既写在“元旦”的放假日期里，又写成了“调休”的调休上班日'),
      },
    ]);
  });

  it('refuses two holidays whose days overlap, and a make-up day listed twice', () => {
    const found = problems({
      '2027': [
        { name: '劳动节', from: '2027-05-01', to: '2027-05-05', workdays: ['2027-04-25'] },
        { name: '另一段', from: '2027-05-05', to: '2027-05-06', workdays: ['2027-04-25'] },
      ],
    });
    expect(found).toEqual([
      { field: 'years.2027.1.from', message: expect.stringContaining('和“劳动节”重叠了') },
      { field: 'years.2027.1.workdays.0', message: expect.stringContaining('填了两次') },
    ]);
  });

  it('refuses a year outside 2000–2100', () => {
    expect(problems({ '1999': [] })).toEqual([
      { field: 'years.1999', message: expect.stringContaining('2000 到 2100') },
    ]);
  });
});

describe('the stored table', () => {
  it('round-trips through the stored body, leaving removed years out', () => {
    const table = toTownTable({ ...year2027(), '2028': [] });
    const body = toStoredBody(table);
    expect(Object.keys(body.years)).toEqual(['2027']);
    expect(parseStoredHolidays(body)).toEqual({ ok: true, value: { 2027: table[2027] } });
  });

  it('still reads the older per-day form as ranges', () => {
    const parsed = parseStoredHolidays({
      '2027': {
        holidays: ['2027-01-01', '2027-02-07', '2027-02-06', '2027-01-02'],
        workdays: ['2027-01-31'],
      },
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        2027: [
          { name: '节假日', from: '2027-01-01', to: '2027-01-02', workdays: [] },
          { name: '节假日', from: '2027-02-06', to: '2027-02-07', workdays: ['2027-01-31'] },
        ],
      },
    });
  });

  it('refuses a body of neither form', () => {
    expect(parseStoredHolidays({ years: 3 }).ok).toBe(false);
    expect(parseStoredHolidays('x').ok).toBe(false);
  });

  it('states each day a table names: its ranges off, its make-up days worked', () => {
    const days = townDays(toTownTable(year2027()));
    expect(days.get('2027-01-01')).toBe(false);
    expect(days.get('2027-02-13')).toBe(false);
    expect(days.get('2027-01-31')).toBe(true);
    expect(days.has('2027-01-04')).toBe(false);
  });
});
