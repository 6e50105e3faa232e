import { ManualClock } from '../../functions/adapters/local/clock';
import { createIdGenerator } from '../../functions/adapters/local/ids';

describe('record ids', () => {
  it('sort in the order they were made, also within one millisecond and when the clock goes back', () => {
    const clock = new ManualClock('2025-11-17T09:00:00+08:00');
    const ids = createIdGenerator(clock);
    const made: string[] = [];
    for (let i = 0; i < 2000; i++) made.push(ids.newId('evt'));
    clock.advance(5);
    made.push(ids.newId('evt'));
    clock.advance(-60_000);
    made.push(ids.newId('evt'));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
    expect(made[0]).toMatch(/^evt_[0-9a-z]{22}$/);
  });

  it('draws random integers in range', () => {
    const ids = createIdGenerator(new ManualClock(0));
    const draws = Array.from({ length: 500 }, () => ids.randomInt(7));
    expect(Math.min(...draws)).toBe(0);
    expect(Math.max(...draws)).toBe(6);
  });
});
