/**
 * The live task inbox in the browser: server-sent events from /api/events (`event: task`),
 * reconnecting by itself (EventSource does, every 5 s as the host asks).
 */
import type { TaskEventView } from './views';

export function watchTasks(onTask: (task: TaskEventView | null) => void): () => void {
  if (typeof EventSource === 'undefined') return () => undefined;
  const source = new EventSource('/api/events', { withCredentials: true });
  const handler = (event: MessageEvent<string>): void => {
    try {
      onTask(JSON.parse(event.data) as TaskEventView);
    } catch {
      // a malformed event is skipped; the next inbox read shows the task anyway
    }
  };
  source.addEventListener('task', handler as EventListener);
  return () => source.close();
}

/** How the inbox page describes its liveness. */
export const LIVE_HINT = '新任务会自动出现';
