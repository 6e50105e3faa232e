/**
 * The real `s` 3.x CLI on the project's s.yaml, in a child process with a temporary HOME, no
 * keys and every network connection refused: `s preview` renders the resources, `s plan` and
 * `s deploy --dry-run` print the whole plan (every function, trigger, collection and index), and
 * a real `s deploy` without keys stops before reaching for the network.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cronForInterval } from '../../deploy/cloudbase-component/src/cron';
import { timerTriggerName } from '../../deploy/cloudbase-component/src/plan';
import { COLLECTIONS } from '../../functions/store/collections';
import { FUNCTIONS, TIMERS } from '../../functions/registry';
import { jsonOf, ROOT, runS } from './s-cli';

const ENV = { TCB_ENV_ID: 'hehe-cli-test', TCB_REGION: 'ap-shanghai' };
const S_TIMEOUT_MS = 90_000;

type PlanOutput = Record<string, Record<string, unknown>>;

/** Checks the printed plan of every resource against the registry and COLLECTIONS. */
function expectWholePlan(output: PlanOutput, extra: Record<string, unknown> = {}): void {
  expect(Object.keys(output).sort()).toEqual(['database', ...FUNCTIONS.map((f) => f.name)].sort());
  for (const f of FUNCTIONS) {
    const printed = output[f.name]!;
    expect(printed).toMatchObject({
      ...extra,
      function: f.name,
      envId: ENV.TCB_ENV_ID,
      region: ENV.TCB_REGION,
    });
    const bundle = printed.bundle as { path: string; exists: boolean };
    // Whether `npm run build:functions` ran before the test or not, the plan says so truly.
    expect(bundle.exists).toBe(existsSync(join(ROOT, bundle.path)));
    const timer = TIMERS.find((t) => t.fn === f.name);
    const triggers = printed.triggers as { name: string; config: string }[];
    expect(triggers.map((t) => [t.name, t.config])).toEqual(
      timer ? [[timerTriggerName(timer), cronForInterval(timer.everyMs)]] : [],
    );
    // Problems can only be a bundle not built yet.
    for (const p of printed.problems as string[])
      expect(p).toMatch(/^bundle .* (is missing|has no)/);
  }
  const database = output.database!;
  expect(database).toMatchObject({ ...extra, envId: ENV.TCB_ENV_ID, problems: [] });
  const collections = database.collections as { name: string; indexes: string[] }[];
  expect(collections.map((c) => c.name)).toEqual(COLLECTIONS.map((c) => c.name));
  for (const spec of COLLECTIONS) {
    const printed = collections.find((c) => c.name === spec.name)!;
    expect(printed.indexes).toEqual(
      spec.indexes.map(
        (i) => `${i.name}: ${i.fields.map((f) => `${f.path} ${f.order}`).join(', ')}`,
      ),
    );
  }
}

describe('s on s.yaml, offline', () => {
  test(
    's preview renders every resource with its component and resolved settings',
    () => {
      const run = runS(['preview'], ENV);
      expect(run.status).toBe(0);
      expect(run.networkAttempts).toEqual([]);
      for (const name of ['database', ...FUNCTIONS.map((f) => f.name)]) {
        expect(run.stdout).toMatch(new RegExp(`^ {2}${name}: *$`, 'm'));
      }
      expect(run.stdout).toContain('component: ./deploy/cloudbase-component');
      expect(run.stdout).toContain(ENV.TCB_ENV_ID);
    },
    S_TIMEOUT_MS,
  );

  test(
    's plan prints every function, trigger, collection and index',
    () => {
      const run = runS(['plan', '-o', 'json'], ENV);
      expect(run.status).toBe(0);
      expect(run.networkAttempts).toEqual([]);
      expectWholePlan(jsonOf(run) as PlanOutput);
    },
    S_TIMEOUT_MS,
  );

  test(
    's deploy --dry-run prints the same plan, marked as a dry run',
    () => {
      const run = runS(['deploy', '--dry-run', '-o', 'json'], ENV);
      expect(run.status).toBe(0);
      expect(run.networkAttempts).toEqual([]);
      expectWholePlan(jsonOf(run) as PlanOutput, { dryRun: true });
    },
    S_TIMEOUT_MS,
  );

  test(
    'the plan without TCB_ENV_ID says so for every resource',
    () => {
      const run = runS(['plan', '-o', 'json']);
      expect(run.status).toBe(0);
      const output = jsonOf(run) as PlanOutput;
      for (const printed of Object.values(output)) {
        expect(printed.problems).toContain(
          'no CloudBase environment id: set TCB_ENV_ID (in the shell or in .env)',
        );
      }
    },
    S_TIMEOUT_MS,
  );

  test(
    's deploy without keys fails before any connection',
    () => {
      const run = runS(['deploy'], ENV);
      expect(run.status).not.toBe(0);
      expect(run.networkAttempts).toEqual([]);
      // The database goes first: its plan is fine, so the missing keys stop the run.
      expect(`${run.stdout}\n${run.stderr}`).toMatch(/no Tencent Cloud API key/);
    },
    S_TIMEOUT_MS,
  );
});
