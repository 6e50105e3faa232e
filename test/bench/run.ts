/**
 * `npm run bench`: runs every benchmark and prints its figures as a table. Figures depend on
 * the machine; they are reported, never asserted (timed assertions belong nowhere in the suite).
 */
import { printColdStart, runColdStartBench } from './cold-start';
import { runKeywordBench } from './keywords.bench';
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
  printColdStart(await runColdStartBench());
  console.log(
    '\nkeyword model (starter model on the labelled texts; ratio = match rate / baseline)',
  );
  console.table(runKeywordBench());
  console.log(`bench finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
