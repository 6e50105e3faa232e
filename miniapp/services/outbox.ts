/**
 * The submission outbox (离线待提交): every submission carries a requestId; when the network
 * is gone or the server is failing, it is kept on the phone and sent again, with the same
 * requestId, when the network returns, so the villager never types it twice and the server
 * never files it twice. A definitive answer (bad input, not allowed) is shown, never retried.
 */
import Taro from '@tarojs/taro';
import type { CallReply } from '../../shared/kernel/envelope';
import type { AppError as CallError } from '../../shared/kernel/errors';
import { api } from './api';
import type { FunctionName } from './api.types';
import { isNetworkError } from './errors';
import { onNetworkBack } from './network';

const STORAGE_KEY = 'hehe.outbox.v1';
const EVENT = 'hehe:outbox';
const RETRY_EVERY_MS = 15_000;
/** Answers that mean "try again later" rather than "this will never work". */
const RETRYABLE: ReadonlySet<string> = new Set(['INTERNAL', 'RATE_LIMITED', 'UNAUTHENTICATED']);

export interface PendingSubmission {
  readonly requestId: string;
  readonly fn: FunctionName;
  readonly action: string;
  readonly data: unknown;
  /** What the person sees in the list of waiting submissions, e.g. 「说事：垃圾没人清运」. */
  readonly label: string;
  readonly createdAt: number;
  readonly attempts: number;
  /** Set when a retry got a definitive refusal: shown to the person, no longer retried. */
  readonly failed?: { readonly code: string; readonly message: string };
}

export type SubmitOutcome<T> =
  | { readonly kind: 'done'; readonly data: T }
  | { readonly kind: 'refused'; readonly error: CallError }
  | { readonly kind: 'queued'; readonly requestId: string };

export interface SubmitOptions {
  readonly requestId: string;
  readonly label: string;
}

function load(): PendingSubmission[] {
  try {
    const raw: unknown = Taro.getStorageSync(STORAGE_KEY);
    return Array.isArray(raw) ? (raw as PendingSubmission[]) : [];
  } catch {
    return [];
  }
}

function save(items: readonly PendingSubmission[]): void {
  Taro.setStorageSync(STORAGE_KEY, items);
  Taro.eventCenter.trigger(EVENT, items);
}

/** What waits to be sent (and what was refused on a retry), oldest first. */
export function pendingSubmissions(): readonly PendingSubmission[] {
  return load();
}

/** Calls back with the list whenever it changes; returns the unsubscribe. */
export function watchOutbox(callback: (items: readonly PendingSubmission[]) => void): () => void {
  const handler = (items: readonly PendingSubmission[]): void => callback(items);
  Taro.eventCenter.on(EVENT, handler);
  return () => Taro.eventCenter.off(EVENT, handler);
}

/** Forgets a refused submission once the person has read why. */
export function dismissSubmission(requestId: string): void {
  save(load().filter((item) => item.requestId !== requestId));
}

function keep(item: PendingSubmission): void {
  const items = load().filter((other) => other.requestId !== item.requestId);
  save([...items, item]);
}

/**
 * Sends a submission now; keeps it for later when the network or the server fails. The
 * caller shows 「已保存，联网后自动提交」 for `queued`, the message for `refused`.
 */
export async function submit<T>(
  fn: FunctionName,
  action: string,
  data: unknown,
  options: SubmitOptions,
): Promise<SubmitOutcome<T>> {
  const item: PendingSubmission = {
    requestId: options.requestId,
    fn,
    action,
    data,
    label: options.label,
    createdAt: Date.now(),
    attempts: 1,
  };
  let reply: CallReply<T>;
  try {
    reply = await api.call<T>(fn, action, data, options.requestId);
  } catch (thrown) {
    if (!isNetworkError(thrown)) throw thrown;
    keep(item);
    ensureRetrying();
    return { kind: 'queued', requestId: options.requestId };
  }
  if (reply.ok) return { kind: 'done', data: reply.data };
  if (RETRYABLE.has(reply.error.code) && reply.error.code !== 'UNAUTHENTICATED') {
    keep(item);
    ensureRetrying();
    return { kind: 'queued', requestId: options.requestId };
  }
  return { kind: 'refused', error: reply.error };
}

let flushing: Promise<number> | null = null;

/** Sends what waits, oldest first; returns how many went through. */
export function flushOutbox(): Promise<number> {
  flushing ??= (async () => {
    // Yield first: with nothing to send the body would otherwise finish (and clear
    // `flushing`) before `??=` assigns it, leaving a settled promise that blocks every later flush.
    await Promise.resolve();
    let sent = 0;
    try {
      for (const item of load()) {
        if (item.failed) continue;
        let reply: CallReply<unknown>;
        try {
          reply = await api.call(item.fn, item.action, item.data, item.requestId);
        } catch (thrown) {
          if (isNetworkError(thrown)) break; // still offline: keep the rest in order
          throw thrown;
        }
        if (reply.ok) {
          sent += 1;
          save(load().filter((other) => other.requestId !== item.requestId));
        } else if (RETRYABLE.has(reply.error.code)) {
          keep({ ...item, attempts: item.attempts + 1 });
        } else {
          keep({ ...item, attempts: item.attempts + 1, failed: reply.error });
        }
      }
    } finally {
      flushing = null;
    }
    if (sent > 0) {
      Taro.showToast({ title: `已自动提交 ${sent} 项`, icon: 'success', duration: 2500 });
    }
    return sent;
  })();
  return flushing;
}

let timer: ReturnType<typeof setInterval> | null = null;

function ensureRetrying(): void {
  if (timer !== null) return;
  timer = setInterval(() => {
    if (load().every((item) => item.failed)) {
      if (timer !== null) clearInterval(timer);
      timer = null;
      return;
    }
    void flushOutbox();
  }, RETRY_EVERY_MS);
}

let started = false;

/** Called once at app start: send what waited from last time, and again when online. */
export function startOutbox(): void {
  if (started) return;
  started = true;
  onNetworkBack(() => void flushOutbox());
  if (load().some((item) => !item.failed)) {
    ensureRetrying();
    void flushOutbox();
  }
}
