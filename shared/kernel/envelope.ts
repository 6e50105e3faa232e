/**
 * The call envelope (docs/domain.md §3), identical for `Taro.cloud.callFunction` and the local
 * host's `POST /api/fn/<function>`.
 */
import { z } from 'zod';
import type { AppError } from './errors';

/** A request: which action, its input, and an optional idempotency key. */
export const callRequestSchema = z.object({
  action: z.string().min(1).max(64),
  data: z.unknown(),
  requestId: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
});

export type CallRequest = z.infer<typeof callRequestSchema>;

export type CallReply<T = unknown> =
  { readonly ok: true; readonly data: T } | { readonly ok: false; readonly error: AppError };

/** Builds a success reply. */
export function replyOk<T>(data: T): CallReply<T> {
  return { ok: true, data };
}

/** Builds a failure reply. */
export function replyError(error: AppError): CallReply<never> {
  return { ok: false, error };
}
