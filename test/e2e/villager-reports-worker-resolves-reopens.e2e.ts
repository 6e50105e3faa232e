/**
 * A villager reports a concern with a photo → the grid worker, with the inbox open, sees it
 * arrive live (SSE), sees the photo by its signed link, accepts, starts and resolves it → the
 * villager sees the resolution and answers 部分解决 → the concern reopens. Two phones, two
 * browser contexts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';

const j = useJourney();
const TEXT = '村口的路灯坏了一个多星期，晚上老人出门看不见路';
const PHOTO = readFileSync(join(__dirname, '..', '..', 'miniapp', 'assets', 'tab', 'home.png'));

/** Answers the src of the first visible image under `selector` once it has loaded. */
async function loadedImage(page: Page, selector: string): Promise<string> {
  const handle = await page.waitForFunction(
    (sel) => {
      for (const img of document.querySelectorAll<HTMLImageElement>(`${sel} img`)) {
        if (img.offsetParent !== null && img.complete && img.naturalWidth > 0) return img.src;
      }
      return null;
    },
    selector,
    { timeout: 15_000 },
  );
  return (await handle.jsonValue()) as string;
}

test('a concern goes from the villager to the grid worker and back, and reopens on 部分解决', async () => {
  const villager = await j.as('王秀英');
  // Both grid workers of 王家庄 keep their inbox open; routing gives the task to the less busy.
  const workers = await Promise.all([j.as('彭桂芳'), j.as('曾长青')]);
  for (const w of workers) {
    await w.open('/staff/inbox/index');
    await w.byId('inbox-live').waitFor();
  }

  await villager.open('/pages/concern/new');
  await villager.tap('kind-help');
  await villager.tap('topic-other');
  await villager.fill('concern-text', TEXT);
  const chooser = villager.page.waitForEvent('filechooser');
  await villager.tap('concern-photo-add');
  await (await chooser).setFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: PHOTO });
  await loadedImage(villager.page, '.cn-photo__img');
  await villager.tap('concern-submit');
  await villager.page.waitForURL(/pages\/concern\/detail/);
  await villager.byId('concern-status').waitFor();
  await expect(villager.byId('concern-status').textContent()).resolves.toContain('已派单');
  const assigneeText = await villager.page.locator('.screen').innerText();
  const worker = workers.find((w) => assigneeText.includes(w.name));
  if (!worker) throw new Error(`the concern went to someone without a demo login: ${assigneeText}`);

  // Live: the task shows up without the worker reloading the page.
  const item = worker.page.locator('.task-item', { hasText: TEXT.slice(0, 8) });
  await item.waitFor({ timeout: 15_000 });
  await item.tap();
  await worker.page.waitForURL(/staff\/task/);
  // The villager's photo reaches the worker by a link signed for this reply.
  expect(await loadedImage(worker.page, '.sp-photos__img')).toMatch(
    /\/api\/files\/[^?]+\?e=\d+&s=/,
  );
  await worker.tap('act-accept');
  await worker.byId('act-start').waitFor();
  await worker.tap('act-start');
  await worker.byId('act-resolve').waitFor();
  await worker.tap('act-resolve');
  await worker.fill('resolve-note', '已联系电工换了新灯泡，今晚起恢复照明');
  await worker.tap('resolve-submit');
  await worker.page.getByText('等待村民评价').first().waitFor();

  await villager.page.reload();
  await villager.byId('rate-partly').waitFor();
  await expect(villager.page.locator('.screen').innerText()).resolves.toContain('换了新灯泡');
  await villager.tap('rate-partly');
  await villager.fill('rate-comment', '灯是亮了，可是另一头的路灯还不亮');
  await villager.tap('rate-submit');
  await villager.page.locator('#concern-status', { hasText: '重新办理' }).waitFor();
  await villager.shot('concern-reopened.png');
});
