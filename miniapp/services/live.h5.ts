/**
 * The live task inbox in the browser: server-sent events from /api/events (`event: task`),
 * reconnecting by itself (EventSource does, every 5 s as the host asks, and sends the last
 * event id it saw, so the host replays what went out meanwhile). A reconnect also reads the
 * inbox again (`onTask(null)`), and an event id already shown is dropped: after a restart the
 * host may send a push twice.
 */
import type { TaskEventView } from './views';

/** Event ids this page has shown, newest last; bounded so a long-open page stays small. */
const SEEN_MAX = 500;

export function watchTasks(onTask: (task: TaskEventView | null) => void): () => void {
  if (typeof EventSource === 'undefined') return () => undefined;
  const source = new EventSource('/api/events', { withCredentials: true });
  const seen: string[] = [];
  let opened = false;
  const handler = (event: MessageEvent<string>): void => {
    const id = event.lastEventId;
    if (id !== '' && seen.includes(id)) return;
    if (id !== '') {
      seen.push(id);
      if (seen.length > SEEN_MAX) seen.shift();
    }
    try {
      onTask(JSON.parse(event.data) as TaskEventView);
    } catch {
      // a malformed event is skipped; the next inbox read shows the task anyway
    }
  };
  source.addEventListener('task', handler as EventListener);
  source.addEventListener('open', () => {
    // The first open follows the page's own read; a later one is a reconnect: read again.
    if (opened) onTask(null);
    opened = true;
  });
  return () => source.close();
}

/** How the inbox page describes its liveness. */
export const LIVE_HINT = '新任务会自动出现';
