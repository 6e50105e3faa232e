import { DEFAULT_HOLIDAY_TABLE, LIBRARY_FINGERPRINT, LIBRARY_RANGES } from './calendar.data';

describe('default holiday table', () => {
  it('covers 2024 to 2026 from the library and nothing beyond', () => {
    expect(Object.keys(DEFAULT_HOLIDAY_TABLE).map(Number).sort()).toEqual([2024, 2025, 2026]);
  });

  it('keeps each year as sorted date lists taken from the library file', () => {
    const y2025 = DEFAULT_HOLIDAY_TABLE[2025];
    expect(y2025?.holidays).toContain('2025-10-08');
    expect(y2025?.workdays).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
    expect([...(y2025?.holidays ?? [])].sort()).toEqual(y2025?.holidays);
  });
});

describe('the library’s years as the notice reads them', () => {
  it('groups 2026’s days off into named ranges with their make-up days', () => {
    const y2026 = LIBRARY_RANGES[2026] ?? [];
    expect(y2026.map((h) => h.name)).toEqual([
      '元旦',
      '春节',
      '清明',
      '劳动节',
      '端午',
      '中秋',
      '国庆节',
    ]);
    expect(y2026.find((h) => h.name === '春节')).toEqual({
      name: '春节',
      from: '2026-02-15',
      to: '2026-02-23',
      workdays: ['2026-02-14', '2026-02-28'],
    });
  });

  it('names the library data in use', () => {
    expect(LIBRARY_FINGERPRINT).toBe('chinese-days:2024,2025,2026');
  });
});
