import { DEFAULT_HOLIDAY_TABLE } from './calendar.data';
import { libraryDisagreements } from './calendar.compare';

describe('where a town’s entry disagrees with the library', () => {
  it('says nothing for a year the library does not cover', () => {
    expect(
      libraryDisagreements(
        { 2027: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: [] }] },
        DEFAULT_HOLIDAY_TABLE,
      ),
    ).toEqual([]);
  });

  it('says nothing where the town repeats the library', () => {
    expect(
      libraryDisagreements(
        {
          2026: [
            { name: '国庆节', from: '2026-10-01', to: '2026-10-07', workdays: ['2026-10-10'] },
          ],
        },
        DEFAULT_HOLIDAY_TABLE,
      ),
    ).toEqual([]);
  });

  it('names a day off the library has worked and a make-up day the library has off', () => {
    const found = libraryDisagreements(
      {
        2026: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-09', workdays: ['2026-10-11'] }],
      },
      DEFAULT_HOLIDAY_TABLE,
    );
    expect(found).toEqual([
      {
        field: 'years.2026.0.from',
        message: expect.stringContaining('2026-10-08、2026-10-09 在内置的国家安排里是工作日'),
      },
      {
        field: 'years.2026.0.workdays.0',
        message: expect.stringContaining('2026-10-11 在内置的国家安排里是休息日'),
      },
    ]);
    expect(found[0]?.message).toContain('以本镇录入为准');
  });
});
