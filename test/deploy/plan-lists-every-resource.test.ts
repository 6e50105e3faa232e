/**
 * The deployment plan (what the dry run prints) is a pure function of s.yaml's rendered props,
 * the bundles and COLLECTIONS: it lists every function, trigger, collection and index, shows
 * environment variable names but never their values, and turns every broken CloudBase limit or
 * registry mismatch into a problem that blocks the deploy.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleInfo } from '../../deploy/cloudbase-component/src/bundle';
import { readBundle } from '../../deploy/cloudbase-component/src/bundle';
import {
  cronForInterval,
  describeInterval,
  intervalOfCron,
} from '../../deploy/cloudbase-component/src/cron';
import { ENV_CHECKS } from '../../deploy/cloudbase-component/src/env-checks';
import type { RegistryView } from '../../deploy/cloudbase-component/src/plan';
import {
  buildPlan,
  timerTriggerName,
  parseProps,
  planDatabase,
  summarizeDatabase,
  summarizeFunction,
} from '../../deploy/cloudbase-component/src/plan';
import { COLLECTIONS } from '../../functions/store/collections';
import { defineCollection } from '../../functions/store/store.declare';
import { FUNCTIONS, TIMERS } from '../../functions/registry';
import { propsByResource, renderedResources } from './s-cli';

const REGISTRY: RegistryView = { functions: FUNCTIONS, timers: TIMERS };
const ENV = { TCB_ENV_ID: 'hehe-plan-test' };
const TEMPLATES = JSON.stringify({
  '*': { templateId: 'tmpl-secret-ish', fields: { thing1: 'title' } },
});

let props: Record<string, Record<string, unknown>>;
let dist: string;

/** A bundle as npm run build:functions leaves it, with config.json triggers from TIMERS. */
function writeBundle(root: string, name: string): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'index.js'),
    `exports.main = async () => ({ ok: true, fn: ${JSON.stringify(name)} });\n`,
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
  const timer = TIMERS.find((t) => t.fn === name);
  const triggers = timer
    ? [{ name: timerTriggerName(timer), type: 'timer', config: cronForInterval(timer.everyMs) }]
    : [];
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ permissions: { openapi: ['security.msgSecCheck'] }, triggers }),
  );
  return dir;
}

beforeAll(() => {
  props = propsByResource(renderedResources(ENV));
  dist = mkdtempSync(join(tmpdir(), 'hehe-dist-'));
  for (const f of FUNCTIONS) writeBundle(dist, f.name);
}, 60_000);

afterAll(() => rmSync(dist, { recursive: true, force: true }));

/** Bundles for every function resource, read from the temporary dist folder. */
function builtBundles(): Map<string, BundleInfo> {
  return new Map(
    Object.values(props)
      .filter((p) => p.kind === 'function')
      .map((p) => [p.src as string, readBundle(join(dist, p.name as string))]),
  );
}

/** The rendered props with one resource changed. */
function withResource(name: string, change: Record<string, unknown>): Record<string, unknown> {
  return { ...props, [name]: { ...props[name], ...change } };
}

