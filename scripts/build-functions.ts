/**
 * `npm run build:functions`: one esbuild bundle per cloud function (functions/registry.ts) for
 * CloudBase, in `functions/dist/<name>/` (WeChat DevTools' `cloudfunctionRoot`):
 * - `index.js`: `functions/<name>/index.ts` with everything it imports, minified, for the
 *   CloudBase Node.js 24 runtime (s.yaml) — except the two CloudBase SDKs, which are
 * - `vendor/node-sdk.js`, `vendor/wx-server-sdk.js`: `@cloudbase/node-sdk` and wx-server-sdk,
 *   each bundled once (wx-server-sdk on the same node-sdk, not its own older copy). They make
 *   up most of the bytes, so keeping them out of `index.js` keeps a cold start from reading
 *   and parsing them: index.js requires them when the first call needs the database, and
 *   wx-server-sdk only when a call needs an open API (adapters/cloudbase/).
 *   Nothing is left for npm, so `package.json` has no dependencies and a deploy installs nothing.
 * - `package.json`: name, main.
 * - `config.json`: `permissions.openapi` — exactly the WeChat open APIs the bundled code calls
 *   (read from the bundle itself, after tree-shaking: a call `….contentCheck.checkText(` needs
 *   `security.msgSecCheck`, `….push.send(` needs `subscribeMessage.send`; property names
 *   survive minification) — and, for a timer function, its timer trigger with a 7-field cron
 *   from TIMERS.
 *
 * The embedded runtime (adapters/embedded.ts: SQLite, pino) is replaced with a stub, and a
 * bundle that still pulls in SQLite, fastify or pino fails the build.
 *
 * Usage: tsx scripts/build-functions.ts [--out <dir>] [--report <file.json>] [--quiet]
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import type { Plugin } from 'esbuild';
import { build } from 'esbuild';
import type { TimerSpec } from '../functions/registry';
import { FUNCTIONS, TIMERS } from '../functions/registry';

const root = resolve(__dirname, '..');
export const DEFAULT_OUT_DIR = join(root, 'functions', 'dist');

/** The CloudBase runtime (s.yaml `runtime: Nodejs24.11`, scripts/deployed-node.ts). */
export const NODE_TARGET = 'node24';

