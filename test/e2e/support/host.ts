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
import type { Clock } from '../../../functions/runtime/ports';
import { chinaIso } from '../../../shared/calendar/china-time';

export const H5_DIR = join(__dirname, '..', '..', '..', 'dist', 'h5');

export interface E2eHost {
  readonly url: string;
  /** The host's clock: what "now" is for the functions (and the people's browsers). */
  readonly clock: Clock;
  readonly host: HostServer;
  /** The sample town's demo logins, as the start-up banner lists them. */
  readonly demoAccounts: readonly DemoAccount[];
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

/** A clock that starts at `startAt` and runs at real speed. */
function clockFrom(startAt: string): Clock {
  const offset = Date.parse(startAt) - Date.now();
  return { nowMs: () => Date.now() + offset, nowIso: () => chinaIso(Date.now() + offset) };
}

export async function startE2eHost(options: E2eHostOptions = {}): Promise<E2eHost> {
  if (!existsSync(join(H5_DIR, 'index.html'))) {
    throw new Error(
      'dist/h5 is missing: run `npx tsx scripts/ensure-h5.ts` (npm run test:e2e does)',
    );
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'hehe-e2e-'));
  const runtime = createEmbeddedRuntime({
    dataDir,
    log: silentLogger,
    ...(options.startAt === undefined ? {} : { clock: clockFrom(options.startAt) }),
  });
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
    clock: runtime.ctx.clock,
    host,
    demoAccounts,
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