describe('the plan of s.yaml', () => {
  test('lists every registry function with its settings, bundle and trigger', () => {
    const plan = buildPlan(REGISTRY, COLLECTIONS, props, builtBundles());
    expect(plan.problems).toEqual([]);
    expect(plan.functions.map((f) => f.name).sort()).toEqual(FUNCTIONS.map((f) => f.name).sort());
    for (const f of plan.functions) {
      const summary = summarizeFunction(f);
      expect(summary).toMatchObject({
        function: f.name,
        envId: ENV.TCB_ENV_ID,
        runtime: props[f.name]?.runtime,
        memorySize: props[f.name]?.memorySize,
        timeout: props[f.name]?.timeout,
        bundle: { path: props[f.name]?.src, exists: true, openapi: ['security.msgSecCheck'] },
      });
      expect(summary.environment).toEqual(Object.keys(props[f.name]?.environment as object));
      const timer = TIMERS.find((t) => t.fn === f.name);
      expect(summary.triggers).toEqual(
        timer
          ? [
              {
                name: timerTriggerName(timer),
                type: 'timer',
                config: cronForInterval(timer.everyMs),
                every: describeInterval(timer.everyMs),
              },
            ]
          : [],
      );
    }
  });

  test('shows environment variable names, never their values', () => {
    const environment = {
      ...(props.outbox?.environment as object),
      WX_SUBSCRIBE_TEMPLATES: TEMPLATES,
    };
    const plan = buildPlan(
      REGISTRY,
      COLLECTIONS,
      withResource('outbox', { environment }),
      builtBundles(),
    );
    const outbox = plan.functions.find((f) => f.name === 'outbox');
    expect(outbox?.environment.WX_SUBSCRIBE_TEMPLATES).toBe(TEMPLATES);
    const printed = JSON.stringify(plan.functions.map(summarizeFunction));
    expect(printed).toContain('WX_SUBSCRIBE_TEMPLATES');
    expect(printed).not.toContain('secret-ish');
  });

  test('checks the variables the functions parse at cold start with their own parsers', () => {
    const bad = (environment: Record<string, string>) =>
      buildPlan(
        REGISTRY,
        COLLECTIONS,
        withResource('outbox', { environment }),
        builtBundles(),
        ENV_CHECKS,
      ).problems;
    expect(bad({ WX_SUBSCRIBE_TEMPLATES: TEMPLATES, WX_MINIPROGRAM_STATE: 'trial' })).toEqual([]);
    expect(bad({ WX_SUBSCRIBE_TEMPLATES: '' })).toEqual([]);
    expect(bad({ WX_SUBSCRIBE_TEMPLATES: '{"concern.*": ' })).toEqual([
      'outbox: environment variable WX_SUBSCRIBE_TEMPLATES: WX_SUBSCRIBE_TEMPLATES is not JSON',
    ]);
    const wrongField = JSON.stringify({
      'concern.*': { templateId: 't', fields: { Title: 'title' } },
    });
    expect(bad({ WX_SUBSCRIBE_TEMPLATES: wrongField })).toEqual([
      expect.stringMatching(
        /^outbox: environment variable WX_SUBSCRIBE_TEMPLATES: WX_SUBSCRIBE_TEMPLATES is invalid: /,
      ),
    ]);
    expect(bad({ WX_MINIPROGRAM_STATE: 'release' })).toEqual([
      'outbox: environment variable WX_MINIPROGRAM_STATE: WX_MINIPROGRAM_STATE must be developer, trial or formal, not "release"',
    ]);
  });

  test('lists every declared collection and every index with its fields and directions', () => {
    const plan = buildPlan(REGISTRY, COLLECTIONS, props, builtBundles());
    expect(plan.databases).toHaveLength(1);
    const [database] = plan.databases;
    expect(database?.collections.map((c) => c.name)).toEqual(COLLECTIONS.map((c) => c.name));
    for (const spec of COLLECTIONS) {
      const planned = database?.collections.find((c) => c.name === spec.name);
      expect(planned?.indexes).toEqual(
        spec.indexes.map((i) => ({
          name: i.name,
          keys: i.fields.map((f) => ({ Name: f.path, Direction: f.order === 'asc' ? '1' : '-1' })),
        })),
      );
    }
    const summary = summarizeDatabase(database!);
    expect(summary.indexCount).toBe(COLLECTIONS.reduce((n, c) => n + c.indexes.length, 0));
    expect(summary.storageAcl).toBe('PRIVATE');
    const printed = JSON.stringify(summary);
    for (const spec of COLLECTIONS)
      for (const index of spec.indexes) expect(printed).toContain(index.name);
  });

  test('prints a descending key as desc', () => {
    const spec = [defineCollection('events_test', ['subjectId', '-at'])];
    const summary = summarizeDatabase(
      planDatabase('database', { kind: 'database', envId: 'e', region: 'r' }, spec),
    );
    expect(summary.collections).toEqual([
      {
        name: 'events_test',
        indexes: ['events_test_by_subjectId_at_desc: subjectId asc, at desc'],
      },
    ]);
  });

  test('reports a missing bundle, and a bundle without config.json, as problems', () => {
    const bundles = builtBundles();
    bundles.delete(props.task?.src as string);
    rmSync(join(dist, 'stats', 'config.json'));
    bundles.set(props.stats?.src as string, readBundle(join(dist, 'stats')));
    const plan = buildPlan(REGISTRY, COLLECTIONS, props, bundles);
    expect(plan.problems).toEqual([
      `stats: bundle ${props.stats?.src as string} has no config.json`,
      `task: bundle ${props.task?.src as string} is missing: run npm run build:functions`,
    ]);
    writeBundle(dist, 'stats');
  });

  test.each([
    ['timeout 0', { timeout: 0 }, 'timeout 0 s is outside 1–60 s'],
    ['timeout 61', { timeout: 61 }, 'timeout 61 s is outside 1–60 s'],
    [
      'memory 100',
      { memorySize: 100 },
      'memorySize 100 MB is not a multiple of 128 within 128–2048 MB',
    ],
    [
      'memory 4096',
      { memorySize: 4096 },
      'memorySize 4096 MB is not a multiple of 128 within 128–2048 MB',
    ],
    ['a Python runtime', { runtime: 'Python3.9' }, 'runtime "Python3.9" is not a Node.js runtime'],
    [
      'a reserved variable',
      { environment: { TCB_ENV: 'x' } },
      'environment variable TCB_ENV is set by the platform',
    ],
    [
      '4 KB of variables',
      { environment: { BIG: 'x'.repeat(4096) } },
      'environment variables take 4099 bytes; CloudBase allows 4096',
    ],
    [
      'no env id',
      { envId: '' },
      'no CloudBase environment id: set TCB_ENV_ID (in the shell or in .env)',
    ],
  ])('turns %s into a problem', (_what, change, problem) => {
    const plan = buildPlan(REGISTRY, COLLECTIONS, withResource('account', change), builtBundles());
    expect(plan.problems).toEqual([`account: ${problem}`]);
  });

  test('checks the timers against functions/registry.ts', () => {
    const everyFiveMinutes = {
      name: 'outbox-deliver',
      type: 'timer',
      config: cronForInterval(5 * 60 * 1000),
    };
    const outbox = TIMERS.find((t) => t.fn === 'outbox')!;
    const wrongInterval = buildPlan(
      REGISTRY,
      COLLECTIONS,
      withResource('outbox', { triggers: [everyFiveMinutes] }),
      builtBundles(),
    );
    expect(wrongInterval.problems).toEqual([
      `function outbox must have one timer trigger ${timerTriggerName(outbox)} every ${describeInterval(outbox.everyMs)} (TIMERS); s.yaml has outbox-deliver ${everyFiveMinutes.config}`,
    ]);
    // The bundle's config.json (what WeChat DevTools would deploy) now disagrees: a warning.
    expect(wrongInterval.warnings).toHaveLength(1);
    expect(wrongInterval.warnings[0]).toMatch(
      /^outbox: config.json triggers .* differ from s.yaml's/,
    );

    const renamed = {
      ...everyFiveMinutes,
      name: 'deliver',
      config: cronForInterval(outbox.everyMs),
    };
    const wrongName = buildPlan(
      REGISTRY,
      COLLECTIONS,
      withResource('outbox', { triggers: [renamed] }),
      builtBundles(),
    );
    expect(wrongName.problems).toEqual([
      `function outbox must have one timer trigger ${timerTriggerName(outbox)} every ${describeInterval(outbox.everyMs)} (TIMERS); s.yaml has deliver ${renamed.config}`,
    ]);

    const stray = buildPlan(
      REGISTRY,
      COLLECTIONS,
      withResource('task', { triggers: [everyFiveMinutes] }),
      builtBundles(),
    );
    expect(stray.problems).toEqual([
      'function task has triggers but is not a timer in functions/registry.ts',
    ]);
  });

  test('finds a registry function without a resource and a resource without a function', () => {
    const { clue: _removed, ...withoutClue } = props;
    const extra = {
      ...withoutClue,
      legacy: { ...props.account, name: 'legacy', src: './functions/dist/legacy' },
    };
    const plan = buildPlan(REGISTRY, COLLECTIONS, extra, builtBundles());
    expect(plan.problems).toEqual([
      'legacy: bundle ./functions/dist/legacy is missing: run npm run build:functions',
      'function clue is in functions/registry.ts but has 0 resources in s.yaml',
      'function legacy is in s.yaml but not in functions/registry.ts',
    ]);
  });

  test('needs exactly one database resource and a known kind', () => {
    const { database: _db, ...noDatabase } = props;
    expect(buildPlan(REGISTRY, COLLECTIONS, noDatabase, builtBundles()).problems).toEqual([
      's.yaml needs exactly one database resource, has 0',
    ]);
    expect(parseProps({ kind: 'queue' })).toEqual({
      props: null,
      problems: ['props.kind must be "function" or "database"'],
    });
    expect(parseProps({ ...props.account, timeout: '10' }).problems).toEqual([
      'props.timeout must be a whole number',
    ]);
  });

  test('refuses collections over CloudBase’s 20 indexes', () => {
    const many = Array.from({ length: 21 }, (_, i) => [`field${i}`]);
    const plan = planDatabase('database', { kind: 'database', envId: 'e', region: 'r' }, [
      defineCollection('crowded', ...many),
    ]);
    expect(plan.problems).toEqual(['collection crowded declares 21 indexes; CloudBase allows 20']);
  });
});