/** Open APIs (云调用) and the port calls in a bundle that need them. */
const OPEN_API_USES: readonly { readonly api: string; readonly call: RegExp }[] = [
  { api: 'security.msgSecCheck', call: /\.contentCheck\.checkText\(/ },
  { api: 'subscribeMessage.send', call: /\.push\.send\(/ },
];

/** Modules that must never reach a CloudBase bundle (the embedded runtime's). */
const FORBIDDEN_INPUTS: readonly RegExp[] = [
  /node_modules\/(better-sqlite3|bindings|fastify|@fastify|pino|pino-pretty|thread-stream|sonic-boom)\//,
  /^functions\/store\/sqlite\.store\.ts$/,
  /^functions\/host\/(server|main|sessions|.*\.routes)\.ts$/,
];

export interface TimerTrigger {
  readonly name: string;
  readonly type: 'timer';
  readonly config: string;
}

export interface FunctionConfig {
  readonly permissions: { readonly openapi: readonly string[] };
  readonly triggers?: readonly TimerTrigger[];
}

export interface BuiltFunction {
  readonly name: string;
  readonly dir: string;
  /** index.js, what a cold start reads. */
  readonly bytes: number;
  /** vendor/, read when a call first needs an SDK. */
  readonly vendorBytes: number;
  readonly config: FunctionConfig;
  /** Source files in the bundle, relative to the repository. */
  readonly inputs: readonly string[];
}

export interface BuildOptions {
  readonly outDir?: string;
  /** Build only these functions (default: all). */
  readonly only?: readonly string[];
}

/**
 * CloudBase cron: 7 fields, `second minute hour day month weekday year`. Only intervals that
 * divide a minute, an hour or a day evenly can be written so; anything else throws.
 */
export function cronOf(everyMs: number): string {
  const minutes = everyMs / 60_000;
  if (Number.isInteger(minutes) && minutes >= 1 && minutes < 60 && 60 % minutes === 0) {
    return minutes === 1 ? '0 * * * * * *' : `0 */${minutes} * * * * *`;
  }
  const hours = minutes / 60;
  if (Number.isInteger(hours) && hours >= 1 && hours < 24 && 24 % hours === 0) {
    return hours === 1 ? '0 0 * * * * *' : `0 0 */${hours} * * * *`;
  }
  if (hours === 24) return '0 0 0 * * * *';
  throw new Error(`no 7-field cron runs every ${everyMs} ms`);
}

/** The timer trigger of function `name`, if it has one; checks what its runtime will run. */
function triggersOf(name: string): TimerTrigger[] {
  const specs: TimerSpec[] = TIMERS.filter((t) => t.fn === name);
  if (specs.length === 0) return [];
  if (specs.length > 1) throw new Error(`${name}: CloudBase allows one timer trigger per function`);
  const spec = specs[0] as TimerSpec;
  const def = FUNCTIONS.find((f) => f.name === name);
  const timerActions = Object.keys(def?.actions ?? {}).filter(
    (a) => def?.actions[a]?.access === 'timer',
  );
  // The CloudBase runtime runs a function's only timer action when its trigger fires.
  if (timerActions.length !== 1 || timerActions[0] !== spec.action) {
    throw new Error(
      `${name}: TIMERS names ${spec.action}, the timer actions are ${timerActions.join(', ')}`,
    );
  }
  return [{ name: `${name}-${spec.action}`, type: 'timer', config: cronOf(spec.everyMs) }];
}

/** The open APIs a bundle's code calls through the ports. */
export function openApisOf(bundle: string): string[] {
  return OPEN_API_USES.filter((use) => use.call.test(bundle))
    .map((use) => use.api)
    .sort();
}

/** Replaces the embedded runtime with a stub that says why it is missing. */
const embeddedStub: Plugin = {
  name: 'embedded-runtime-stub',
  setup(b) {
    b.onResolve({ filter: /^\.\/embedded$/ }, (args) =>
      relative(root, args.importer) === join('functions', 'adapters', 'select.ts')
        ? { path: 'embedded-runtime-stub', namespace: 'hehe-stub' }
        : undefined,
    );
    b.onLoad({ filter: /^embedded-runtime-stub$/, namespace: 'hehe-stub' }, () => ({
      loader: 'ts',
      contents:
        'export function createEmbeddedRuntime(): never {\n' +
        "  throw new Error('this CloudBase bundle has no embedded runtime (SQLite): it runs where TCB_ENV or TENCENTCLOUD_RUNENV is set, or with HEHE_RUNTIME=cloudbase');\n" +
        '}\n',
    }));
  },
};

/**
 * zod re-exports every language's error messages as `z.locales` (half of a function's
 * index.js); nothing here uses them — shared/validation/zh-error-map.ts speaks Chinese through
 * each schema's own error map — so the bundles get an empty `z.locales`. zod's default English
 * messages (locales/en.js, imported directly by zod) stay.
 */
const noZodLocales: Plugin = {
  name: 'no-zod-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'hehe-stub' }
        : undefined,
    );
    b.onLoad({ filter: /^zod-locales$/, namespace: 'hehe-stub' }, () => ({
      loader: 'js',
      contents: 'export {};',
    }));
  },
};

/** The SDKs kept out of index.js, and the file each is bundled into. */
const VENDOR: Readonly<Record<string, string>> = {
  '@cloudbase/node-sdk': 'node-sdk.js',
  'wx-server-sdk': 'wx-server-sdk.js',
};
const VENDOR_FILTER = /^(@cloudbase\/node-sdk|wx-server-sdk)$/;

/** Resolves the vendored SDKs to their files in `vendor/`, relative to the importing bundle. */
function vendorPlugin(prefix: string): Plugin {
  return {
    name: 'vendor-sdks',
    setup(b) {
      b.onResolve({ filter: VENDOR_FILTER }, (args) => ({
        path: `${prefix}${VENDOR[args.path] ?? ''}`,
        external: true,
      }));
    },
  };
}

/** esbuild settings every bundle shares (the cold-start benchmark builds its baseline so too). */
export const BUNDLE_OPTIONS = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: NODE_TARGET,
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  // `import()` of a vendored SDK becomes a plain `require`, loaded when the call runs.
  supported: { 'dynamic-import': false },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
} as const;

/**
 * node-sdk reads its version from its package.json at run time (for the X-SDK-Version header);
 * bundled, that file is not beside it, so the version is written in.
 */
const nodeSdkVersion: Plugin = {
  name: 'node-sdk-version',
  setup(b) {
    b.onLoad({ filter: /@cloudbase[\\/]node-sdk[\\/]dist[\\/]utils[\\/]version\.js$/ }, () => {
      const pkg = require.resolve('@cloudbase/node-sdk/package.json', { paths: [root] });
      const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
      return { contents: `exports.version = ${JSON.stringify(version)};`, loader: 'js' };
    });
  },
};

