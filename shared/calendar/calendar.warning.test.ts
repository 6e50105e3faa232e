import { DEFAULT_HOLIDAY_TABLE } from './calendar.data';
import { calendarWarning, yearsToWarnAbout } from './calendar.warning';
import { createWorkingCalendar } from './working-days';

const library = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE);

describe('the calendar warning (banners from 1 November of the year before)', () => {
  it('looks at next year from 1 November only', () => {
    expect(yearsToWarnAbout('2026-10-31')).toEqual([2026]);
    expect(yearsToWarnAbout('2026-11-01')).toEqual([2026, 2027]);
    expect(yearsToWarnAbout('2026-12-31')).toEqual([2026, 2027]);
  });

  it('is quiet until 1 November, then names the uncovered year and what it means', () => {
    expect(calendarWarning(library, '2026-10-31')).toEqual({ uncoveredYears: [], message: null });
    const warning = calendarWarning(library, '2026-11-01');
    expect(warning.uncoveredYears).toEqual([2027]);
    expect(warning.message).toContain('2027年的法定节假日安排还没有录入');
    expect(warning.message).toContain('暂不开放预约');
  });

  it('names the current year all year once nobody entered it', () => {
    expect(calendarWarning(library, '2027-01-01').uncoveredYears).toEqual([2027]);
    expect(calendarWarning(library, '2027-11-02').uncoveredYears).toEqual([2027, 2028]);
  });

  it('goes away once the town entered the year', () => {
    const town = createWorkingCalendar(DEFAULT_HOLIDAY_TABLE, {
      2027: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: [] }],
    });
    expect(calendarWarning(town, '2026-12-07')).toEqual({ uncoveredYears: [], message: null });
  });
});
