/**
 * The call envelope's error codes (docs/domain.md §3), kept in one place. Codes are stable
 * strings; messages are Chinese, written for a villager; `details` names the fields.
 */
import type { ErrorReason } from './error-reasons';

export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'CONTENT_REJECTED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** HTTP status the local host answers with for each code. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  CONTENT_REJECTED: 422,
  INTERNAL: 500,
};

/** Default Chinese message per code, used when a use case has nothing more specific to say. */
export const DEFAULT_MESSAGES: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED: '填写的内容有误，请检查后再提交',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您没有权限进行这个操作',
  NOT_FOUND: '没有找到这条记录',
  CONFLICT: '这条记录已被别人修改或已存在，请刷新后再试',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  CONTENT_REJECTED: '内容含有不适宜发布的信息，请修改后再提交',
  INTERNAL: '系统出了点问题，请稍后再试',
};

/** One field that failed validation: a dotted path (e.g. `parties.0.phone`) and a Chinese message. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface ErrorDetails {
  readonly fields?: readonly FieldError[];
  /** Which case of the code this is, for a page to react to (see error-reasons.ts). */
  readonly reason?: ErrorReason;
  readonly [key: string]: unknown;
}

export interface AppError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly details?: ErrorDetails;
}

/** Builds an AppError; without a message the code's default Chinese message is used. */
export function appError(code: ErrorCode, message?: string, details?: ErrorDetails): AppError {
  const base = { code, message: message ?? DEFAULT_MESSAGES[code] };
  return details === undefined ? base : { ...base, details };
}

/** True when `value` has the shape of an AppError (for values that crossed a process boundary). */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { code?: unknown; message?: unknown };
  return (
    typeof v.message === 'string' &&
    typeof v.code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(v.code)
  );
}
