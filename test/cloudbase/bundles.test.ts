/**
 * `npm run build:functions` produces, for every registered function, a bundle CloudBase can
 * load: each `index.js` is required in a clean Node process with a CloudBase environment and
 * its `main` answers a bad envelope with VALIDATION_FAILED. Its config.json declares the open
 * APIs its code calls and, for a timer function, its timer trigger. The bundle loads the
 * database SDK only on the first call, never the open-API SDK unless a call needs it, and
 * never the embedded runtime. The load-and-call checks run on this machine's Node and on the
 * Node version CloudBase deploys them to (s.yaml's runtime, scripts/deployed-node.ts).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { FUNCTIONS, TIMERS } from '../../functions/registry';
import type { BuiltFunction, FunctionConfig } from '../../scripts/build-functions';
import { cronOf, NODE_TARGET } from '../../scripts/build-functions';
import {
  DEPLOYED_NODE_VERSION,
  DEPLOYED_RUNTIME,
  ensureDeployedNode,
  runtimeInSYaml,
} from '../../scripts/deployed-node';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');
const CLOUDBASE_ENV = {
  TCB_ENV: 'bundle-test-1a2b',
  SCF_NAMESPACE: 'bundle-test-1a2b',
  TENCENTCLOUD_RUNENV: 'SCF',
  TENCENTCLOUD_REGION: 'ap-shanghai',
};

/** Loads a bundle, notes which vendored SDKs are loaded, calls main with a bad envelope. */
const PROBE = `
const loaded = () => Object.keys(require.cache).filter((p) => p.includes('/vendor/')).map((p) => p.split('/vendor/')[1]).sort();
const m = require(process.argv[1]);
const afterRequire = loaded();
Promise.resolve(m.main({ actions: 'me' }, {})).then((reply) => {
  process.stdout.write(JSON.stringify({ reply, afterRequire, afterCall: loaded(), exports: Object.keys(m) }));
});
`;

interface Probe {
  readonly reply: { ok: boolean; error?: { code: string; message: string } };
  readonly afterRequire: string[];
  readonly afterCall: string[];
  readonly exports: string[];
  readonly stderr: string;
}

async function probe(
  file: string,
  env: Record<string, string>,
  node: string = process.execPath,
): Promise<Probe> {
  const { stdout, stderr } = await run(node, ['-e', PROBE, file], {
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 30_000,
  });
  return { ...(JSON.parse(stdout) as Omit<Probe, 'stderr'>), stderr };
}

let out: string;
let built: BuiltFunction[];
/** [which Node, its binary]: this machine's, and the deployed runtime's. */
let nodes: [string, string][];
const names = FUNCTIONS.map((f) => f.name);

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'hehe-bundles-'));
  const report = join(out, 'report.json');
  // esbuild runs in its own process: inside jest's sandbox its TextEncoder check fails.
  await run(
    join(root, 'node_modules', '.bin', 'tsx'),
    ['scripts/build-functions.ts', '--out', join(out, 'dist'), '--report', report, '--quiet'],
    { cwd: root, timeout: 120_000 },
  );
  built = JSON.parse(readFileSync(report, 'utf8')) as BuiltFunction[];
  nodes = [
    [`this machine's ${process.version}`, process.execPath],
    [`the deployed v${DEPLOYED_NODE_VERSION}`, ensureDeployedNode()],
  ];
}, 300_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const dirOf = (name: string) => join(out, 'dist', name);
const configOf = (name: string) =>
  JSON.parse(readFileSync(join(dirOf(name), 'config.json'), 'utf8')) as FunctionConfig;

