/**
 * Local push: the live inbox. Every delivered message is handed to the listeners of its
 * recipient (the host streams them over SSE). A recipient with no open page still finds
 * the task in their inbox, so "not delivered live" is a normal outcome, not a failure.
 *
 * A listener answers whether its page really got the message: the SSE route answers true only
 * once the event was written and flushed to the socket, so an event still in the process's
 * buffers when it dies is never counted delivered.
 */
import { ok } from '../../../shared/kernel/result';
import type { PushMessage, PushSender } from '../../runtime/ports';

/** Hands one message to one open page; resolves true once it reached the page's connection. */
export type PushListener = (message: PushMessage) => boolean | Promise<boolean>;

export class InboxPush implements PushSender {
  private readonly listeners = new Map<string, Set<PushListener>>();

  /** Subscribes to one recipient's pushes; returns the unsubscribe function. */
  subscribe(recipientId: string, listener: PushListener): () => void {
    const set = this.listeners.get(recipientId) ?? new Set<PushListener>();
    set.add(listener);
    this.listeners.set(recipientId, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(recipientId);
    };
  }

  /** Whether the recipient has an open page right now. */
  isListening(recipientId: string): boolean {
    return (this.listeners.get(recipientId)?.size ?? 0) > 0;
  }

  async send(message: PushMessage) {
    const set = [...(this.listeners.get(message.recipientId) ?? [])];
    const reached = await Promise.all(
      set.map(async (listener) => {
        try {
          return await listener(message);
        } catch {
          return false;
        }
      }),
    );
    return ok({ delivered: reached.some((r) => r) });
  }
}
