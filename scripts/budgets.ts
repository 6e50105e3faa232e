/**
 * Size budgets (issue 4), checked in the test run after the builds:
 * - weapp main package ≤ 1.5 MB and every subpackage ≤ 1.5 MB (WeChat refuses > 2 MB);
 * - H5: the JavaScript a browser loads for the first page ≤ 250 KB gzip, measured by opening
 *   the page in Chromium and gzipping every script it fetched.
 * Prints a table and exits 1 when any budget is exceeded. Usage: tsx scripts/budgets.ts
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, newPhone } from '../test/e2e/support/browser';
import { H5_DIR, startE2eHost } from '../test/e2e/support/host';

const root = join(__dirname, '..');
const WEAPP_DIR = join(root, 'dist', 'weapp');
const MB = 1024 * 1024;
export const BUDGETS = { weappPackage: 1.5 * MB, h5FirstPageGzip: 250 * 1024 };

function sizeOf(path: string, skip: (p: string) => boolean = () => false): number {
  if (skip(path)) return 0;
  const st = statSync(path);
  if (st.isFile()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name), skip), 0);
}

interface Line {
  readonly what: string;
  readonly bytes: number;
  readonly budget: number;
}

function weappLines(): Line[] {
  const app = JSON.parse(readFileSync(join(WEAPP_DIR, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const subDirs = roots.map((r) => join(WEAPP_DIR, r));
  // What WeChat uploads: source maps and licence notes are not part of the package.
  const notShipped = (p: string) => /\.(map|LICENSE\.txt)$/.test(p);
  const main = sizeOf(WEAPP_DIR, (p) => subDirs.includes(p) || notShipped(p));
  return [
    { what: 'weapp main package', bytes: main, budget: BUDGETS.weappPackage },
    ...subDirs.map((dir) => ({
      what: `weapp subpackage ${relative(WEAPP_DIR, dir)}/`,
      bytes: sizeOf(dir, notShipped),
      budget: BUDGETS.weappPackage,
    })),
  ];
}

async function h5Line(): Promise<Line & { scripts: string[] }> {
  const host = await startE2eHost();
  const browser = await launchBrowser();
  const scripts = new Set<string>();
  try {
    const context = await newPhone(browser, host.url);
    const page = await context.newPage();
    page.on('response', (res) => {
      const url = new URL(res.url());
      if (url.origin === host.url && url.pathname.endsWith('.js')) scripts.add(url.pathname);
    });
    await page.goto(`${host.url}/`);
    await page.waitForLoadState('networkidle');
    await page.waitForSelector('.screen');
  } finally {
    await browser.close();
    await host.stop();
  }
  let gz = 0;
  for (const path of scripts) gz += gzipSync(readFileSync(join(H5_DIR, path))).length;
  return {
    what: `H5 first page JS, gzip (${scripts.size} files)`,
    bytes: gz,
    budget: BUDGETS.h5FirstPageGzip,
    scripts: [...scripts].sort(),
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const lines: Line[] = [...weappLines(), await h5Line()];
  let failed = false;
  for (const line of lines) {
    const ok = line.bytes <= line.budget;
    failed ||= !ok;
    console.log(
      `${ok ? 'ok  ' : 'OVER'}  ${line.what.padEnd(44)} ${kb(line.bytes).padStart(10)}  (budget ${kb(line.budget)})`,
    );
  }
  if (failed) {
    console.error('Size budget exceeded.');
    process.exit(1);
  }
}

if (require.main === module) {
  main().catch((thrown) => {
    console.error(thrown);
    process.exit(1);
  });
}
