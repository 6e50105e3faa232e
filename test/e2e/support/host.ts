/**
 * The local host as `npm start` runs it — every function, the timers, the sample town, the
 * H5 build from dist/h5 — on a free port with a fresh data folder, in the test's process.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedRuntime, silentLogger } from '../../../functions/adapters/select';
import { seedSampleTown } from '../../../functions/host/sample/seed';
import type { DemoAccount, HostServer } from '../../../functions/host/server';
import { createHostServer } from '../../../functions/host/server';
import { FUNCTIONS, TIMERS } from '../../../functions/registry';
import { chinaIso } from '../../../shared/calendar/china-time';
import type { Clock } from '../../../functions/runtime/ports';
import type { SqliteStore } from '../../../functions/store/sqlite.store';

/**
 * The host's clock: real time (or from a start a journey names), moved forward when a journey needs the session it booked to
 * have started (the browser keeps its own time; only the server's rules read this one).
 */
export class JourneyClock implements Clock {
  private offsetMs: number;
  /** Starts at `startAt` (then runs at real speed), or at the real time. */
  constructor(startAt?: string) {
    this.offsetMs = startAt === undefined ? 0 : Date.parse(startAt) - Date.now();
  }
  nowMs(): number {
    return Date.now() + this.offsetMs;
  }
  nowIso(): string {
    return chinaIso(this.nowMs());
  }
  /** Moves the clock on to `instant` (never back). */
  moveTo(instant: string): void {
    this.offsetMs = Math.max(this.offsetMs, Date.parse(instant) - Date.now());
  }
}

export const H5_DIR = join(__dirname, '..', '..', '..', 'dist', 'h5');

export interface E2eHost {
  readonly url: string;
  readonly host: HostServer;
  /** The sample town's demo logins, as the start-up banner lists them. */
  readonly demoAccounts: readonly DemoAccount[];
  /**
   * The host's clock: what "now" is for the functions (a journey's browsers follow it); moveTo
   * a booked slot to hold the session.
   */
  readonly clock: JourneyClock;
  /** The host's store, for a journey to read what a screen does not show (ids, times). */
  readonly store: SqliteStore;
  /** The login of the demo account with this name (throws when there is none). */
  loginOf(name: string): string;
  stop(): Promise<void>;
}

export interface E2eHostOptions {
  /**
   * Where the host's clock starts (then it runs at real speed): a journey about a date (the
   * turn of a year) does not depend on the day the suite runs. The real clock by default.
   */
  readonly startAt?: string;
}

export async function startE2eHost(options: E2eHostOptions = {}): Promise<E2eHost> {
  if (!existsSync(join(H5_DIR, 'index.html'))) {
    throw new Error(
      'dist/h5 is missing: run `npx tsx scripts/ensure-h5.ts` (npm run test:e2e does)',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'hehe-e2e-'));
  const clock = new JourneyClock(options.startAt);
  const runtime = createEmbeddedRuntime({ dataDir, log: silentLogger, clock });
  const host = createHostServer({
    runtime,
    functions: FUNCTIONS,
    timers: TIMERS,
    dataDir,
    h5Dir: H5_DIR,
    cookieSecret: 'e2e-cookie-secret-0123456789abcdef0123456789',
    seed: seedSampleTown,
  });
  const info = await host.start(0, '127.0.0.1');
  const demoAccounts = info.seed?.demoAccounts ?? [];
  return {
    url: info.url,
    host,
    demoAccounts,
    clock,
    store: runtime.store,
    loginOf(name) {
      const found = demoAccounts.find((a) => a.name === name);
      if (!found) throw new Error(`no demo login for ${name}`);
      return found.login;
    },
    async stop() {
      await host.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
