/**
 * `GET /api/events`: the live inbox (实时待办) of a signed-in person as server-sent events. The
 * local push adapter (InboxPush) hands each delivered message to the listeners of its
 * recipient; each becomes an `event: task` carrying only what the page shows, with the outbox
 * id as its event `id`. A push counts as delivered only once its event was flushed to the
 * socket. A reconnecting page sends `Last-Event-ID` (EventSource does by itself): the pushes
 * of its person that went out after that id — while the page was away, or to nobody — are
 * replayed first, then marked delivered. The page drops an id it has already shown.
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
import type { AppContext } from '../runtime/context';
import type { OutboxRecord } from '../runtime/outbox';
import { missedPushes, recordReplayed } from '../runtime/outbox';
import type { PushMessage } from '../runtime/ports';
import { PUSH_TIMEOUT_MS } from '../runtime/timeouts';
import { sendError } from './host.replies';
import type { SessionManager } from './sessions';
import type { TaskEventView } from '../task/task.api';
export type { TaskEventView };

/** A comment line every 25 s keeps proxies and phones from dropping a quiet stream. */
export const DEFAULT_HEARTBEAT_MS = 25_000;

export interface EventsDeps {
  readonly ctx: AppContext;
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

/**
 * Writes one chunk and resolves true once it was flushed to the socket (the write callback),
 * false when the stream is closed, errs, or does not drain within PUSH_TIMEOUT_MS.
 */
export function writeFlushed(res: ServerResponse, chunk: string): Promise<boolean> {
  if (res.writableEnded || res.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), PUSH_TIMEOUT_MS);
    timer.unref();
    res.write(chunk, (error) => {
      clearTimeout(timer);
      resolve(error === undefined || error === null);
    });
  });
}

/** One SSE event of a push. */
export function taskEvent(message: PushMessage): string {
  return `id: ${message.outboxId}\nevent: task\ndata: ${JSON.stringify(toTaskEventView(message))}\n\n`;
}

function messageOf(entry: OutboxRecord): PushMessage {
  return {
    outboxId: entry._id,
    townId: entry.townId,
    recipientId: entry.recipientId,
    template: entry.template,
    title: entry.title,
    body: entry.body,
    link: entry.link,
  };
}

/** An event id as a page sends it back: an outbox id, or nothing. */
function lastEventIdOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^out_[0-9a-z]{1,64}$/.test(value) ? value : null;
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
    // Live pushes wait until the replay has been written, so the page sees them in order;
    // each is written after the session was checked again.
    let replayed: Promise<void> = Promise.resolve();
    const unsubscribe = deps.push.subscribe(session.accountId, async (message) => {
      await replayed;
      if (closed) return false;
      if (!(await deps.stillSignedIn(session._id))) {
        cleanup();
        return false;
      }
      return writeFlushed(res, taskEvent(message));
    });
    const lastEventId = lastEventIdOf(request.headers['last-event-id']);
    if (lastEventId !== null) {
      replayed = (async () => {
        const missed = await missedPushes(deps.ctx, session.accountId, lastEventId);
        const reached: OutboxRecord[] = [];
        for (const entry of missed) {
          if (await writeFlushed(res, taskEvent(messageOf(entry)))) reached.push(entry);
        }
        const unmarked = reached.filter((e) => e.delivered !== true);
        if (unmarked.length > 0) await recordReplayed(deps.ctx, deps.ctx.store, unmarked);
      })().catch((thrown: unknown) => {
        request.log.error({ err: thrown }, 'replaying missed pushes failed');
      });
    }
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
