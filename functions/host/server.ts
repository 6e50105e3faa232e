/**
 * The local host (本地主机, docs/domain.md §3): one process serving every cloud function behind
 * `POST /api/fn/<name>` on the embedded runtime, with password sign-in and a signed session
 * cookie, the live inbox over SSE, photo uploads under the data folder, the H5 build at `/`,
 * and the timer functions on their schedule. `createHostServer` builds it without listening,
 * so tests drive it with `app.inject`; `start` listens, `stop` shuts down in order.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from 'fastify';
import Fastify from 'fastify';
import type { ErrorCode } from '../../shared/kernel/errors';
import { DEFAULT_MESSAGES } from '../../shared/kernel/errors';
import type { EmbeddedRuntime } from '../adapters/select';
import type { FunctionDef } from '../runtime/action';
import type { AppContext } from '../runtime/context';
import type { TimerSpec } from '../registry';
import { CLAIM_LEASE_MS } from '../outbox/deliver-outbox';
import { concernStatsBuilt, rebuildTownConcernStats } from '../concern/concern.api';
import { rebuildTaskLoads } from '../runtime/directory';
import { releaseLeftClaims } from '../runtime/outbox';
import { listTownIds } from '../runtime/timers';
import { resolveCaller } from '../runtime/caller';
import { registerAuthRoutes } from './auth.routes';
import { PID_FILE } from './backup';
import { registerHealthRoutes } from './health.routes';
import type { Maintenance } from './maintenance';
import { createMaintenance } from './maintenance';
import { DEFAULT_HEARTBEAT_MS, EventStreams, registerEventRoutes } from './events.routes';
import { MAX_UPLOAD_BYTES, registerFileRoutes } from './files.routes';
import { MAX_CALL_BYTES, registerFnRoutes } from './fn.routes';
import { HOST_MESSAGES, sendErrorWithStatus } from './host.replies';
import { registerOpen311Routes } from './open311.routes';
import type { LimitRule } from './rate-limit';
import { SlidingWindowLimiter } from './rate-limit';
import { registerSecurity } from './security';
import { rm } from 'node:fs/promises';
import { purgeExpiredCounters } from '../runtime/limits';
import { purgeUnattachedUploads } from '../runtime/uploads';
import { SessionManager } from './sessions';
import type { LimitWindow } from '../runtime/limits';
import { registerStaticRoutes } from './static.routes';
import type { TimerRunner } from './timers';
import { createTimerRunner } from './timers';

/** One demo account the sample town (示例镇) prints on start, password included. */
export interface DemoAccount {
  readonly name: string;
  readonly roles: readonly string[];
  readonly login: string;
  readonly password: string;
}

/** What seeding the sample town reports: whether it created it now, and how to sign in. */
export interface SeedOutcome {
  readonly created: boolean;
  readonly demoAccounts: readonly DemoAccount[];
}

export type SeedFn = (ctx: AppContext) => Promise<SeedOutcome>;

export interface HostOptions {
  readonly runtime: EmbeddedRuntime;
  readonly functions: readonly FunctionDef[];
  readonly timers?: readonly TimerSpec[];
  /** The data folder: uploads go to `<dataDir>/files`. */
  readonly dataDir: string;
  /** The H5 build (dist/h5). */
  readonly h5Dir: string;
  /** Signs the session cookie; at least 32 characters. */
  readonly cookieSecret: string;
  /** A pino logger for requests (JSON lines); none keeps the host quiet (tests). */
  readonly logger?: FastifyBaseLogger;
  /** Mark cookies Secure (behind an HTTPS proxy). */
  readonly secureCookies?: boolean;
  /** Trust X-Forwarded-For for the client IP (behind a reverse proxy). */
  readonly trustProxy?: boolean;
  /** Seeds the sample town before listening (functions/host/sample/seed.ts). */
  readonly seed?: SeedFn;
  readonly sseHeartbeatMs?: number;
  /** Shown on /api/health (package.json's version). */
  readonly version?: string;
  /** Scheduled backups into `<dataDir>/backups`: every N hours (0: none, the default here), keeping the newest `keep`. */
  readonly backups?: { readonly everyHours: number; readonly keep: number };
}

export interface StartInfo {
  /** Where the host listens, e.g. http://127.0.0.1:8787. */
  readonly url: string;
  readonly port: number;
  /** What the seed reported, or null without a seed. */
  readonly seed: SeedOutcome | null;
}

