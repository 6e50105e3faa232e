/**
 * Subscribe-message consent (订阅消息) in WeChat, asked at the moment it makes sense: staff
 * right after signing in (new tasks), villagers right after a submission (its progress).
 * One tap may grant up to 3 templates (docs/platform.md); a refusal is respected, never re-asked
 * in the same session. Template ids come from build-time configuration (MINIAPP_SUBSCRIBE_TEMPLATES, config/index.ts).
 */
import Taro from '@tarojs/taro';

export type SubscribeMoment = 'staffSignedIn' | 'villagerSubmitted';

const asked = new Set<SubscribeMoment>();

export async function askForUpdates(moment: SubscribeMoment): Promise<void> {
  const templates = SUBSCRIBE_TEMPLATES[moment] ?? [];
  if (templates.length === 0 || asked.has(moment)) return;
  asked.add(moment);
  try {
    await Taro.requestSubscribeMessage({ tmplIds: templates.slice(0, 3), entityIds: [] });
  } catch {
    // Refused or not supported: the inbox still shows everything.
  }
}
