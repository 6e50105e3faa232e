/**
 * What the deployment needs to know about a function's bundle, read from
 * `functions/dist/<name>/` as `npm run build:functions` leaves it: `index.js` (the esbuild
 * bundle exporting `main`), `package.json` (dependencies the cloud installs, if any) and
 * `config.json` (`permissions.openapi` for WeChat open APIs, the timer `triggers`). Reading is the
 * only I/O of planning; everything else in the plan is a pure function of what is read here.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A timer trigger as `config.json` and CloudBase spell it. */
export interface TriggerSpec {
  readonly name: string;
  readonly type: string;
  readonly config: string;
}

export interface BundleInfo {
  /** Absolute path of the bundle folder. */
  readonly path: string;
  readonly exists: boolean;
  /** Required files that are missing (`index.js`, `package.json`, `config.json`). */
  readonly missing: readonly string[];
  /** Total size of the folder's files, bytes (what gets zipped and uploaded). */
  readonly bytes: number;
  /** `config.json` `permissions.openapi`: the open APIs the function may call (云调用). */
  readonly openapi: readonly string[];
  /** `config.json` `triggers`, or null without a readable config.json. */
  readonly configTriggers: readonly TriggerSpec[] | null;
  /** Names of `package.json` dependencies: when any, the cloud installs them (installDependency). */
  readonly dependencies: readonly string[];
  /** Files that exist but could not be parsed, with the reason. */
  readonly unreadable: readonly string[];
}

export const BUNDLE_FILES = ['index.js', 'package.json', 'config.json'] as const;

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(full) : statSync(full).size;
  }
  return total;
}

function readJson(path: string, unreadable: string[]): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (error) {
    unreadable.push(`${path}: ${(error as Error).message}`);
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function triggersOf(config: unknown): TriggerSpec[] | null {
  if (!isRecord(config)) return null;
  const triggers = config.triggers;
  if (triggers === undefined) return [];
  if (!Array.isArray(triggers)) return null;
  return triggers.filter(isRecord).map((t) => ({
    name: String(t.name ?? ''),
    type: String(t.type ?? ''),
    config: String(t.config ?? ''),
  }));
}

function openapiOf(config: unknown): string[] {
  if (!isRecord(config) || !isRecord(config.permissions)) return [];
  const openapi = config.permissions.openapi;
  return Array.isArray(openapi) ? openapi.map(String) : [];
}

/** Reads a bundle folder; a missing folder is `exists: false`, never a throw. */
export function readBundle(path: string): BundleInfo {
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    return {
      path,
      exists: false,
      missing: [...BUNDLE_FILES],
      bytes: 0,
      openapi: [],
      configTriggers: null,
      dependencies: [],
      unreadable: [],
    };
  }
  const missing = BUNDLE_FILES.filter((f) => !existsSync(join(path, f)));
  const unreadable: string[] = [];
  const config = missing.includes('config.json')
    ? null
    : readJson(join(path, 'config.json'), unreadable);
  const pkg = missing.includes('package.json')
    ? null
    : readJson(join(path, 'package.json'), unreadable);
  const deps = isRecord(pkg) && isRecord(pkg.dependencies) ? Object.keys(pkg.dependencies) : [];
  return {
    path,
    exists: true,
    missing,
    bytes: folderBytes(path),
    openapi: openapiOf(config),
    configTriggers: config === null ? null : triggersOf(config),
    dependencies: deps,
    unreadable,
  };
}
