/**
 * `GET /api/events`: the live inbox (实时待办) of a signed-in person as server-sent events. The
 * local push adapter (InboxPush) hands each delivered message to the listeners of its
 * recipient; each becomes an `event: task` carrying only what the page shows.
 *
 * A stream lives no longer than its session: it is ended when the session ends (sign-out, a
 * password change ending the other sessions, expiry), and before every event the session and
 * its account are checked again (a disabled account hears nothing more). An account keeps at
 * most MAX_STREAMS_PER_ACCOUNT streams; opening another ends its oldest.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { appError } from '../../shared/kernel/errors';
import type { InboxPush } from '../adapters/local/push';
import type { PushMessage } from '../runtime/ports';
import { sendError } from './host.replies';
import type { SessionManager } from './sessions';
import type { TaskEventView } from '../task/task.api';
export type { TaskEventView };

/** A comment line every 25 s keeps proxies and phones from dropping a quiet stream. */
export const DEFAULT_HEARTBEAT_MS = 25_000;

export interface EventsDeps {
  readonly sessions: SessionManager;
  readonly push: InboxPush;
  readonly heartbeatMs: number;
  /** Whether the session may still hear its account's events (live, account active). */
  readonly stillSignedIn: (sessionId: string) => Promise<boolean>;
}

/** Streams one account may hold open at once (a phone and a computer, and a spare tab). */
export const MAX_STREAMS_PER_ACCOUNT = 3;

interface OpenStream {
  readonly accountId: string;
  readonly sessionId: string;
  readonly end: () => void;
}

/** Maps a push message to the whitelisted view sent over the stream. */
export function toTaskEventView(message: PushMessage): TaskEventView {
  return {
    outboxId: message.outboxId,
    title: message.title,
    body: message.body,
    link: message.link === null ? null : { type: message.link.type, id: message.link.id },
  };
}

/**
 * Open streams, by account and session: shutting down ends them all instead of waiting for
 * the browsers, a session that ends ends its streams, and an account keeps a few at most.
 */
export class EventStreams {
  /** In the order they were opened (a Set keeps insertion order). */
  private readonly open = new Set<OpenStream>();

  constructor(private readonly perAccount = MAX_STREAMS_PER_ACCOUNT) {}

  /** Adds a stream, ending the account's oldest beyond the cap; answers how to forget it. */
  add(accountId: string, sessionId: string, end: () => void): () => void {
    const stream: OpenStream = { accountId, sessionId, end };
    this.open.add(stream);
    const mine = [...this.open].filter((s) => s.accountId === accountId);
    for (const old of mine.slice(0, Math.max(0, mine.length - this.perAccount))) old.end();
    return () => this.open.delete(stream);
  }

  /** Ends the streams of one session (it was signed out or ended). */
  endSession(sessionId: string): void {
    for (const s of [...this.open]) if (s.sessionId === sessionId) s.end();
  }

  /** How many streams an account holds open. */
  countFor(accountId: string): number {
    return [...this.open].filter((s) => s.accountId === accountId).length;
  }

  /** Ends every open stream. */
  endAll(): void {
    for (const s of [...this.open]) s.end();
  }
}

function writeIfOpen(res: ServerResponse, chunk: string): void {
  if (!res.writableEnded && !res.destroyed) res.write(chunk);
}

/** Registers /api/events. */
export function registerEventRoutes(
  app: FastifyInstance,
  deps: EventsDeps,
  streams: EventStreams,
): void {
  app.get('/api/events', async (request, reply) => {
    const session = await deps.sessions.sessionOf(request);
    if (session === null || !(await deps.stillSignedIn(session._id))) {
      return sendError(reply, appError('UNAUTHENTICATED'));
    }

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // Ask the browser to reconnect after 5 s if the stream drops.
    res.write('retry: 5000\n: connected\n\n');

    let closed = false;
    // Events are written in order, each after the session was checked again.
    let queue: Promise<void> = Promise.resolve();
    const unsubscribe = deps.push.subscribe(session.accountId, (message) => {
      queue = queue
        .then(async () => {
          if (closed) return;
          if (!(await deps.stillSignedIn(session._id))) {
            cleanup();
            return;
          }
          writeIfOpen(res, `event: task\ndata: ${JSON.stringify(toTaskEventView(message))}\n\n`);
        })
        .catch(() => cleanup());
    });
    const heartbeat = setInterval(() => writeIfOpen(res, ': ping\n\n'), deps.heartbeatMs);
    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      forget();
      if (!res.writableEnded) res.end();
    };
    const forget = streams.add(session.accountId, session._id, cleanup);
    res.on('close', cleanup);
    res.on('error', cleanup);
  });
}
