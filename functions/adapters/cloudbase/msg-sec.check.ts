/**
 * Content check on CloudBase (内容安全): WeChat `security.msgSecCheck` version 2, for the
 * text a user submits. Anything but `suggest: 'pass'` (`risky`, or `review`: "a person should
 * look") is refused with CONTENT_REJECTED naming the field, in Chinese.
 *
 * When the check itself cannot be done (WeChat errors, quota, timeout, an answer it cannot
 * read, a caller with no OPENID) the submission is refused with a retryable INTERNAL error,
 * not let through: this is a public-service channel run by a town government, which answers
 * for what it publishes and shows to staff (WeChat requires UGC mini-programs to check user
 * text); a villager asked to press "submit" again in a minute loses nothing (the form keeps
 * the text, and `requestId` makes the retry safe), while text let through unchecked during an
 * outage cannot be taken back.
 */
import { CONTENT_CHECK_TIMEOUT_MS, withTimeout } from '../../runtime/timeouts';
import { appError } from '../../../shared/kernel/errors';
import { err, ok } from '../../../shared/kernel/result';
import type { ContentCheck, ContentCheckInput, Logger } from '../../runtime/ports';
import type { MsgSecCheckRequest, WxCloudLoader } from './wx.cloud';
import { wxErrorText } from './wx.cloud';

/** msgSecCheck v2 takes at most 2500 characters; longer text is checked in overlapping parts. */
export const MAX_CHECK_CHARS = 2500;
const OVERLAP_CHARS = 50;

/** Chinese names of the checked fields, for the refusal. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  text: '填写的内容',
  'place.text': '地点',
  comment: '评价',
  summary: '概要',
  seen: '看到的情况',
  'when.note': '时间说明',
  'party.name': '涉及的单位或个人',
  'party.description': '涉及对象的情况',
  address: '住址',
  note: '备注',
  title: '标题',
  body: '正文',
};

/** The Chinese name of a field (`tags.2` → 第 3 个标签). */
export function fieldLabel(field: string): string {
  const tag = /^tags\.(\d+)$/.exec(field);
  if (tag !== null) return `第 ${Number(tag[1]) + 1} 个标签`;
  return FIELD_LABELS[field] ?? '填写的内容';
}

/** Profile-like fields are 资料 (1), a rating is a 评论 (2), everything else a 论坛 post (3). */
const PROFILE_FIELDS = new Set(['address', 'note', 'party.name']);
function sceneOf(field: string): MsgSecCheckRequest['scene'] {
  if (PROFILE_FIELDS.has(field)) return 1;
  if (field === 'comment') return 2;
  return 3;
}

/** Splits text into parts msgSecCheck accepts; parts overlap so no word is cut unchecked. */
export function checkParts(text: string): string[] {
  const chars = [...text];
  if (chars.length <= MAX_CHECK_CHARS) return [text];
  const parts: string[] = [];
  for (let start = 0; start < chars.length; start += MAX_CHECK_CHARS - OVERLAP_CHARS) {
    parts.push(chars.slice(start, start + MAX_CHECK_CHARS).join(''));
    if (start + MAX_CHECK_CHARS >= chars.length) break;
  }
  return parts;
}

export const CHECK_UNAVAILABLE_MESSAGE = '内容安全检查暂时不可用，请稍后再提交';

function unavailable() {
  return err(
    appError('INTERNAL', CHECK_UNAVAILABLE_MESSAGE, {
      reason: 'content_check_unavailable',
      retryable: true,
    }),
  );
}

export interface MsgSecCheckDeps {
  readonly cloud: WxCloudLoader;
  readonly log: Logger;
}

/**
 * The content check of one invocation: msgSecCheck wants the OPENID of the user who wrote the
 * text (active in the last two hours), and on CloudBase that is the caller — the OPENID of
 * this call's WeChat context (null when there is none).
 */
export function createMsgSecCheck(deps: MsgSecCheckDeps, openid: string | null): ContentCheck {
  return {
    async checkText({ text, field }: ContentCheckInput) {
      if (text.trim() === '') return ok(undefined);
      if (openid === null) {
        deps.log.error({ field }, 'content check needs the caller’s OPENID; refused');
        return unavailable();
      }
      for (const content of checkParts(text)) {
        let suggest: string | undefined;
        try {
          const cloud = await deps.cloud();
          const answer = await withTimeout(
            cloud.openapi.security.msgSecCheck({
              content,
              version: 2,
              scene: sceneOf(field),
              openid,
            }),
            CONTENT_CHECK_TIMEOUT_MS,
            'msgSecCheck',
          );
          suggest = answer.result?.suggest;
          if (suggest !== undefined && suggest !== 'pass') {
            deps.log.info(
              { field, suggest, label: answer.result?.label, traceId: answer.traceId },
              'content check refused the text',
            );
          }
        } catch (thrown) {
          deps.log.error(
            { field, error: wxErrorText(thrown) },
            'content check failed; the submission is refused until it works again',
          );
          return unavailable();
        }
        if (suggest === 'pass') continue;
        if (suggest === 'risky' || suggest === 'review') {
          const label = fieldLabel(field);
          return err(
            appError('CONTENT_REJECTED', `「${label}」含有不适宜发布的内容，请修改后再提交`, {
              fields: [{ field, message: `${label}含有不适宜发布的内容，请修改` }],
            }),
          );
        }
        deps.log.error({ field, suggest }, 'content check answered something unexpected');
        return unavailable();
      }
      return ok(undefined);
    },
  };
}