describe('the bundles', () => {
  it('exist for every registered function, with nothing left for npm to install', () => {
    expect(built.map((b) => b.name).sort()).toEqual([...names].sort());
    for (const name of names) {
      const pkg = JSON.parse(readFileSync(join(dirOf(name), 'package.json'), 'utf8')) as {
        main: string;
        dependencies: object;
      };
      expect(pkg.main).toBe('index.js');
      expect(pkg.dependencies).toEqual({});
      expect(existsSync(join(dirOf(name), 'vendor', 'node-sdk.js'))).toBe(true);
      expect(existsSync(join(dirOf(name), 'vendor', 'wx-server-sdk.js'))).toBe(true);
    }
  });

  it('carry no embedded runtime (SQLite, fastify, pino) and keep the SDKs out of index.js', () => {
    for (const b of built) {
      const foreign = b.inputs.filter((p) =>
        /node_modules\/(better-sqlite3|fastify|@fastify|pino|@cloudbase|wx-server-sdk)\/|sqlite\.store\.ts$/.test(
          p,
        ),
      );
      expect({ name: b.name, foreign }).toEqual({ name: b.name, foreign: [] });
    }
  });

  it('load in a clean process and answer a bad envelope with VALIDATION_FAILED, on both Nodes', async () => {
    for (const [which, node] of nodes) {
      const probes = await Promise.all(
        names.map((n) => probe(join(dirOf(n), 'index.js'), CLOUDBASE_ENV, node)),
      );
      probes.forEach((p, i) => {
        expect({ which, name: names[i], exports: p.exports, code: p.reply.error?.code }).toEqual({
          which,
          name: names[i],
          exports: ['main'],
          code: 'VALIDATION_FAILED',
        });
        // Nothing of the SDKs at require time; the database SDK with the first call, and the
        // open-API SDK only when a call needs an open API.
        expect({ which, afterRequire: p.afterRequire }).toEqual({ which, afterRequire: [] });
        expect({ which, afterCall: p.afterCall }).toEqual({ which, afterCall: ['node-sdk.js'] });
        // No deprecation or engine warning from the bundle on either Node.
        expect({ which, stderr: p.stderr }).toEqual({ which, stderr: '' });
      });
    }
  }, 120_000);

  it('vendor wx-server-sdk on the same node-sdk, ready for open-API calls, on both Nodes', async () => {
    const script = `
      const sdk = require(process.argv[1]);
      sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV });
      const files = Object.keys(require.cache).map((p) => p.split('/').slice(-2).join('/'));
      process.stdout.write(JSON.stringify({
        send: typeof sdk.openapi.subscribeMessage.send,
        check: typeof sdk.openapi.security.msgSecCheck,
        files: files.sort(),
      }));`;
    for (const [which, node] of nodes) {
      const { stdout } = await run(
        node,
        ['-e', script, join(dirOf('outbox'), 'vendor', 'wx-server-sdk.js')],
        { env: { PATH: process.env.PATH ?? '', ...CLOUDBASE_ENV }, timeout: 30_000 },
      );
      expect({ which, ...JSON.parse(stdout) }).toEqual({
        which,
        send: 'function',
        check: 'function',
        files: ['vendor/node-sdk.js', 'vendor/wx-server-sdk.js'],
      });
    }
  }, 60_000);

  it('are built for the runtime s.yaml deploys', () => {
    expect(runtimeInSYaml()).toBe(DEPLOYED_RUNTIME);
    expect(NODE_TARGET).toBe(`node${DEPLOYED_NODE_VERSION.split('.')[0]}`);
  });

  it('refuse to run as the embedded runtime, saying why', async () => {
    const p = await probe(join(dirOf('account'), 'index.js'), {});
    expect(p.reply.error?.code).toBe('INTERNAL');
    expect(p.stderr).toContain('this CloudBase bundle has no embedded runtime');
    expect(p.afterCall).toEqual([]);
  }, 30_000);
});

describe('config.json', () => {
  it('declares exactly the open APIs each function calls', () => {
    const apis = Object.fromEntries(names.map((n) => [n, configOf(n).permissions.openapi]));
    expect(apis.outbox).toEqual(['subscribeMessage.send']);
    for (const takesText of ['account', 'clue', 'concern', 'learning', 'mediation']) {
      expect({ takesText, apis: apis[takesText] }).toEqual({
        takesText,
        apis: ['security.msgSecCheck'],
      });
    }
    for (const readsOrTimes of ['stats', 'task', 'deadlines', 'reminders']) {
      expect({ readsOrTimes, apis: apis[readsOrTimes] }).toEqual({ readsOrTimes, apis: [] });
    }
  });

  it('gives each timer function its timer trigger, and no other function one', () => {
    for (const name of names) {
      const spec = TIMERS.find((t) => t.fn === name);
      const { triggers } = configOf(name);
      if (spec === undefined) {
        expect({ name, triggers }).toEqual({ name, triggers: undefined });
        continue;
      }
      expect(triggers).toEqual([
        { name: `${name}-${spec.action}`, type: 'timer', config: cronOf(spec.everyMs) },
      ]);
      expect(triggers?.[0]?.config.split(' ')).toHaveLength(7);
    }
  });
});

describe('the 7-field cron of a timer', () => {
  it('runs every minute, every few minutes, hourly or every few hours', () => {
    expect(cronOf(60_000)).toBe('0 * * * * * *');
    expect(cronOf(15 * 60_000)).toBe('0 */15 * * * * *');
    expect(cronOf(3_600_000)).toBe('0 0 * * * * *');
    expect(cronOf(6 * 3_600_000)).toBe('0 0 */6 * * * *');
    expect(() => cronOf(7 * 60_000)).toThrow('no 7-field cron');
    expect(() => cronOf(90_000)).toThrow('no 7-field cron');
  });
});
