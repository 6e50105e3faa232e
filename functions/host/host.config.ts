/**
 * The local host's settings, read from the environment in one place: where it listens, where
 * it keeps its data, how it signs cookies, and whether to seed the sample town (示例镇).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface HostConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly h5Dir: string;
  /** From COOKIE_SECRET; null means "use the one persisted in the data folder". */
  readonly cookieSecret: string | null;
  /**
   * Cookies marked Secure (sent over HTTPS only): on by default whenever the host listens on
   * anything but loopback (a town serves it behind an HTTPS proxy); SECURE_COOKIES=0 turns it
   * off explicitly (plain HTTP on a trusted LAN), SECURE_COOKIES=1 on.
   */
  readonly secureCookies: boolean;
  /** Set TRUST_PROXY=1 behind a reverse proxy, so the client IP comes from X-Forwarded-For. */
  readonly trustProxy: boolean;
  /** SAMPLE_TOWN=0 skips the sample town (a real town's own deployment). */
  readonly seedSample: boolean;
  /** BACKUP_EVERY_HOURS (default 24; 0: no scheduled backup) and BACKUP_KEEP (default 7). */
  readonly backupEveryHours: number;
  readonly backupKeep: number;
}

const DEFAULT_PORT = 8787;

function flag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

function count(value: string | undefined, fallback: number, name: string): number {
  const text = value?.trim() ?? '';
  if (text === '') return fallback;
  if (!/^\d{1,4}$/.test(text))
    throw new Error(`${name} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(text);
}

/** Whether `host` is a loopback address or name (only this machine can reach it). */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Reads the settings; throws on a value that cannot work (a port that is not a port). */
export function readHostConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): HostConfig {
  const portText = env.PORT?.trim() || String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new Error(`PORT must be a number from 0 to 65535, got ${JSON.stringify(env.PORT)}`);
  }
  const secret = env.COOKIE_SECRET?.trim() || null;
  if (secret !== null && secret.length < 32) {
    throw new Error('COOKIE_SECRET must be at least 32 characters');
  }
  const host = env.HOST?.trim() || '127.0.0.1';
  return {
    port,
    host,
    dataDir: resolve(cwd, env.DATA_DIR?.trim() || './data'),
    h5Dir: resolve(cwd, env.H5_DIR?.trim() || './dist/h5'),
    cookieSecret: secret,
    secureCookies: flag(env.SECURE_COOKIES, !isLoopback(host)),
    trustProxy: flag(env.TRUST_PROXY, false),
    seedSample: flag(env.SAMPLE_TOWN, true),
    backupEveryHours: count(env.BACKUP_EVERY_HOURS, 24, 'BACKUP_EVERY_HOURS'),
    backupKeep: Math.max(1, count(env.BACKUP_KEEP, 7, 'BACKUP_KEEP')),
  };
}

/**
 * The cookie-signing secret kept in `<dataDir>/cookie-secret` (mode 0600), created on first
 * start, so sessions survive a restart without anyone having to configure a secret.
 */
export function loadOrCreateCookieSecret(dataDir: string): string {
  const path = join(dataDir, 'cookie-secret');
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch (thrown) {
    if ((thrown as NodeJS.ErrnoException).code !== 'ENOENT') throw thrown;
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}
