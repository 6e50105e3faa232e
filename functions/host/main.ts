/**
 * `npm start`: the local host (本地主机) in one process on the embedded store, run as plain
 * node on the compiled build (dist/host/main.js, scripts/build-host.ts). Settings come
 * from the environment (host.config.ts); logs are pino JSON lines on stdout; the start-up
 * banner with the demo accounts goes to stderr. Before anything is opened the data folder is
 * checked (host/data-folder.ts): a refusal prints its Chinese and English message on stderr
 * and exits 2. SIGTERM / SIGINT shut down cleanly: stop accepting, finish requests in flight,
 * stop the timers, close the store, exit 0.
 */
import pino from 'pino';
import { createEmbeddedRuntime } from '../adapters/select';
import { FUNCTIONS, TIMERS } from '../registry';
import { formatBanner } from './banner';
import packageJson from '../../package.json';
import {
  DataFolderRefused,
  checkDataFolderBeforeOpen,
  markDataFolder,
  refuseDamage,
} from './data-folder';
import { loadOrCreateCookieSecret, readHostConfig } from './host.config';
import type { SeedFn } from './server';
import { createHostServer } from './server';

import { seedSampleTown } from './sample/seed';

/** The sample town (示例数据) seeded on first start unless SAMPLE_TOWN=0. */
const sampleSeed: SeedFn = seedSampleTown;

/** How long a clean shutdown may take before the process gives up and exits 1. */
const SHUTDOWN_GRACE_MS = 15_000;

const log = pino({ name: 'hehe-host' });

async function main(): Promise<void> {
  const config = readHostConfig(process.env);
  checkDataFolderBeforeOpen(config.dataDir);
  let runtime: ReturnType<typeof createEmbeddedRuntime>;
  try {
    runtime = createEmbeddedRuntime({ dataDir: config.dataDir, log });
  } catch (thrown) {
    refuseDamage(config.dataDir, [String(thrown)]);
    throw thrown;
  }
  try {
    refuseDamage(config.dataDir, await runtime.store.checkFile(false));
  } catch (thrown) {
    await runtime.close().catch(() => undefined);
    if (thrown instanceof DataFolderRefused) throw thrown;
    // The file would not even open its pages: damaged.
    refuseDamage(config.dataDir, [String(thrown)]);
  }
  markDataFolder(config.dataDir, packageJson.version);
  const host = createHostServer({
    runtime,
    functions: FUNCTIONS,
    timers: TIMERS,
    dataDir: config.dataDir,
    h5Dir: config.h5Dir,
    cookieSecret: config.cookieSecret ?? loadOrCreateCookieSecret(config.dataDir),
    logger: log,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    version: packageJson.version,
    backups: { everyHours: config.backupEveryHours, keep: config.backupKeep },
    ...(config.seedSample ? { seed: sampleSeed } : {}),
  });

  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown took too long');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    host.stop().then(
      () => {
        log.info({}, 'stopped');
        process.exit(0);
      },
      (thrown: unknown) => {
        log.error({ err: thrown }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  const info = await host.start(config.port, config.host);
  log.info({ url: info.url, dataDir: config.dataDir, functions: FUNCTIONS.length }, 'host started');
  process.stderr.write(formatBanner(info, config.dataDir));
}

main().catch((thrown: unknown) => {
  if (thrown instanceof DataFolderRefused) {
    log.error({ problem: thrown.problem }, 'data folder refused');
    process.stderr.write(`\n${thrown.zh}\n${thrown.en}\n\n`);
    process.exit(2);
  }
  log.error({ err: thrown }, 'host failed to start');
  process.exit(1);
});
