/**
 * 适老化: a villager turns on 大字模式 in the profile, and every page draws its text larger —
 * checked on the pages' own computed font sizes, not on a class name.
 */
import type { Page } from 'playwright-core';
import { useJourney } from './support/journey';

const j = useJourney();

/**
 * The rendered font size (CSS px) of the first visible element with this text class, once the
 * page has settled (a re-render can detach the element between finding and measuring it).
 */
async function fontSize(page: Page, cls: string): Promise<number> {
  await page.waitForLoadState('networkidle');
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const el = page.locator(`.screen .${cls} >> visible=true`).first();
    await el.waitFor();
    const size = await el
      .evaluate((node) => (node.isConnected ? parseFloat(getComputedStyle(node).fontSize) : NaN))
      .catch(() => NaN);
    if (Number.isFinite(size)) return size;
    await page.waitForTimeout(100);
  }
  throw new Error(`no settled .${cls} on the page`);
}

test('大字模式 enlarges the text of every page and survives a reload', async () => {
  const villager = await j.as('王秀英');
  await villager.open('/pages/index/index');
  const homeBefore = await fontSize(villager.page, 't-body');
  await villager.open('/pages/learning/index');
  const learnBefore = await fontSize(villager.page, 't-body');

  await villager.open('/pages/account/profile');
  await villager.tap('large-text-switch');
  await villager.page.locator('.screen--large >> visible=true').first().waitFor();

  await villager.open('/pages/index/index');
  await villager.page.reload(); // the choice is kept on the phone
  await villager.page.locator('.screen--large >> visible=true').first().waitFor();
  const homeAfter = await fontSize(villager.page, 't-body');
  expect(homeAfter).toBeGreaterThanOrEqual(homeBefore * 1.25);

  await villager.open('/pages/learning/index');
  const learnAfter = await fontSize(villager.page, 't-body');
  expect(learnAfter).toBeGreaterThanOrEqual(learnBefore * 1.25);

  // Tap targets stay at least 44 CSS px tall in large mode.
  await villager.open('/pages/index/index');
  const entry = await villager.byId('entry-concern').boundingBox();
  expect(entry?.height ?? 0).toBeGreaterThanOrEqual(44);
  await villager.shot('large-text-home.png');
});
