/**
 * `GET /api/events`: the live inbox (实时待办) of a signed-in person as server-sent events. The
 * local push adapter (InboxPush) hands each delivered message to the listeners of its
 * recipient; each becomes an `event: task` carrying only what the page shows.
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

    const unsubscribe = deps.push.subscribe(identity.accountId, (message) => {
      writeIfOpen(res, `event: task\ndata: ${JSON.stringify(toTaskEventView(message))}\n\n`);
    });
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
