/**
 * The two builds a headless run needs, made for the test in a temporary folder: the weapp build
 * (`taro build --type weapp`, with the test's CloudBase env and consent template ids, which are
 * build-time constants) and the cloud-function bundles (`scripts/build-functions.ts`). Each runs
 * in its own process (esbuild and webpack do not run inside jest's sandbox).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = join(__dirname, '..', '..', '..');

/** Runs a build; a failure says what the build printed last. */
async function build(file: string, args: string[], options: Parameters<typeof run>[2]) {
  try {
    await run(file, args, options);
  } catch (thrown) {
    const e = thrown as { stdout?: string; stderr?: string; message?: string };
    throw new Error(
      `${e.message ?? 'build failed'}\n${String(e.stdout ?? '').slice(-4000)}\n${String(e.stderr ?? '').slice(-4000)}`,
    );
  }
}

export async function buildWeapp(
  outDir: string,
  env: { readonly TCB_ENV_ID: string; readonly MINIAPP_SUBSCRIBE_TEMPLATES: string },
): Promise<void> {
  await build(join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', 'weapp'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', TARO_OUTPUT_ROOT: outDir, ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 240_000,
  });
}

export async function buildFunctions(outDir: string): Promise<void> {
  await build(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['scripts/build-functions.ts', '--out', outDir, '--quiet'],
    { cwd: ROOT, timeout: 120_000 },
  );
}
