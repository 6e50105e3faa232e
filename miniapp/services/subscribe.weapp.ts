/**
 * Subscribe-message consent (订阅消息) in WeChat. WeChat shows the consent dialog only when
 * `requestSubscribeMessage` runs synchronously inside a tap handler; after an `await` it fails
 * ("can only be invoked by user TAP gesture"). So `askForUpdates` is the first thing a tap
 * handler calls — before it submits — and the handler awaits the answer afterwards:
 * villagers when they submit a concern, a booking or a named clue; staff with the inbox's
 * 「开启新任务提醒」 button. One call asks for at most 3 templates (WeChat's limit, docs/platform.md).
 *
 * What the person answered is kept on the phone, per template: a refusal is never asked again
 * at a submission (only the person's own tap on a consent button asks again), and with
 * long-term subscriptions (政务民生 category, SUBSCRIBE_LONG_TERM) an acceptance is not asked
 * again either. A one-time subscription allows one message per acceptance, so it is asked at
 * each submission. Template ids per moment come from the build (MINIAPP_SUBSCRIBE_TEMPLATES,
 * config/index.ts); a moment without templates asks nothing, and the inbox still shows
 * everything.
 */
import Taro from '@tarojs/taro';
import type { ConsentOutcome, ConsentState, SubscribeMoment } from './subscribe.types';
import { MAX_TEMPLATES_PER_ASK } from './subscribe.types';

export type { ConsentOutcome, ConsentState, SubscribeMoment } from './subscribe.types';

const STORAGE_KEY = 'hehe.subscribe.v1';

/** Whether one acceptance lasts (long-term subscriptions) or allows one message. */
export const ACCEPTANCE_LASTS = SUBSCRIBE_LONG_TERM;

/** WeChat's answer per template: accept, reject, ban (banned by WeChat), filter (hidden). */
type Answer = 'accept' | 'reject' | 'ban' | 'filter';
type Memory = Record<string, { readonly answer: Answer; readonly at: number }>;

function remembered(): Memory {
  try {
    const raw: unknown = Taro.getStorageSync(STORAGE_KEY);
    return raw !== null && typeof raw === 'object' ? (raw as Memory) : {};
  } catch {
    return {};
  }
}

function remember(answers: Readonly<Record<string, unknown>>, ids: readonly string[]): string[] {
  const memory = { ...remembered() };
  const accepted: string[] = [];
  for (const id of ids) {
    const answer = answers[id];
    if (answer === 'accept' || answer === 'reject' || answer === 'ban' || answer === 'filter') {
      memory[id] = { answer, at: Date.now() };
      if (answer === 'accept') accepted.push(id);
    }
  }
  Taro.setStorageSync(STORAGE_KEY, memory);
  return accepted;
}

function templatesOf(moment: SubscribeMoment): string[] {
  return (SUBSCRIBE_TEMPLATES[moment] ?? []).slice(0, MAX_TEMPLATES_PER_ASK);
}

/** Whether this build has templates for the moment (no templates: no button, no dialog). */
export function canAskFor(moment: SubscribeMoment): boolean {
  return templatesOf(moment).length > 0;
}

/** What the person answered last for the moment's templates. */
export function consentState(moment: SubscribeMoment): ConsentState {
  const memory = remembered();
  const answers = templatesOf(moment).map((id) => memory[id]?.answer);
  if (answers.length > 0 && answers.every((a) => a === 'accept')) return 'accepted';
  if (answers.some((a) => a === 'reject' || a === 'ban')) return 'refused';
  return 'unknown';
}

/**
 * Asks for consent to the moment's templates. Call it synchronously in the tap handler, before
 * any `await`; await its answer afterwards. `explicit`: the person tapped a consent button, so
 * templates refused before are asked again. Never rejects: a refusal or an error means no push
 * (the inbox still shows everything).
 */
export function askForUpdates(
  moment: SubscribeMoment,
  options: { readonly explicit?: boolean } = {},
): Promise<ConsentOutcome> {
  const memory = remembered();
  const ids = templatesOf(moment).filter((id) => {
    if (options.explicit === true) return true;
    const answer = memory[id]?.answer;
    if (answer === 'reject' || answer === 'ban') return false;
    return !(SUBSCRIBE_LONG_TERM && answer === 'accept');
  });
  if (ids.length === 0) return Promise.resolve({ asked: false, accepted: [] });
  return new Promise((resolve) => {
    // Taro calls wx.requestSubscribeMessage right here, inside this synchronous run.
    Taro.requestSubscribeMessage({
      tmplIds: ids,
      entityIds: [],
      success: (res) => {
        resolve({
          asked: true,
          accepted: remember(res as unknown as Record<string, unknown>, ids),
        });
      },
      fail: () => resolve({ asked: true, accepted: [] }),
    }).catch(() => undefined);
  });
}
