/**
 * Push on CloudBase (推送): WeChat subscribe messages (订阅消息) through
 * `cloud.openapi.subscribeMessage.send`. Which template a notice uses, and which of its
 * fields carry the notice's title, body and time, is configuration
 * (WX_SUBSCRIBE_TEMPLATES, JSON): the templates are picked per mini-program in the WeChat
 * console, so their ids and field keys are only known there.
 *
 * The task always waits in the recipient's inbox, so "not pushed" is a normal outcome
 * (`delivered: false`), not a failure: a recipient with no WeChat bound, a notice with no
 * template configured, and WeChat's 43101 (the user has not subscribed, or used up their
 * one-time subscription). Every other failure is an Err the outbox retries with backoff.
 */
import { PUSH_TIMEOUT_MS, withTimeout } from '../../runtime/timeouts';
import { z } from 'zod';
import { appError } from '../../../shared/kernel/errors';
import type { Result } from '../../../shared/kernel/result';
import { err, ok } from '../../../shared/kernel/result';
import type { Clock, Logger, PushMessage, PushSender } from '../../runtime/ports';
import type { Store } from '../../store/store.port';
import { chinaIso } from '../../../shared/calendar/china-time';
import type { MiniprogramState, SubscribeValue, WxCloudLoader } from './wx.cloud';
import { wxErrorCode, wxErrorText } from './wx.cloud';
import { ACCOUNTS } from '../../store/collections';
import { asDb } from '../../store/store.raw';

/** WeChat: the user refused, or holds no (more) subscription for this template. */
export const WX_NOT_SUBSCRIBED = 43101;

/**
 * Where a template field's value comes from: the notice's `title` or `body`, the `time` it is
 * sent, or a fixed text written after `=` (e.g. `"=请及时处理"`).
 */
const fieldSourceSchema = z.union([
  z.enum(['title', 'body', 'time']),
  z.string().regex(/^=.+$/s, { error: 'a fixed value is written "=text"' }),
]);

const templateSchema = z.object({
  templateId: z.string().min(1),
  /** Page opened from the message; `{id}` is the linked record's id. Defaults by link type. */
  page: z.string().min(1).optional(),
  /** Template field key (`thing1`, `time2` …) → its source. */
  fields: z
    .record(
      z.string().regex(/^[a-z_]+\d+$/, { error: 'a field key looks like thing1' }),
      fieldSourceSchema,
    )
    .refine((f) => Object.keys(f).length > 0, { error: 'a template needs at least one field' }),
});

/**
 * WX_SUBSCRIBE_TEMPLATES: notice template name (`task.handle_concern`), a prefix (`task.*`) or
 * `*` → the WeChat template. The most specific entry wins.
 */
export const subscribeTemplatesSchema = z.record(
  z
    .string()
    .regex(/^(\*|[a-z_]+(\.[a-z_]+)*(\.\*)?)$/, { error: 'a template name, "prefix.*" or "*"' }),
  templateSchema,
);
export type SubscribeTemplates = z.infer<typeof subscribeTemplatesSchema>;
export type SubscribeTemplate = SubscribeTemplates[string];

/** Parses WX_SUBSCRIBE_TEMPLATES; unset means none. A bad value throws: fix the deployment. */
export function parseSubscribeTemplates(raw: string | undefined): SubscribeTemplates {
  if (raw === undefined || raw.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new Error('WX_SUBSCRIBE_TEMPLATES is not JSON');
  }
  const parsed = subscribeTemplatesSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`WX_SUBSCRIBE_TEMPLATES is invalid: ${where}`);
  }
  return parsed.data;
}

/** The template for a notice: its exact name, else the longest matching `prefix.*`, else `*`. */
export function templateFor(
  templates: SubscribeTemplates,
  name: string,
): SubscribeTemplate | undefined {
  if (Object.hasOwn(templates, name)) return templates[name];
  const parts = name.split('.');
  for (let n = parts.length - 1; n >= 1; n -= 1) {
    const key = `${parts.slice(0, n).join('.')}.*`;
    if (Object.hasOwn(templates, key)) return templates[key];
  }
  return Object.hasOwn(templates, '*') ? templates['*'] : undefined;
}

/**
 * Pages a message opens when its template names none, by who receives it and the linked
 * record's type: staff land on their handling page, a villager on their own view (a clue
 * reporter on 我的, never on the prosecutor's review page).
 */
export const DEFAULT_PAGES: Readonly<
  Record<'staff' | 'villager', Readonly<Record<string, string>>>
> = {
  staff: {
    concern: 'staff/task/index?id={id}',
    booking: 'staff/room/index?bookingId={id}',
    clue: 'staff/clue/index?id={id}',
    task: 'staff/inbox/index',
  },
  villager: {
    concern: 'pages/concern/detail?id={id}',
    booking: 'pages/mediation/detail?id={id}',
    clue: 'pages/mine/index',
    task: 'pages/mine/index',
  },
};
const HOME_PAGE = 'pages/index/index';

