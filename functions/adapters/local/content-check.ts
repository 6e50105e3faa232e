/**
 * Local content check (内容安全): a word list stands in for WeChat's msgSecCheck. A town can
 * add words at run time (collection `content_words`); the defaults cover obvious cases only.
 */
import { appError } from '../../../shared/kernel/errors';
import { err, ok } from '../../../shared/kernel/result';
import type { ContentCheck } from '../../runtime/ports';

/** Built-in words: scams and violence a public-service channel must not carry. */
export const DEFAULT_BLOCKED_WORDS: readonly string[] = [
  '赌博网站',
  '代开发票',
  '办证刻章',
  '枪支出售',
  '出售枪支',
  '毒品交易',
  '裸聊',
  '刷单返利',
];

/** A checker over a fixed word list (matching ignores spaces and case). */
export function createWordListCheck(
  words: readonly string[] = DEFAULT_BLOCKED_WORDS,
): ContentCheck {
  const normalized = words.map((w) => w.replace(/\s+/g, '').toLowerCase()).filter(Boolean);
  return {
    async checkText({ text, field }) {
      const haystack = text.replace(/\s+/g, '').toLowerCase();
      const hit = normalized.find((w) => haystack.includes(w));
      if (hit === undefined) return ok(undefined);
      return err(
        appError('CONTENT_REJECTED', '内容含有不适宜发布的信息，请修改后再提交', {
          fields: [{ field, message: '这段文字含有不适宜发布的词语，请修改' }],
        }),
      );
    },
  };
}
