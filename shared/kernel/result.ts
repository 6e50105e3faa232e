/**
 * Expected failures are values, not exceptions: `instanceof` does not survive a
 * `callFunction` round trip, so use cases return a Result and only a function entry
 * turns an error into the call envelope's `error`.
 */
import type { AppError } from './errors';

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E = AppError> = { readonly ok: false; readonly error: E };
export type Result<T, E = AppError> = Ok<T> | Err<E>;

/** Wraps a success value. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Wraps an expected failure. */
export function err<E = AppError>(error: E): Err<E> {
  return { ok: false, error };
}
