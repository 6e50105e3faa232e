import { DEFAULT_HOLIDAY_TABLE } from './calendar.data';

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