/** Bundles the SDKs once: node-sdk whole, wx-server-sdk on that node-sdk. */
async function buildVendor(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await build({
    ...BUNDLE_OPTIONS,
    stdin: { contents: "module.exports = require('@cloudbase/node-sdk');", resolveDir: root },
    outfile: join(dir, VENDOR['@cloudbase/node-sdk'] as string),
    plugins: [nodeSdkVersion],
  });
  await build({
    ...BUNDLE_OPTIONS,
    stdin: { contents: "module.exports = require('wx-server-sdk');", resolveDir: root },
    outfile: join(dir, VENDOR['wx-server-sdk'] as string),
    plugins: [
      {
        name: 'node-sdk-beside',
        setup(b) {
          // Only wx-server-sdk's own import of node-sdk; the entry's require is the SDK itself.
          b.onResolve({ filter: /^@cloudbase\/node-sdk$/ }, () => ({
            path: `./${VENDOR['@cloudbase/node-sdk']}`,
            external: true,
          }));
        },
      },
    ],
  });
}

async function buildOne(name: string, outDir: string, vendorDir: string): Promise<BuiltFunction> {
  const entry = join(root, 'functions', name, 'index.ts');
  const dir = join(outDir, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'vendor'), { recursive: true });
  const result = await build({
    ...BUNDLE_OPTIONS,
    entryPoints: [entry],
    outfile: join(dir, 'index.js'),
    plugins: [embeddedStub, noZodLocales, vendorPlugin('./vendor/')],
    metafile: true,
  });
  for (const file of Object.values(VENDOR)) {
    copyFileSync(join(vendorDir, file), join(dir, 'vendor', file));
  }
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('hehe-stub:'));
  const forbidden = inputs.filter((p) => FORBIDDEN_INPUTS.some((re) => re.test(p)));
  if (forbidden.length > 0) {
    throw new Error(`${name}: the CloudBase bundle pulls in ${forbidden.slice(0, 5).join(', ')}`);
  }
  const triggers = triggersOf(name);
  const config: FunctionConfig = {
    permissions: { openapi: openApisOf(readFileSync(join(dir, 'index.js'), 'utf8')) },
    ...(triggers.length > 0 ? { triggers } : {}),
  };
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `hehe-fn-${name}`, version: '0.1.0', private: true, main: 'index.js', dependencies: {} }, null, 2)}\n`,
  );
  const output = Object.values(result.metafile.outputs)[0];
  return {
    name,
    dir,
    bytes: output?.bytes ?? 0,
    vendorBytes: sizeOf(join(dir, 'vendor')),
    config,
    inputs,
  };
}

/** Builds every function's bundle (in parallel); answers what was built. */
export async function buildFunctions(options: BuildOptions = {}): Promise<BuiltFunction[]> {
  const outDir = resolve(options.outDir ?? DEFAULT_OUT_DIR);
  const names = FUNCTIONS.map((f) => f.name).filter(
    (n) => options.only === undefined || options.only.includes(n),
  );
  mkdirSync(outDir, { recursive: true });
  const vendorDir = mkdtempSync(join(tmpdir(), 'hehe-vendor-'));
  try {
    await buildVendor(vendorDir);
    return await Promise.all(names.map((n) => buildOne(n, outDir, vendorDir)));
  } finally {
    rmSync(vendorDir, { recursive: true, force: true });
  }
}

function sizeOf(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

function argValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

async function cli(): Promise<void> {
  const args = process.argv.slice(2);
  const outDir = resolve(argValue(args, '--out') ?? DEFAULT_OUT_DIR);
  const report = argValue(args, '--report');
  const started = Date.now();
  const built = await buildFunctions({ outDir });
  if (report !== undefined) {
    mkdirSync(dirname(resolve(report)), { recursive: true });
    writeFileSync(resolve(report), JSON.stringify(built, null, 2));
  }
  if (args.includes('--quiet')) return;
  console.table(
    built.map((b) => ({
      function: b.name,
      'index.js KB': Math.round(b.bytes / 102.4) / 10,
      'vendor KB': Math.round(b.vendorBytes / 102.4) / 10,
      openapi: b.config.permissions.openapi.join(' ') || '-',
      trigger: b.config.triggers?.map((t) => t.config).join(' ') ?? '-',
    })),
  );
  console.log(
    `${built.length} bundles in ${relative(process.cwd(), outDir) || '.'} (${Date.now() - started} ms)`,
  );
}

if (require.main === module) {
  cli().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