describe('timer crons', () => {
  test('round-trip every interval a timer can have, and TIMERS', () => {
    const minutes = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30];
    const hours = [1, 2, 3, 4, 6, 8, 12];
    const intervals = [
      ...minutes.map((m) => m * 60_000),
      ...hours.map((h) => h * 3_600_000),
      ...TIMERS.map((t) => t.everyMs),
    ];
    for (const ms of intervals) {
      const cron = cronForInterval(ms);
      expect(cron.split(' ')).toHaveLength(7);
      expect(intervalOfCron(cron)).toBe(ms);
    }
  });

  test('read other spellings of the same interval and reject what is not an interval', () => {
    expect(intervalOfCron('0 * * * * * *')).toBe(60_000);
    expect(intervalOfCron('0 0 * * * * *')).toBe(3_600_000);
    expect(intervalOfCron('0 30 9 * * * *')).toBeNull();
    expect(intervalOfCron('0 */7 * * * * *')).toBeNull();
    expect(intervalOfCron('*/5 * * * *')).toBeNull();
    expect(() => cronForInterval(90_000)).toThrow(/no 7-field cron/);
    expect(() => cronForInterval(7 * 60_000)).toThrow(/no 7-field cron/);
  });
});

describe('reading a bundle', () => {
  test('reports its files, size, open-API permissions, triggers and dependencies', () => {
    const dir = writeBundle(dist, 'probe-outbox');
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'x', dependencies: { 'wx-server-sdk': '4.0.2' } }),
    );
    const info = readBundle(dir);
    expect(info).toMatchObject({
      exists: true,
      missing: [],
      openapi: ['security.msgSecCheck'],
      configTriggers: [],
      dependencies: ['wx-server-sdk'],
      unreadable: [],
    });
    expect(info.bytes).toBeGreaterThan(0);
    writeFileSync(join(dir, 'config.json'), '{ not json');
    expect(readBundle(dir).unreadable).toHaveLength(1);
    expect(readBundle(join(dist, 'nowhere'))).toMatchObject({
      exists: false,
      missing: ['index.js', 'package.json', 'config.json'],
    });
    rmSync(dir, { recursive: true });
  });
});
