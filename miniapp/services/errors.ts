/**
 * How the pages tell a network failure (retry later, keep the submission) from an answer the
 * server gave (show it). Only the per-platform api clients throw NetworkError.
 */
import type { AppError as CallError } from '../../shared/kernel/errors';

export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

export function isNetworkError(thrown: unknown): thrown is NetworkError {
  return thrown instanceof Error && thrown.name === 'NetworkError';
}

/** Field name → Chinese message, from a VALIDATION_FAILED reply's `details.fields`. */
export function fieldErrors(error: CallError | null | undefined): Record<string, string> {
  const fields = (error?.details as { fields?: unknown } | undefined)?.fields;
  const out: Record<string, string> = {};
  if (Array.isArray(fields)) {
    for (const item of fields) {
      const f = item as { path?: unknown; field?: unknown; message?: unknown };
      const name = typeof f.field === 'string' ? f.field : typeof f.path === 'string' ? f.path : '';
      if (name && typeof f.message === 'string' && !(name in out)) out[name] = f.message;
    }
  } else if (fields && typeof fields === 'object') {
    for (const [name, message] of Object.entries(fields as Record<string, unknown>)) {
      if (typeof message === 'string') out[name] = message;
      else if (Array.isArray(message) && typeof message[0] === 'string') out[name] = message[0];
    }
  }
  return out;
}
