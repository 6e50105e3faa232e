/**
 * Calendar benchmark (not a unit test: timings depend on the machine). What the per-town
 * calendar costs a call, against its baseline in the same run — the by-id read of the rules
 * document it makes on every call (`calendarPerCallRatio` = forTown ÷ bare read; near 1 means
 * the cache does its job) — and what a holiday save costs when it moves many open concerns
 * (the whole `saveHolidays` over 500 open concerns, per moved concern).
 */
import { performance } from 'node:perf_hooks';
import { adminFunction } from '../../functions/admin/admin.function';
import type { HolidaysSaved } from '../../functions/admin/holidays.views';
import { ManualClock } from '../../functions/adapters/local/clock';
import { createEmbeddedRuntime, silentLogger } from '../../functions/adapters/select';
import { dispatch } from '../../functions/runtime/dispatch';
import { RULES } from '../../functions/store/collections';
import { createTestTown } from '../factories/town';
import { putConcern } from '../factories/records';

async function meanMicros(runs: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 20; i += 1) await fn();
  const start = performance.now();
  for (let i = 0; i < runs; i += 1) await fn();
  return ((performance.now() - start) * 1000) / runs;
}

const OPEN_CONCERNS = 500;

export async function runCalendarBench(): Promise<Record<string, number>> {
  const clock = new ManualClock('2026-12-21T09:00:00+08:00');
  const runtime = createEmbeddedRuntime({ dataDir: ':memory:', clock, log: silentLogger });
  try {
    const { ctx } = runtime;
    const town = await createTestTown(runtime.store);
    // Complaints filed today, due 13 working days on: Thu 7 Jan 2027 before 2027 is entered.
    for (let i = 0; i < OPEN_CONCERNS; i += 1) {
      await putConcern(runtime.store, town, {
        kind: 'complaint',
        status: 'assigned',
        createdAt: '2026-12-21T09:00:00.000+08:00',
        dueAt: '2027-01-07T23:59:59.999+08:00',
        dueRule: { unit: 'working_days', from: '2026-12-21', days: 13 },
      });
    }
    const figures: Record<string, number> = {};
    figures.rulesReadByIdUs = await meanMicros(5000, () =>
      RULES.get(ctx.store, `${town.townId}:holidays`),
    );
    figures.forTownCachedUs = await meanMicros(5000, () => ctx.calendars.forTown(town.townId));
    figures.calendarPerCallRatio = figures.forTownCachedUs / figures.rulesReadByIdUs;

    const start = performance.now();
    const reply = await dispatch(
      ctx,
      adminFunction,
      {
        action: 'saveHolidays',
        data: {
          years: { '2027': [{ name: '元旦', from: '2027-01-01', to: '2027-01-03', workdays: [] }] },
          note: '基准测试（测试数据）',
          expectedVersion: 0,
        },
      },
      { kind: 'account', accountId: town.people.admin._id },
    );
    const elapsed = performance.now() - start;
    if (!reply.ok) throw new Error(JSON.stringify(reply.error));
    const moved = (reply.data as HolidaysSaved).counts.concerns;
    if (moved !== OPEN_CONCERNS) throw new Error(`moved ${moved} of ${OPEN_CONCERNS} concerns`);
    figures.saveMoving500ConcernsMs = elapsed;
    figures.msPerMovedConcern = elapsed / OPEN_CONCERNS;
    figures.forTownAfterChangeUs = await meanMicros(1, () => ctx.calendars.forTown(town.townId));
    return figures;
  } finally {
    await runtime.close();
  }
}
