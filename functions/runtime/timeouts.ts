/**
 * Time limits on calls that leave the process (a push, a content check): one hung call must
 * hold nothing else — not the outbox run behind it, not the villager's submission. A call
 * past its limit is settled as a failure; what it does later is ignored.
 */

/** A call that did not answer within its limit. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(
    readonly what: string,
    readonly ms: number,
  ) {
    super(`${what} did not answer within ${ms} ms`);
  }
}

/** How long a push may take (WeChat's subscribe-message API, the live inbox's flush). */
export const PUSH_TIMEOUT_MS = 10_000;
/** How long a content check may take before the submission is refused as retryable. */
export const CONTENT_CHECK_TIMEOUT_MS = 8_000;

/** Settles with `work`, or rejects with a TimeoutError after `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
    timer.unref?.();
  });
  // A late rejection of `work` after the limit must not become an unhandled rejection.
  work.catch(() => undefined);
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
