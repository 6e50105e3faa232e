/**
 * Draws the tab bar icons (miniapp/assets/tab/*.png, 96×96, grey and red) from the SVG paths
 * below with Chromium, so the PNGs can be remade: tsx scripts/assets/make-tab-icons.ts
 */
import { launchBrowser } from '../../test/e2e/support/browser';
const icons: Record<string, string> = {
  home: '<path d="M12 40 L48 12 L84 40 V84 H58 V60 H38 V84 H12 Z" fill="none" stroke="C" stroke-width="7" stroke-linejoin="round"/>',
  learn:
    '<path d="M10 20 Q30 12 48 22 Q66 12 86 20 V80 Q66 72 48 82 Q30 72 10 80 Z M48 22 V82" fill="none" stroke="C" stroke-width="7" stroke-linejoin="round"/>',
  mine: '<circle cx="48" cy="32" r="16" fill="none" stroke="C" stroke-width="7"/><path d="M14 86 Q14 56 48 56 Q82 56 82 86" fill="none" stroke="C" stroke-width="7" stroke-linecap="round"/>',
};
(async () => {
  const b = await launchBrowser();
  const p = await b.newPage({ viewport: { width: 96, height: 96 } });
  for (const [name, body] of Object.entries(icons)) {
    for (const [suffix, color] of <[string, string][]>[
      ['', '#5f5f5f'],
      ['-on', '#b3261e'],
    ]) {
      await p.setContent(
        `<html><body style="margin:0;background:transparent"><svg width="96" height="96" viewBox="0 0 96 96">${body.replace(/C/g, color)}</svg></body></html>`,
      );
      await p.screenshot({
        path: `${__dirname}/../../miniapp/assets/tab/${name}${suffix}.png`,
        omitBackground: true,
      });
    }
  }
  await b.close();
})();
