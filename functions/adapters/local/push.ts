/**
 * Local push: the live inbox. Every delivered message is handed to the listeners of its
 * recipient (the host streams them over SSE). A recipient with no open page still finds
 * the task in their inbox, so "not delivered live" is a normal outcome, not a failure.
 */
import { ok } from '../../../shared/kernel/result';
import type { PushMessage, PushSender } from '../../runtime/ports';

export type PushListener = (message: PushMessage) => void;

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

  async send(message: PushMessage) {
    const set = this.listeners.get(message.recipientId);
    for (const listener of set ?? []) listener(message);
    return ok({ delivered: set !== undefined && set.size > 0 });
  }
}
