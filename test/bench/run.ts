/**
 * `npm run bench`: runs every benchmark and prints its figures, each target of issue 14 as a
 * ratio against its baseline measured in the same run (baselines: test/bench/baseline-server.ts).
 * Figures depend on the machine and its load; they are reported, never asserted (timed
 * assertions belong nowhere in the suite).
 *
 * Settings: BENCH_SECONDS (each HTTP load, default 10; the push load is at least 20),
 * BENCH_STATS_CONCERNS (default 1,000,000), BENCH_ONLY (a comma list of store, cold, http,
 * roster, stats, keywords, calendar).
 */
import { cpus, loadavg } from 'node:os';
import { printColdStart, runColdStartBench } from './cold-start';
import { runCalendarBench } from './calendar.bench';
import { runHttpBench } from './http.bench';
import { runKeywordBench } from './keywords.bench';
import { runRosterBench } from './roster.bench';
import { runStatsBench } from './stats.bench';
import { runStoreBench } from './store.bench';

const only = new Set(
  (process.env.BENCH_ONLY ?? 'store,cold,http,roster,stats,keywords,calendar')
    .split(',')
    .map((s) => s.trim()),
);

interface Target {
  readonly target: string;
  readonly figure: string;
  readonly baseline: string;
  readonly ratio: number;
  readonly goal: string;
  readonly met: boolean;
}

const targets: Target[] = [];
const round = (n: number, d = 2) => Number(n.toFixed(d));

function add(
  target: string,
  figure: string,
  baseline: string,
  ratio: number,
  goal: string,
  met: boolean,
) {
  targets.push({ target, figure, baseline, ratio: round(ratio, 3), goal, met });
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at start, node ${process.version}`,
  );
  if (only.has('store')) {
    const store = await runStoreBench();
    console.log('\nstore (SQLite adapter through the port, ~1 KB documents)');
    console.table(
      Object.entries(store).map(([measure, value]) => ({
        measure,
        value: Number.isInteger(value) ? value : round(value, 3),
      })),
    );
  }
  if (only.has('cold')) printColdStart(await runColdStartBench());

  if (only.has('http')) {
    const seconds = Number(process.env.BENCH_SECONDS ?? 10);
    const http = await runHttpBench(seconds);
    console.log(`\nHTTP (autocannon, 10 connections, ${seconds} s each; push load ≥ 20 s)`);
    console.table(
      Object.fromEntries(
        (['echo', 'bareInsert', 'bareRead', 'submit', 'inbox', 'listMine'] as const).map((k) => [
          k,
          {
            rps: round(http[k].rps, 1),
            p50: http[k].p50,
            p99: http[k].p99,
            errors: http[k].errors,
            non2xx: http[k].non2xx,
          },
        ]),
      ),
    );
    console.table(http.push);
    const { bareInsert, bareRead, submit, inbox, listMine, push } = http;
    add(
      'submit req/s',
      `${round(submit.rps, 1)}`,
      `bare insert ${round(bareInsert.rps, 1)}`,
      submit.rps / bareInsert.rps,
      '≥ 0.35',
      submit.rps / bareInsert.rps >= 0.35,
    );
    add(
      'submit p99',
      `${submit.p99} ms`,
      `bare insert ${bareInsert.p99} ms`,
      submit.p99 / Math.max(1, bareInsert.p99),
      '≤ 5',
      submit.p99 / Math.max(1, bareInsert.p99) <= 5,
    );
    add(
      'inbox req/s',
      `${round(inbox.rps, 1)}`,
      `bare read ${round(bareRead.rps, 1)}`,
      inbox.rps / bareRead.rps,
      '≥ 0.5',
      inbox.rps / bareRead.rps >= 0.5,
    );
    add(
      'listMine req/s',
      `${round(listMine.rps, 1)}`,
      `bare read ${round(bareRead.rps, 1)}`,
      listMine.rps / bareRead.rps,
      '≥ 0.5',
      listMine.rps / bareRead.rps >= 0.5,
    );
    add(
      'push lag p99',
      `${push.lagP99Ms} ms`,
      'limit 2000 ms',
      push.lagP99Ms / 2000,
      '≤ 1 (and every push shown)',
      push.lagP99Ms <= 2000 && push.shown === push.acked,
    );
    add(
      'backlog 0 after load',
      `${push.drainMs} ms`,
      'limit 5000 ms',
      push.drainMs / 5000,
      '≤ 1',
      push.drainMs <= 5000,
    );
  }
  if (only.has('roster')) {
    const roster = await runRosterBench();
    console.log('\nsubmit cost by roster size (dispatch in process)');
    console.table(roster);
    const ratio = roster.largeMs / roster.smallMs;
    add(
      `submit at ${roster.largeStaff} staff`,
      `${round(roster.largeMs)} ms`,
      `${roster.smallStaff} staff ${round(roster.smallMs)} ms`,
      ratio,
      '≤ 1.3',
      ratio <= 1.3,
    );
  }
  if (only.has('stats')) {
    const total = Number(process.env.BENCH_STATS_CONCERNS ?? 1_000_000);
    const stats = await runStatsBench(total);
    console.log(`\nstatistics at ${stats.concerns} concerns (20 towns, five years)`);
    console.table(stats);
    add(
      'stats one town, one year',
      `${round(stats.townOverviewMs)} ms`,
      `counting every concern ${round(stats.townCountedMs)} ms`,
      stats.townOverviewMs / 20,
      '≤ 1 (20 ms)',
      stats.townOverviewMs <= 20,
    );
    add(
      'stats whole county, one call',
      `${round(stats.countyOneCallMs)} ms`,
      `20 calls of a town each ${round(stats.countyTwentyCallsMs)} ms`,
      stats.countyOneCallMs / 100,
      '≤ 1 (100 ms)',
      stats.countyOneCallMs <= 100,
    );
  }
  if (only.has('keywords')) {
    console.log(
      '\nkeyword model (starter model on the labelled texts; ratio = match rate / baseline)',
    );
    console.table(runKeywordBench());
  }
  if (only.has('calendar')) {
    const calendar = await runCalendarBench();
    console.log('\ncalendar (a town calendar per call; a holiday save moving open concerns)');
    console.table(
      Object.entries(calendar).map(([measure, value]) => ({
        measure,
        value: Number.isInteger(value) ? value : round(value, 3),
      })),
    );
  }
  if (targets.length > 0) {
    console.log('\ntargets (issue 14), each against its baseline in this run');
    console.table(targets);
  }
  console.log(`bench finished in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
