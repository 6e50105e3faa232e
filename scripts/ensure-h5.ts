/**
 * Builds the H5 app (dist/h5) when it is missing or older than its sources, so `npm start`
 * and the browser tests always serve what the sources say. "Older" is decided by a hash of
 * every source file's path and bytes (mtimes lie after a git clone), kept in
 * dist/h5/.source-hash. Usage: tsx scripts/ensure-h5.ts [--force]
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..');
const outDir = join(root, 'dist', 'h5');
const stampFile = join(outDir, '.source-hash');
/** What the H5 build reads: the app, the shared domain, the build configuration. */
const SOURCES = ['miniapp', 'shared', 'config', 'babel.config.js', 'package-lock.json'];

function* files(path: string): Generator<string> {
  if (!existsSync(path)) return;
  if (statSync(path).isFile()) {
    yield path;
    return;
  }
  for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    if (entry.name.endsWith('.test.ts')) continue;
    yield* files(join(path, entry.name));
  }
}

export function sourceHash(): string {
  const hash = createHash('sha256');
  for (const source of SOURCES) {
    for (const file of files(join(root, source))) {
      hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex');
}

/**
 * Runs `taro build --type <type>` (production). Taro draws a progress bar on stderr: it is
 * kept quiet unless the build fails, then its tail is printed and the process exits.
 */
export function runTaroBuild(type: 'h5' | 'weapp'): void {
  const started = Date.now();
  const taro = join(root, 'node_modules', '.bin', 'taro');
  const result = spawnSync(taro, ['build', '--type', type], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    process.stdout.write(String(result.stdout ?? '').slice(-20_000));
    process.stderr.write(String(result.stderr ?? '').slice(-20_000));
    console.error(`${type} build failed (taro build --type ${type}).`);
    process.exit(result.status ?? 1);
  }
  console.log(
    `${type} build done in ${((Date.now() - started) / 1000).toFixed(1)} s (dist/${type}).`,
  );
}

function main(): void {
  const force = process.argv.includes('--force');
  const wanted = sourceHash();
  const have = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';
  if (!force && have === wanted && existsSync(join(outDir, 'index.html'))) {
    console.log('H5 build is current (dist/h5).');
    return;
  }
  console.log(
    have ? 'H5 sources changed: building dist/h5 …' : 'No H5 build yet: building dist/h5 …',
  );
  runTaroBuild('h5');
  writeFileSync(stampFile, `${wanted}\n`);
}

if (require.main === module) main();
