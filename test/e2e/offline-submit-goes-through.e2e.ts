/**
 * Weak networks: a villager submits 我要说事 with no network; the app keeps it
 * (「已保存，联网后自动提交」) and sends it when the network returns — once, never twice.
 */
import { useJourney } from './support/journey';

const j = useJourney();
const TEXT = '离线测试：桥头的护栏被车撞歪了，小孩上学路过很危险';

test('a concern submitted offline is kept and goes through when the network returns', async () => {
  const villager = await j.as('王秀英');
  await villager.open('/pages/concern/new');
  await villager.tap('kind-help');
  await villager.tap('topic-other');
  await villager.fill('concern-text', TEXT);

  await villager.context.setOffline(true);
  await villager.tap('concern-submit');
  const banner = villager.byId('outbox-banner');
  await banner.waitFor();
  await expect(banner.innerText()).resolves.toContain('已保存，联网后自动提交');
  // Still on the phone after a reload while offline? The page itself needs the network to
  // load, so check the store the outbox keeps instead.
  const kept = await villager.page.evaluate(() => Object.keys(localStorage).join(','));
  expect(kept).toContain('hehe.outbox.v1');

  await villager.context.setOffline(false);
  await banner.waitFor({ state: 'detached', timeout: 20_000 });

  await villager.open('/pages/mine/index');
  await villager.page
    .locator('.mine-concern', { hasText: TEXT.slice(0, 10) })
    .first()
    .waitFor();
  await expect(
    villager.page.locator('.mine-concern', { hasText: TEXT.slice(0, 10) }).count(),
  ).resolves.toBe(1);

  // The server holds exactly one such concern (the retry carried the same requestId).
  const res = await villager.context.request.post(`${j.host.url}/api/fn/concern`, {
    data: { action: 'listMine', data: {} },
  });
  const body = (await res.json()) as {
    ok: boolean;
    data: { items: { text?: string; summary?: string }[] };
  };
  expect(body.ok).toBe(true);
  const same = body.data.items.filter((c) => JSON.stringify(c).includes(TEXT.slice(0, 10)));
  expect(same).toHaveLength(1);
  await villager.shot('offline-submit-delivered.png');
});
