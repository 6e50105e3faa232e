/**
 * A developer's look at a page: signs in (optional) and screenshots a route of the running
 * host. Usage: tsx scripts/shot.ts <baseUrl> <hashRoute> <out.png> [phone] [password]
 * e.g. tsx scripts/shot.ts http://127.0.0.1:8787 /pages/index/index /tmp/home.png 13800009001
 */
import { launchBrowser, newPhone } from '../test/e2e/support/browser';

async function main(): Promise<void> {
  const [base, route, out, phone, password = 'demo-1234'] = process.argv.slice(2);
  if (!base || !route || !out)
    throw new Error('usage: shot.ts <baseUrl> <hashRoute> <out.png> [phone] [password]');
  const browser = await launchBrowser();
  try {
    const context = await newPhone(browser, base);
    const page = await context.newPage();
    const logs: string[] = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    if (phone) {
      const res = await context.request.post(`${base}/api/auth/login`, {
        data: { phone, password },
      });
      if (!res.ok()) throw new Error(`login failed: ${res.status()} ${await res.text()}`);
    }
    await page.goto(`${base}/#${route}`);
    await page.waitForTimeout(Number(process.env.SHOT_WAIT_MS ?? 1500));
    await page.screenshot({ path: out, fullPage: true });
    for (const line of logs) console.log(line);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