function pageFor(
  template: SubscribeTemplate,
  link: PushMessage['link'],
  viewer: 'staff' | 'villager',
): string {
  const page =
    template.page ?? (link === null ? HOME_PAGE : (DEFAULT_PAGES[viewer][link.type] ?? HOME_PAGE));
  if (!page.includes('{id}')) return page;
  return link === null
    ? (page.split('?')[0] ?? HOME_PAGE)
    : page.replaceAll('{id}', encodeURIComponent(link.id));
}

/**
 * Longest value WeChat accepts per field type (the key without its number); longer values
 * are refused with 47003, so they are cut here. Types not listed (time, date …) are
 * formatted rather than cut.
 */
const MAX_CHARS: Readonly<Record<string, number>> = {
  thing: 20,
  name: 10,
  phrase: 5,
  symbol: 5,
  character_string: 32,
  number: 32,
  letter: 32,
  phone_number: 17,
  car_number: 8,
};

/** `2025年11月17日 09:00` (time fields) or `2025年11月17日` (date fields), China time. */
function chinaDateTime(ms: number, withTime: boolean): string {
  const iso = chinaIso(ms); // 2025-11-17T09:00:00.000+08:00
  const [y, m, d] = [iso.slice(0, 4), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
  const date = `${y}年${m}月${d}日`;
  return withTime ? `${date} ${iso.slice(11, 16)}` : date;
}

/** Fits `text` to what a field of this key's type accepts. */
export function fitValue(key: string, text: string): string {
  const type = key.replace(/\d+$/, '');
  const max = MAX_CHARS[type];
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  if (max === undefined || chars.length <= max) return chars.join('');
  return type === 'thing' ? `${chars.slice(0, max - 1).join('')}…` : chars.slice(0, max).join('');
}

function valueOf(key: string, source: string, message: PushMessage, nowMs: number): string {
  if (source.startsWith('=')) return fitValue(key, source.slice(1));
  if (source === 'time') return chinaDateTime(nowMs, !key.startsWith('date'));
  return fitValue(key, source === 'title' ? message.title : message.body);
}

export interface SubscribePushDeps {
  readonly cloud: WxCloudLoader;
  readonly store: Store;
  readonly templates: SubscribeTemplates;
  readonly miniprogramState: MiniprogramState;
  readonly clock: Clock;
  readonly log: Logger;
}

/** The CloudBase PushSender. */
export function createSubscribePush(deps: SubscribePushDeps): PushSender {
  const { log } = deps;
  return {
    async send(message: PushMessage): Promise<Result<{ delivered: boolean }>> {
      const template = templateFor(deps.templates, message.template);
      if (template === undefined) {
        log.warn(
          { outboxId: message.outboxId, template: message.template },
          'no subscribe-message template configured; the notice stays in the inbox',
        );
        return ok({ delivered: false });
      }
      const recipient = await ACCOUNTS.get(asDb(deps.store), message.recipientId);
      const touser = recipient?.status === 'active' ? recipient.wxOpenId : undefined;
      if (touser === undefined) return ok({ delivered: false });

      const nowMs = deps.clock.nowMs();
      const data: Record<string, SubscribeValue> = {};
      for (const [key, source] of Object.entries(template.fields)) {
        data[key] = { value: valueOf(key, source, message, nowMs) };
      }
      try {
        const cloud = await deps.cloud();
        await withTimeout(
          cloud.openapi.subscribeMessage.send({
            touser,
            templateId: template.templateId,
            page: pageFor(
              template,
              message.link,
              recipient?.isStaff === true ? 'staff' : 'villager',
            ),
            data,
            miniprogramState: deps.miniprogramState,
          }),
          PUSH_TIMEOUT_MS,
          'subscribeMessage.send',
        );
        return ok({ delivered: true });
      } catch (thrown) {
        if (wxErrorCode(thrown) === WX_NOT_SUBSCRIBED) return ok({ delivered: false });
        return err(
          appError('INTERNAL', undefined, {
            cause: `subscribeMessage.send failed: ${wxErrorText(thrown)}`,
          }),
        );
      }
    },
  };
}

/** WX_MINIPROGRAM_STATE: which version of the mini-program a message opens (default formal). */
export function miniprogramStateOf(raw: string | undefined): MiniprogramState {
  if (raw === undefined || raw === '') return 'formal';
  if (raw === 'developer' || raw === 'trial' || raw === 'formal') return raw;
  throw new Error(`WX_MINIPROGRAM_STATE must be developer, trial or formal, not "${raw}"`);
}
