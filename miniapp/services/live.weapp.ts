/**
 * The task inbox in WeChat: new tasks arrive as subscribe messages (服务通知) outside the app;
 * while the inbox is open it reads again every 30 s, so nothing waits for a pull-down.
 */
import type { TaskEventView } from './views';

const POLL_MS = 30_000;

export function watchTasks(onTask: (task: TaskEventView | null) => void): () => void {
  const timer = setInterval(() => onTask(null), POLL_MS);
  return () => clearInterval(timer);
}

export const LIVE_HINT = '打开本页时每 30 秒刷新一次';
