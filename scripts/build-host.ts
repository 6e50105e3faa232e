/**
 * Builds the local host for production (`npm start` runs it as plain node): esbuild compiles
 * `functions/host/main.ts` and the backup and restore commands to `dist/host/*.js`
 * (CommonJS, Node 20, with source maps); packages stay in node_modules (better-sqlite3 is a
 * native module); the sample town's CSV files are copied beside them. Under tsx a server is SIGKILLed when it does not answer a signal within
 * ~60 ms (docs/platform.md); as plain node it drains its requests on SIGTERM.
 *
 * Usage: tsx scripts/build-host.ts [--out <dir>] [--quiet]
 */
import { copyFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(__dirname, '..');

/** The entry points and the names of their outputs. */
export const HOST_ENTRIES: Readonly<Record<string, string>> = {
  main: 'functions/host/main.ts',
  backup: 'scripts/backup.ts',
  restore: 'scripts/restore.ts',
};

export async function buildHost(outDir = join(root, 'dist', 'host')): Promise<string> {
  await build({
    entryPoints: Object.fromEntries(
      Object.entries(HOST_ENTRIES).map(([name, path]) => [name, join(root, path)]),
    ),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  // The sample town's roster is read beside the code (host/sample/seed.ts reads __dirname).
  const sample = join(root, 'functions', 'host', 'sample');
  for (const name of readdirSync(sample).filter((n) => n.endsWith('.csv'))) {
    copyFileSync(join(sample, name), join(outDir, name));
  }
  return outDir;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? resolve(args[at + 1] ?? '') : undefined;
  buildHost(out).then(
    (dir) => {
      if (!args.includes('--quiet')) process.stderr.write(`host built in ${dir}\n`);
    },
    (thrown: unknown) => {
      console.error(thrown);
      process.exitCode = 1;
    },
  );
}
