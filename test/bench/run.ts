/**
 * `npm run bench`: runs every benchmark and prints its figures as a table. Figures depend on
 * the machine; they are reported, never asserted (timed assertions belong nowhere in the suite).
 */
import { printColdStart, runColdStartBench } from './cold-start';
import { runCalendarBench } from './calendar.bench';
import { runStoreBench } from './store.bench';

async function main(): Promise<void> {
  const started = Date.now();
  const store = await runStoreBench();
  console.log('\nstore (SQLite adapter through the port, ~1 KB documents)');
  console.table(
    Object.entries(store).map(([measure, value]) => ({
      measure,
      value: Number.isInteger(value) ? value : Number(value.toFixed(3)),
    })),
  );
  const calendar = await runCalendarBench();
  console.log('\ncalendar (a town calendar per call; a holiday save moving open concerns)');
  console.table(
    Object.entries(calendar).map(([measure, value]) => ({
      measure,
      value: Number.isInteger(value) ? value : Number(value.toFixed(3)),
    })),
  );
  printColdStart(await runColdStartBench());
  console.log(`bench finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
