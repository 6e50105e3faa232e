/**
 * The API client in the browser (H5): `POST /api/fn/<name>` on the local host with the same
 * call envelope as CloudBase, the session in an httpOnly cookie. Never touches `Taro.cloud`
 * (it answers "暂时不支持 API" on H5; docs/platform.md).
 */
import type { CallReply } from '../../shared/kernel/envelope';
import type { ApiClient, FunctionName } from './api.types';
import { NetworkError } from './errors';

/** How long a call may take before the page treats the network as gone. */
const CALL_TIMEOUT_MS = 20_000;

async function call<T>(
  fn: FunctionName,
  action: string,
  data: unknown,
  requestId?: string,
): Promise<CallReply<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CALL_TIMEOUT_MS);
  let response: Response;
  try {
    response = await fetch(`/api/fn/${fn}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(requestId ? { action, data, requestId } : { action, data }),
      signal: controller.signal,
    });
  } catch (thrown) {
    throw new NetworkError(thrown instanceof Error ? thrown.message : String(thrown));
  } finally {
    clearTimeout(timer);
  }
  // A proxy's error page, or a host that went away mid-reply: not an answer to show.
  const text = await response.text().catch(() => '');
  try {
    const reply = JSON.parse(text) as CallReply<T>;
    if (reply && typeof reply === 'object' && 'ok' in reply) return reply;
  } catch {
    // fall through
  }
  throw new NetworkError(`HTTP ${response.status}`);
}

export const api: ApiClient = { call };
