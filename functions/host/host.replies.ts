/**
 * How the local host (本地主机) answers: always the call envelope of docs/domain.md §3, with the HTTP
 * status of shared/kernel/errors.ts HTTP_STATUS (ok → 200). Routes that are not functions
 * (login, uploads, the event stream) answer the same shape so the H5 page reads one format.
 */
import type { FastifyReply } from 'fastify';
import type { CallReply } from '../../shared/kernel/envelope';
import { replyError, replyOk } from '../../shared/kernel/envelope';
import type { AppError, ErrorCode, ErrorDetails } from '../../shared/kernel/errors';
import { HTTP_STATUS, appError } from '../../shared/kernel/errors';

/** HTTP status of an envelope reply. */
export function statusOf(reply: CallReply): number {
  if (!reply.ok && reply.error.details?.reason === 'storage_unavailable') return 503;
  return reply.ok ? 200 : HTTP_STATUS[reply.error.code];
}

/** Sends an envelope reply with its mapped status (a storage failure: 503, retry in a minute). */
export function sendEnvelope(reply: FastifyReply, envelope: CallReply): FastifyReply {
  const status = statusOf(envelope);
  if (status === 503) reply.header('retry-after', '60');
  return reply.code(status).send(envelope);
}

/** Sends `{ ok: true, data }`. */
export function sendOk(reply: FastifyReply, data: unknown): FastifyReply {
  return sendEnvelope(reply, replyOk(data));
}

/** Sends an AppError with its mapped status. */
export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  return sendEnvelope(reply, replyError(error));
}

/**
 * Sends an error whose HTTP status is not the code's own (413 too large, 415 wrong type):
 * the envelope code stays one of the eight, the status tells HTTP clients what happened.
 */
export function sendErrorWithStatus(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  details?: ErrorDetails,
): FastifyReply {
  return reply.code(status).send(replyError(appError(code, message, details)));
}

/** Messages for failures the HTTP layer finds before any function runs. */
export const HOST_MESSAGES = {
  bodyTooLarge: '提交的内容太大了，请精简后再试（最多 1 MB）',
  fileTooLarge: '图片太大了，请选择 10 MB 以内的图片',
  badJson: '提交的内容格式不对，请刷新页面后再试',
  badUrl: '网址格式不对，请检查后再试',
  badMediaType: '提交的格式不对，请刷新页面后再试',
  noSuchFunction: '没有这个功能',
  noSuchApi: '没有这个接口',
  badImage: '只能上传照片（JPG、PNG、WEBP 或 GIF 格式）',
  noFile: '请选择要上传的图片',
  wrongLogin: '手机号或密码不对',
  tooManyLogins: '登录尝试次数太多，请 15 分钟后再试',
  disabledAccount: '这个账号已停用，请联系村里的网格员',
  registerUnavailable: '暂时不能注册，请联系村里的网格员',
  registerThere: '请在注册页面注册：注册时要设置登录密码',
  alreadyRegistered: '这个手机号已经注册过了，请直接登录',
  wrongCurrentPassword: '原来的密码不对',
} as const;
