/**
 * `GET /api/events`: the live inbox (实时待办) of a signed-in person as server-sent events. The
 * local push adapter (InboxPush) hands each delivered message to the listeners of its
 * recipient; each becomes an `event: task` carrying only what the page shows, with the outbox
 * id as its event `id`. A push counts as delivered only once its event was flushed to the
 * socket. A reconnecting page sends `Last-Event-ID` (EventSource does by itself): the pushes
 * of its person that went out after that id — while the page was away, or to nobody — are
 * replayed first, then marked delivered. The page drops an id it has already shown.
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

/** Open streams, so shutting down can end them instead of waiting for the browsers. */
export class EventStreams {
  private readonly open = new Set<() => void>();

  add(end: () => void): () => void {
    this.open.add(end);
    return () => this.open.delete(end);
  }

  /** Ends every open stream. */
  endAll(): void {
    for (const end of [...this.open]) end();
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
    const identity = await deps.sessions.identityOf(request);
    if (identity.kind !== 'account') return sendError(reply, appError('UNAUTHENTICATED'));

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

    // Live pushes wait until the replay has been written, so the page sees them in order.
    let replayed: Promise<void> = Promise.resolve();
    const unsubscribe = deps.push.subscribe(identity.accountId, async (message) => {
      await replayed;
      return writeFlushed(res, taskEvent(message));
    });
    const lastEventId = lastEventIdOf(request.headers['last-event-id']);
    if (lastEventId !== null) {
      replayed = (async () => {
        const missed = await missedPushes(deps.ctx, identity.accountId, lastEventId);
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
    let closed = false;
    const cleanup = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      unsubscribe();
      forget();
      if (!res.writableEnded) res.end();
    };
    const forget = streams.add(cleanup);
    res.on('close', cleanup);
    res.on('error', cleanup);
  });
}