export interface HostServer {
  readonly app: FastifyInstance;
  readonly timers: TimerRunner;
  readonly maintenance: Maintenance;
  /**
   * Hourly housekeeping, also run at start: expired sessions, spent rate-limit counters, and
   * uploads never attached to anything (records and bytes).
   */
  housekeep(): Promise<void>;
  /** Seeds (if configured), listens, then starts the timers. */
  start(port?: number, host?: string): Promise<StartInfo>;
  /**
   * Shuts down in order: timers stop (a run in progress finishes), the server stops accepting
   * and finishes requests in flight (event streams are ended), then the store closes.
   */
  stop(): Promise<void>;
}

/** A limit window in the in-memory limiter's terms. */
function rule(window: LimitWindow): LimitRule {
  return { max: window.max, windowMs: window.windowSeconds * 1000 };
}

const HOUR = 3600 * 1000;

/** A request the host refuses before any function runs: the field is the body (or the URL). */
const bodyField = (message: string, field = 'body') => ({ fields: [{ field, message }] });

/** The envelope code for a 4xx status the framework or a plugin raised. */
function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 409:
      return 'CONFLICT';
    case 429:
      return 'RATE_LIMITED';
    default:
      return 'VALIDATION_FAILED';
  }
}

/** Builds the host without listening. */
export function createHostServer(options: HostOptions): HostServer {
  const { runtime } = options;
  const { ctx } = runtime;
  if (options.cookieSecret.length < 32) throw new Error('cookieSecret needs 32+ characters');

  const functions = new Map<string, FunctionDef>();
  for (const def of options.functions) {
    if (functions.has(def.name)) throw new Error(`function ${def.name} is registered twice`);
    functions.set(def.name, def);
  }
  const timers = createTimerRunner(ctx, options.timers ?? [], functions);
  const sessions = new SessionManager(ctx, { secure: options.secureCookies ?? false });
  // Limits are the runtime's (DEFAULT_LIMITS changed by HEHE_LIMITS): one set for the call
  // path, the uploads and the host's own routes.
  const limits = ctx.limits;
  const streams = new EventStreams();

  const app: FastifyInstance = Fastify({
    ...(options.logger === undefined ? { logger: false } : { loggerInstance: options.logger }),
    bodyLimit: MAX_CALL_BYTES,
    trustProxy: options.trustProxy ?? false,
    // Identical to a browser's idea of a path: /api/fn/x and /api/fn/x/ are one route.
    routerOptions: { ignoreTrailingSlash: true },
    // A URL the router cannot decode (`/api/files/%E0`) answers the envelope, not fastify's
    // English default.
    frameworkErrors: (_error, _request, reply) =>
      sendErrorWithStatus(
        reply,
        400,
        'VALIDATION_FAILED',
        HOST_MESSAGES.badUrl,
        bodyField(HOST_MESSAGES.badUrl, 'url'),
      ),
  }) as unknown as FastifyInstance;

  // Only JSON bodies: a cross-site form can post text/plain, never application/json.
  app.removeContentTypeParser('text/plain');
  void app.register(cookie, { secret: options.cookieSecret });
  void app.register(multipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 6 },
  });

  // Headers, the per-address limit and the Origin check, in one place (host/security.ts).
  registerSecurity(app, { h5Dir: options.h5Dir, perIp: limits.http.perIp });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
  app.addHook('preClose', async () => {
    streams.endAll();
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) {
      const message = request.url.startsWith('/api/upload')
        ? HOST_MESSAGES.fileTooLarge
        : HOST_MESSAGES.bodyTooLarge;
      return sendErrorWithStatus(reply, 413, 'VALIDATION_FAILED', message, bodyField(message));
    }
    if (status === 415 || status === 406) {
      return sendErrorWithStatus(
        reply,
        415,
        'VALIDATION_FAILED',
        HOST_MESSAGES.badMediaType,
        bodyField(HOST_MESSAGES.badMediaType),
      );
    }
    if (status === 400) {
      return sendErrorWithStatus(
        reply,
        400,
        'VALIDATION_FAILED',
        HOST_MESSAGES.badJson,
        bodyField(HOST_MESSAGES.badJson),
      );
    }
    if (status >= 400 && status < 500) {
      request.log.warn({ code: error.code, status }, 'request refused');
      const code = codeForStatus(status);
      return sendErrorWithStatus(reply, status, code, DEFAULT_MESSAGES[code]);
    }
    // Never a stack trace in a reply: it goes to the log only.
    request.log.error({ err: error }, 'unhandled error');
    return sendErrorWithStatus(reply, 500, 'INTERNAL', DEFAULT_MESSAGES.INTERNAL);
  });
  app.setNotFoundHandler((_request, reply) =>
    sendErrorWithStatus(reply, 404, 'NOT_FOUND', HOST_MESSAGES.noSuchApi),
  );

  const version = options.version ?? '0.0.0';
  const maintenance = createMaintenance({
    ctx,
    dataDir: options.dataDir,
    version,
    backupEveryHours: options.backups?.everyHours ?? 0,
    backupKeep: options.backups?.keep ?? 7,
  });
  // Every route in a scope registered after the guards, so the per-address limit's route hook
  // (host/security.ts) is in place when the routes are added.
  void app.register(async (routes) => {
    // A call that queued a push gets it delivered (SSE inbox) within a second, not at the next minute.
    registerFnRoutes(routes, { ctx, sessions, functions, afterCall: () => timers.nudge('outbox') });
    registerAuthRoutes(routes, {
      ctx,
      sessions,
      functions,
      perPhoneAndIp: new SlidingWindowLimiter(rule(limits.login.perPhoneAndIp), ctx.clock),
      perIp: new SlidingWindowLimiter(rule(limits.login.perIp), ctx.clock),
      perPhone: new SlidingWindowLimiter(rule(limits.login.perPhone), ctx.clock),
    });
    sessions.onEnded((sessionId) => streams.endSession(sessionId));
    registerEventRoutes(
      routes,
      {
        ctx,
        sessions,
        push: runtime.push,
        heartbeatMs: options.sseHeartbeatMs ?? DEFAULT_HEARTBEAT_MS,
        stillSignedIn: async (sessionId) => {
          const session = await sessions.isLive(sessionId);
          if (session === null) return false;
          const caller = await resolveCaller(ctx, {
            kind: 'account',
            accountId: session.accountId,
          });
          return caller.account !== null;
        },
      },
      streams,
    );
    registerFileRoutes(routes, { ctx, sessions, files: runtime.files, dataDir: options.dataDir });
    registerHealthRoutes(routes, {
      ctx,
      store: runtime.store,
      dataDir: options.dataDir,
      version,
      functions: [...functions.keys()].sort(),
      timers: () => timers.status(),
      maintenance: () => maintenance.status(),
    });
    registerOpen311Routes(routes, ctx);
    // Its own scope, so the compression plugin's route hook is in place before the route exists.
    void routes.register(async (scope) => {
      await scope.register(compress, { global: false });
      registerStaticRoutes(scope, options.h5Dir);
    });
  });

  let housekeeping: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;

  const purgeSessions = async () => {
    try {
      await sessions.purgeExpired();
      await purgeExpiredCounters(ctx);
      // Uploads never attached to anything: their records, then their bytes.
      for (const file of await purgeUnattachedUploads(ctx)) {
        if (file.path.startsWith('files/'))
          await rm(join(options.dataDir, file.path), { force: true });
      }
    } catch (thrown: unknown) {
      ctx.log.error({ err: String(thrown) }, 'housekeeping failed');
    }
  };

  const pidFile = join(options.dataDir, PID_FILE);
  return {
    app,
    timers,
    maintenance,
    housekeep: purgeSessions,
    async start(port = 8787, host = '127.0.0.1') {
      const seeded = options.seed === undefined ? null : await options.seed(ctx);
      await purgeSessions();
      // Before anyone can write a task: count every town's open tasks into their counters.
      for (const townId of await listTownIds(ctx)) {
        await rebuildTaskLoads(ctx, townId);
        // Concern totals for the statistics: counted once; kept by every write after that.
        if (!(await concernStatsBuilt(ctx, townId))) await rebuildTownConcernStats(ctx, townId);
      }
      // This host alone uses its store: claims a killed process left are sent again now.
      const released = await releaseLeftClaims(ctx, CLAIM_LEASE_MS);
      if (released > 0) ctx.log.warn({ released }, 'released pushes claimed before a crash');
      const url = await app.listen({ port, host });
      const address = app.server.address();
      timers.start();
      maintenance.start();
      writeFileSync(pidFile, `${process.pid}\n`);
      housekeeping = setInterval(() => void purgeSessions(), HOUR);
      housekeeping.unref();
      return {
        url,
        port: typeof address === 'object' && address !== null ? address.port : port,
        seed: seeded,
      };
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(housekeeping);
        await timers.stop();
        await maintenance.stop();
        await app.close();
        await runtime.close();
        rmSync(pidFile, { force: true });
      })();
      return stopping;
    },
  };
}
