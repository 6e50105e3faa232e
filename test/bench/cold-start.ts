/**
 * Cold-start benchmark of the CloudBase bundles (not a unit test: timings depend on the
 * machine). Builds every function's bundle (scripts/build-functions.ts) and, in the same run
 * and with the same esbuild settings, a naive bundle that imports `@cloudbase/node-sdk` whole
 * at the top, as a function written without care would. Each is then loaded in fresh Node
 * processes, round-robin, and measured inside the process (Node's own start-up excluded):
 * - **require**: `require('index.js')`, what the platform does on a cold start;
 * - **first call**: from before the require until `main` answered a bad envelope (a real
 *   first call also loads the database SDK; the naive bundle's first call only runs
 *   `tcb.init().database()`).
 * The target (issue 5) is each bundle's cold require ≤ 70 % of the naive bundle's; it is
 * reported here, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS, buildFunctions } from '../../scripts/build-functions';

/** What a cold start may take, as a share of the naive bundle's (issue 5). */
export const TARGET_RATIO = 0.7;

/** The environment of a CloudBase function (no WeChat context: the caller is anonymous). */
const CLOUDBASE_ENV = {
  TCB_ENV: 'bench-env-1a2b3c',
  SCF_NAMESPACE: 'bench-env-1a2b3c',
  TENCENTCLOUD_RUNENV: 'SCF',
  TENCENTCLOUD_REGION: 'ap-shanghai',
};

const NAIVE_ENTRY = `
const tcb = require('@cloudbase/node-sdk');
exports.main = async () => {
  tcb.init({ env: process.env.TCB_ENV }).database();
  return { ok: false, error: { code: 'VALIDATION_FAILED' } };
};
`;

const PROBE = `
const { performance } = require('node:perf_hooks');
const t0 = performance.now();
const m = require(process.argv[1]);
const t1 = performance.now();
Promise.resolve(m.main({ nope: true }, {})).then((reply) => {
  const code = reply && reply.error ? reply.error.code : 'none';
  process.stdout.write(JSON.stringify({ require: t1 - t0, firstCall: performance.now() - t0, code }));
});
`;

interface Sample {
  readonly require: number;
  readonly firstCall: number;
  readonly code: string;
}

function probe(file: string): Sample {
  const run = spawnSync(process.execPath, ['-e', PROBE, file], {
    env: { PATH: process.env.PATH ?? '', ...CLOUDBASE_ENV },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`${file} failed to load: ${run.stderr}`);
  return JSON.parse(run.stdout) as Sample;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface ColdStartRow {
  readonly bundle: string;
  readonly kb: number;
  readonly requireMs: number;
  readonly firstCallMs: number;
  /** requireMs / the naive bundle's requireMs. */
  readonly ratio: number;
}

export interface ColdStartReport {
  readonly runs: number;
  readonly naive: ColdStartRow;
  readonly bundles: readonly ColdStartRow[];
}

/** Builds the bundles and the naive baseline, and measures each `runs` times. */
export async function runColdStartBench(
  runs = Number(process.env.BENCH_RUNS ?? 7),
): Promise<ColdStartReport> {
  const dir = mkdtempSync(join(tmpdir(), 'hehe-cold-start-'));
  try {
    const built = await buildFunctions({ outDir: join(dir, 'functions') });
    const naiveFile = join(dir, 'naive', 'index.js');
    await build({
      ...BUNDLE_OPTIONS,
      stdin: { contents: NAIVE_ENTRY, resolveDir: join(__dirname, '..', '..') },
      outfile: naiveFile,
    });
    const targets = [
      { bundle: 'naive (node-sdk whole)', file: naiveFile },
      ...built.map((b) => ({ bundle: b.name, file: join(b.dir, 'index.js') })),
    ];
    const samples = new Map<string, Sample[]>(targets.map((t) => [t.bundle, []]));
    probe(naiveFile); // warm the file cache once, so the first bundle measured is not penalised
    for (let i = 0; i < runs; i += 1) {
      for (const t of targets) {
        const sample = probe(t.file);
        if (sample.code !== 'VALIDATION_FAILED') {
          throw new Error(`${t.bundle}: main answered ${sample.code}, not VALIDATION_FAILED`);
        }
        samples.get(t.bundle)?.push(sample);
      }
    }
    const rows = targets.map((t) => {
      const s = samples.get(t.bundle) ?? [];
      return {
        bundle: t.bundle,
        kb: Math.round(statSync(t.file).size / 102.4) / 10,
        requireMs: median(s.map((x) => x.require)),
        firstCallMs: median(s.map((x) => x.firstCall)),
      };
    });
    const naiveRow = rows[0] as Omit<ColdStartRow, 'ratio'>;
    const withRatio = rows.map((r) => ({ ...r, ratio: r.requireMs / naiveRow.requireMs }));
    return { runs, naive: withRatio[0] as ColdStartRow, bundles: withRatio.slice(1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints the report as a table, with the target. */
export function printColdStart(report: ColdStartReport): void {
  const round = (n: number) => Math.round(n * 10) / 10;
  console.log(
    `\ncold start of the CloudBase bundles (median of ${report.runs} fresh processes; Node start-up excluded)`,
  );
  console.table(
    [report.naive, ...report.bundles].map((r) => ({
      bundle: r.bundle,
      'index.js KB': r.kb,
      'require ms': round(r.requireMs),
      'vs naive': `${Math.round(r.ratio * 100)} %`,
      'first call ms': round(r.firstCallMs),
      'first call vs naive': `${Math.round((r.firstCallMs / report.naive.firstCallMs) * 100)} %`,
    })),
  );
  const within = report.bundles.filter((r) => r.ratio <= TARGET_RATIO).length;
  const worst = Math.max(...report.bundles.map((r) => r.ratio));
  console.log(
    `cold require within ${Math.round(TARGET_RATIO * 100)} % of the naive bundle: ${within} of ${report.bundles.length} (worst ${Math.round(worst * 100)} %)`,
  );
}
